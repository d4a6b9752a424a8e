extension NumpyDType {
    /// The dtype of a buffer whose `struct`-module format is a native-endian
    /// number (`d`, `<i`, `Zf`, `?`, …); `nil` for anything else (byte-swapped,
    /// strings, records), which numpy must describe.
    init?(bufferFormat: UnsafeMutablePointer<CChar>?, itemSize: Int) {
        guard let bufferFormat else { return nil }
        var format = Substring(String(cString: bufferFormat))
        let nativeMarks: Set<Character> = 1.littleEndian == 1 ? ["@", "=", "<", "|"] : ["@", "=", ">", "|"]
        if let first = format.first, nativeMarks.contains(first) { format = format.dropFirst() }
        switch format {
        case "?": self.init(kind: .bool, itemSize: itemSize, name: "bool")
        case "b", "h", "i", "l", "q", "n": self.init(kind: .signedInteger, itemSize: itemSize, name: "int\(itemSize * 8)")
        case "B", "H", "I", "L", "Q", "N": self.init(kind: .unsignedInteger, itemSize: itemSize, name: "uint\(itemSize * 8)")
        case "e", "f", "d": self.init(kind: .float, itemSize: itemSize, name: "float\(itemSize * 8)")
        case "Zf", "Zd": self.init(kind: .complex, itemSize: itemSize, name: "complex\(itemSize * 8)")
        default: return nil
        }
    }
}
