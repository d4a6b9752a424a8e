import PyEmbed
import Testing

/// `PythonValue.summary`: short and bounded for any size, saying what was cut.
@Suite("value summaries")
struct ValueSummaryTests {
    @Test func aMillionElementArrayGivesDtypeShapeAndFirstElements() throws {
        let summary = try evaluate("import numpy as np\nx = np.arange(1_000_000, dtype=np.float64)").summary()
        #expect(summary == "array(float64, shape (1000000,), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, … 1000000 elements])")
    }

    @Test func multiDimensionalAndTextArrays() throws {
        #expect(try evaluate("import numpy as np\nx = np.arange(6, dtype=np.int32).reshape(2, 3)").summary()
            == "array(int32, shape (2, 3), [0, 1, 2, 3, 4, 5])")
        #expect(try evaluate("import numpy as np\nx = np.array(['a', 'b'])").summary() == "array(<U1, shape (2,), ['a', 'b'])"
            || (try evaluate("import numpy as np\nx = np.array(['a', 'b'])").summary()).hasSuffix("shape (2,), ['a', 'b'])"))
    }

    @Test func maskedArraysShowTheirMask() throws {
        let summary = try evaluate("import numpy as np\nx = np.ma.masked_array(np.arange(100.0), mask=[i % 2 == 1 for i in range(100)])").summary()
        #expect(summary.hasPrefix("masked_array(float64, shape (100,), 50 masked, [0.0, --, 2.0, --, 4.0, --, … 100 elements], fill_value="))
    }

    @Test func recordArraysNameTheirFields() throws {
        let summary = try evaluate("import numpy as np\nx = np.zeros(3, dtype=[('a', 'f8'), ('b', 'i4')])").summary()
        #expect(summary.contains("shape (3,), 3 records of (a, b))"))
    }

    @Test func framesGiveShapeColumnsAndHead() throws {
        let summary = try evaluate("import pandas as pd\nx = pd.DataFrame({'t': range(10_000), 'v': [0.5] * 10_000})").summary()
        let lines = summary.split(separator: "\n").map(String.init)
        #expect(lines.first == "DataFrame(10000 rows × 2 columns: t int64, v float64)")
        #expect(lines[1] == "  t  v")
        #expect(lines[2] == "0  0  0.5")
        #expect(lines.last == "… 9995 more rows")
        #expect(lines.count == 8)
    }

    @Test func longStringsListsAndDictionariesAreCutWithTheirLength() throws {
        let text = try evaluate("x = 'a' * 100_000").summary()
        #expect(text.hasSuffix("… (100000 characters)"))
        #expect(text.count < 300)
        let list = try evaluate("x = list(range(100_000))").summary()
        #expect(list == "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (100000 items)]")
        let dict = try evaluate("x = {str(i): [i] * 100 for i in range(300)}").summary()
        #expect(dict.count <= SummaryLimits().characters + 1)
        #expect(dict.hasPrefix("{'0': [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, … (100 items)], '1': "))
    }

    @Test func everySummaryStaysWithinTheCharacterLimit() throws {
        let nested = try evaluate("x = [[['x' * 500] * 20] * 20] * 20")
        let limits = SummaryLimits(characters: 300)
        #expect(nested.summary(limits).count <= 301)
        #expect(nested.summary(limits).hasSuffix("…"))
    }

    @Test func figuresAndScalars() throws {
        let figure = try evaluate("from matplotlib.figure import Figure\nx = Figure()\nx.add_subplot().plot([1, 2])").summary()
        #expect(figure.hasPrefix("Figure(6.4×4.8 in, 100 dpi, 1 axes, "))
        #expect(try evaluate("x = 2**100").summary() == "1267650600228229401496703205376")
        #expect(try evaluate("x = {'a': 1.5, 'b': None}").summary() == "{'a': 1.5, 'b': None}")
    }
}
