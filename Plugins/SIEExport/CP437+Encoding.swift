import FundLedger

extension CP437 {
    /// `text` as code page 437 bytes. A character the code page lacks is an error naming it and its line,
    /// never a silent substitute: the SIE writer replaces such characters in free text before encoding
    /// (documented there), so reaching this error means a code or number would have been changed.
    public static func encode(_ text: String) throws(SIEExportError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var line = 1
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            guard let byte = byte(of: scalar) else {
                throw .notInCodePage437(character: String(scalar), codePoint: scalar.value, line: line)
            }
            if byte == 0x0A { line += 1 }
            bytes.append(byte)
        }
        return bytes
    }
}
