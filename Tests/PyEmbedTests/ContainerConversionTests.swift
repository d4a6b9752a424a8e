@testable import PyEmbed
import Testing

@Suite("Containers, typed extraction and the fallback")
struct ContainerConversionTests {
    @Test func listsAndTuplesStayDistinct() throws {
        #expect(try evaluate("x = [1, 'a', None]") == .list([.int(1), .string("a"), .none]))
        #expect(try evaluate("x = (1, (2,))") == .tuple([.int(1), .tuple([.int(2)])]))
        #expect(try evaluate("x = []") == .list([]))
        #expect(try evaluate("from collections import namedtuple\nP = namedtuple('P', 'a b')\nx = P(1, 2)") == .tuple([.int(1), .int(2)]))
        #expect(try pythonAgrees(PythonValue.tuple([.int(1), .string("a")]), "ok = value == (1, 'a')"))
        #expect(try pythonAgrees([1, 2, 3], "ok = value == [1, 2, 3] and type(value) is list"))
    }

    @Test func dictionariesKeepOrderAndAnyHashableKey() throws {
        let value = try evaluate("x = {'z': 1, 3: 'three', None: [], (1, 2): 'pair', frozenset({5}): 0.5, 'a': 2}")
        guard case let .dict(dictionary) = value else {
            Issue.record("expected dict")
            return
        }
        #expect(dictionary.map(\.key) == [
            .string("z"), .int(3), .none, .tuple([.int(1), .int(2)]), .frozenset([.int(5)]), .string("a"),
        ])
        #expect(dictionary[.int(3)] == .string("three"))
        #expect(dictionary["a"] == .int(2))
        #expect(try pythonAgrees(value, "ok = list(value) == ['z', 3, None, (1, 2), frozenset({5}), 'a'] and value[(1, 2)] == 'pair'"))
        #expect(try evaluate("from collections import OrderedDict\nx = OrderedDict(b=1, a=2)") ==
            .dict(PythonDictionary([.init(key: .string("b"), value: .int(1)), .init(key: .string("a"), value: .int(2))])))
    }

    @Test func setsAndFrozensets() throws {
        guard case let .set(members) = try evaluate("x = {3, 1, 2}") else {
            Issue.record("expected set")
            return
        }
        #expect(Set(members) == [.int(1), .int(2), .int(3)])
        guard case .frozenset = try evaluate("x = frozenset()") else {
            Issue.record("expected frozenset")
            return
        }
        #expect(try evaluate("x = {'a', 'b'}", as: Set<String>.self) == ["a", "b"])
        #expect(try pythonAgrees(Set([1, 2]), "ok = value == {1, 2} and type(value) is set"))
        #expect(try pythonAgrees(PythonValue.frozenset([.string("q")]), "ok = value == frozenset({'q'}) and type(value) is frozenset"))
    }

    @Test func typedExtraction() throws {
        #expect(try evaluate("x = list(range(5))", as: [Int].self) == [0, 1, 2, 3, 4])
        #expect(try evaluate("x = (1.5, 2)", as: [Double].self) == [1.5, 2])
        #expect(try evaluate("x = {'a': 1.5, 'b': -2.0}", as: [String: Double].self) == ["a": 1.5, "b": -2])
        #expect(try evaluate("x = {'a': [1, None]}", as: [String: [Int?]].self) == ["a": [1, nil]])
        #expect(try evaluate("x = None", as: String?.self) == nil)
        let (name, count, ratio) = try python().withGIL { gil in
            try gil.run("x = ('n', 3, 0.5)").variable("x", gil)!.decodeTuple(String.self, Int.self, Double.self)
        }
        #expect(name == "n" && count == 3 && ratio == 0.5)
    }

    @Test func typedExtractionErrorsNameTypesAndPath() throws {
        do {
            _ = try evaluate("x = {'a': [1, 2, 'three']}", as: [String: [Int]].self)
            Issue.record("no error")
        } catch let PyEmbedError.conversion(.typeMismatch(expected, actual, path)) {
            #expect(expected == "int")
            #expect(actual == "str")
            #expect(path == "x['a'][2]")
        }
        do {
            _ = try python().withGIL { gil in
                try gil.run("x = (1, 2, 3)").variable("x", gil)!.decodeTuple(Int.self, Int.self)
            }
            Issue.record("no error")
        } catch let PythonConversionError.wrongCount(expected, actual, _) {
            #expect(expected == 2 && actual == 3)
        }
        #expect(throws: PyEmbedError.self) { try evaluate("x = 'abc'", as: [String].self) }
        #expect(throws: PyEmbedError.self) { try evaluate("x = [1]", as: [String: Int].self) }
        #expect(throws: PyEmbedError.self) { try evaluate("y = 1", as: Int.self) }
    }

    @Test func unknownObjectsKeepTypeModuleAndRepr() throws {
        let value = try evaluate("""
        class Widget:
            def __repr__(self):
                return "Widget(3)"
            def __str__(self):
                return "a widget"
        x = Widget()
        """)
        #expect(value == .object(PythonOpaqueObject(typeName: "Widget", module: "__main__", repr: "Widget(3)", text: "a widget")))
        guard case let .object(fraction) = try evaluate("import fractions\nx = fractions.Fraction(1, 3)") else {
            Issue.record("expected object")
            return
        }
        #expect(fraction.module == "fractions" && fraction.typeName == "Fraction" && fraction.repr == "Fraction(1, 3)")
        guard case let .object(broken) = try evaluate("""
        class Broken:
            def __repr__(self):
                raise RuntimeError("no repr")
        x = Broken()
        """) else {
            Issue.record("expected object")
            return
        }
        #expect(broken.repr.contains("no repr"))
        #expect(throws: PyEmbedError.self) { try pythonAgrees(PythonValue.object(broken), "ok = True") }
    }

    @Test func cyclesAreErrorsNotHangs() throws {
        for code in ["x = []\nx.append(x)", "x = {}\nx['self'] = x", "x = [[1]]\nx[0].append(x)", "x = {'a': ([],)}\nx['a'][0].append(x)"] {
            do {
                _ = try evaluate(code)
                Issue.record("no error for \(code)")
            } catch let PyEmbedError.conversion(.cycle(path)) {
                #expect(path.hasPrefix("x"))
            }
        }
        // The same object twice is not a cycle.
        #expect(try evaluate("a = [1]\nx = [a, a, {'k': a}]") == .list([.list([.int(1)]), .list([.int(1)]), .dict(PythonDictionary([.init(key: .string("k"), value: .list([.int(1)]))]))]))
    }

    @Test func nestingBeyondTheLimitIsAnError() throws {
        let deep = "x = []\ny = x\nfor _ in range(\(PythonValue.defaultDepthLimit + 10)):\n    y.append([])\n    y = y[0]"
        do {
            _ = try evaluate(deep)
            Issue.record("no error")
        } catch let PyEmbedError.conversion(.tooDeep(limit, _)) {
            #expect(limit == PythonValue.defaultDepthLimit)
        }
        let fine = "x = []\ny = x\nfor _ in range(\(PythonValue.defaultDepthLimit - 1)):\n    y.append([])\n    y = y[0]"
        _ = try evaluate(fine)
    }

    @Test func swiftCollectionsBecomePython() throws {
        #expect(try pythonAgrees(["a": [1, 2], "b": []], "ok = value == {'a': [1, 2], 'b': []}"))
        #expect(try pythonAgrees([Int?.none, 1], "ok = value == [None, 1]"))
        let nested = PythonValue.dict(PythonDictionary([
            .init(key: .int(1), value: .list([.float(.infinity), .string("s"), .set([.none])])),
        ]))
        #expect(try pythonAgrees(nested, "ok = value == {1: [float('inf'), 's', {None}]}"))
    }

    @Test func unconvertedObjectsCanBeKept() throws {
        let runtime = try python()
        let object = try runtime.withGIL { gil throws(PyEmbedError) in
            try gil.run("import fractions\nx = fractions.Fraction(1, 3)").value("x", as: PythonObject.self, gil)
        }
        let text = try runtime.withGIL { gil in try object.borrow(gil).str() }
        #expect(text == "1/3")
        #expect(try pythonAgrees(object, "import fractions\nok = value == fractions.Fraction(1, 3)"))
    }
}
