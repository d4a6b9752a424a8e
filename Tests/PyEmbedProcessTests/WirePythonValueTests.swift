import PyEmbedProcess
import Testing

/// Values converted from real Python objects by PyEmbed, then sent through the wire format.
@Suite("wire format: round trips of converted Python values")
struct WirePythonValueTests {
    @Test(arguments: ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                      "float16", "float32", "float64", "complex64", "complex128",
                      "datetime64[ns]", "datetime64[D]", "timedelta64[s]", "S3", "U4", "object"])
    func numpyArraysOfEveryDtypeRoundTrip(_ dtype: String) throws {
        let value = try evaluate("""
        import numpy as np
        x = (np.arange(24).reshape(2, 3, 4) % 7).astype('\(dtype)')
        """)
        guard case let .array(array) = value else {
            Issue.record("expected an array, got \(value)")
            return
        }
        #expect(array.shape == [2, 3, 4])
        expectRoundTrip(value)
    }

    @Test func numpySpecialValuesAndLayoutsRoundTrip() throws {
        let value = try evaluate("""
        import numpy as np
        x = [
            np.array([np.nan, -np.nan, np.inf, -0.0, 5e-324]),
            np.frombuffer(np.array([0x7ff0000000000001, 0xfff80000deadbeef], dtype=np.uint64).tobytes(), dtype=np.float64),
            np.array([complex(np.nan, 1), 1j], dtype=np.complex64),
            np.arange(12.0).reshape(3, 4).T,
            np.zeros((0, 3)),
            np.array(3.5),
            np.array(['2024-01-01', 'NaT'], dtype='datetime64[ms]'),
            np.datetime64('2020-02-29T12:00'),
            np.timedelta64('NaT'),
            np.float32(1.25), np.int16(-3),
            np.array([None, [1, 2], {'a': np.int64(3)}], dtype=object),
        ]
        """)
        expectRoundTrip(value)
    }

    @Test func dataFramesWithEveryColumnKindRoundTrip() throws {
        let value = try evaluate("""
        import numpy as np, pandas as pd, datetime, decimal
        x = pd.DataFrame({
            'i': np.array([1, -2, 3], dtype=np.int64),
            'u8': np.array([0, 1, 255], dtype=np.uint8),
            'f': [1.5, np.nan, -np.inf],
            'b': [True, False, True],
            'nullable_int': pd.array([1, None, 3], dtype='Int64'),
            'nullable_float': pd.array([1.5, None, 2.5], dtype='Float64'),
            'nullable_bool': pd.array([True, None, False], dtype='boolean'),
            'string': pd.array(['a', None, 'ç'], dtype='string'),
            'text': ['x', None, 'z'],
            'objects': [1, 'two', decimal.Decimal('3.0')],
            'category': pd.Categorical(['lo', 'hi', None], categories=['lo', 'hi'], ordered=True),
            'when': pd.to_datetime(['2024-01-01', None, '2024-03-01']),
            'zoned': pd.to_datetime(['2024-01-01', None, '2024-07-01']).tz_localize('Europe/Zurich'),
            'delta': pd.to_timedelta([1, None, 3], unit='s'),
            'complex': np.array([1 + 2j, 0, -1j]),
            ('tuple', 'label'): [None, datetime.date(2024, 1, 1), [1, 2]],
        }, index=pd.Index(['r0', 'r1', 'r2'], name='row'))
        """)
        guard case let .dataFrame(frame) = value else {
            Issue.record("expected a DataFrame, got \(value)")
            return
        }
        #expect(frame.columns.count == 16)
        let kinds = Set(frame.columns.map { column -> String in
            switch column.values {
            case .array: return "array"
            case .masked: return "masked"
            case .strings: return "strings"
            case .zonedDatetimes: return "zoned"
            case .categorical: return "categorical"
            case .objects: return "objects"
            }
        })
        #expect(kinds == ["array", "masked", "strings", "zoned", "categorical", "objects"])
        expectRoundTrip(value)
    }

    @Test func indexesAndSeriesRoundTrip() throws {
        let value = try evaluate("""
        import numpy as np, pandas as pd
        multi = pd.MultiIndex.from_tuples([('a', 1), ('b', 2)], names=['letter', None])
        x = [
            pd.Series([1.0, np.nan], index=multi, name='s'),
            pd.Series(['x', 'y'], index=pd.date_range('2024-01-01', periods=2, tz='UTC')),
            pd.RangeIndex(3, 30, 3, name='r'),
            pd.CategoricalIndex(['a', 'b', 'a']),
            pd.DataFrame({'v': [1, 2]}, index=pd.MultiIndex.from_arrays([[1, 2], [3.5, 4.5]])),
            pd.DataFrame(),
        ]
        """)
        expectRoundTrip(value)
    }

    @Test func standardValuesRoundTrip() throws {
        let value = try evaluate("""
        import datetime, decimal, enum, pathlib, dataclasses, zoneinfo, fractions
        class Color(enum.Enum):
            RED = 1
        class Mode(str, enum.Enum):
            FAST = 'fast'
        @dataclasses.dataclass
        class Point:
            x: float
            y: list
        class Thing:
            def to_dict(self):
                return {'k': [1, 2]}
        x = {
            'datetime': datetime.datetime(2024, 3, 31, 2, 30, 15, 123456, tzinfo=zoneinfo.ZoneInfo('Europe/Zurich')),
            'naive': datetime.datetime(1, 1, 1),
            'date': datetime.date(9999, 12, 31),
            'time': datetime.time(12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-3, minutes=-30))),
            'delta': datetime.timedelta(days=-1, microseconds=5),
            'decimal': [decimal.Decimal('1.10'), decimal.Decimal('-0'), decimal.Decimal('NaN')],
            'path': pathlib.PurePosixPath('/tmp/x.txt'),
            'enum': [Color.RED, Mode.FAST],
            'record': Point(1.5, [1, 2]),
            'to_dict': Thing(),
            'opaque': fractions.Fraction(1, 3),
            'big': [2 ** 200, -(2 ** 64), 2 ** 63 - 1, -(2 ** 63)],
            'containers': ({1, 2}, frozenset({'a'}), b'\\x00\\xff', bytearray(b'ab'), 1 + 2j, None, True),
        }
        """)
        expectRoundTrip(value)
    }

    @Test func figuresRoundTrip() throws {
        let value = try evaluate("""
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        fig, (a, b) = plt.subplots(1, 2, figsize=(4, 2), dpi=50)
        a.plot([0, 1, 2], [1.0, float('nan'), 0.5], label='signal')
        a.set_title('Signal')
        b.scatter([1, 2], [3, 4])
        x = fig
        plt.close(fig)
        """)
        guard case let .figure(figure) = value else {
            Issue.record("expected a figure, got \(value)")
            return
        }
        #expect(figure.png.count > 100)
        expectRoundTrip(value)
    }

    @Test func deeplyNestedConvertedValuesRoundTrip() throws {
        let value = try evaluate("""
        x = None
        for i in range(255):
            x = [x] if i % 2 else {'k': x}
        """)
        #expect(onThread(stack: largeStack) { roundTripProblem(value).problem } == nil)
    }
}
