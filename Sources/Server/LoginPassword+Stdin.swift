import Foundation

extension Password {
    /// The one line `--password-stdin` gives, checked (`check`): at most `bytesMax` bytes and a line end are
    /// read, so a terminal's line ends the input and a huge stream is not read to its end.
    public static func readLine(from input: FileHandle = .standardInput) throws -> String {
        var data = Data()
        while !data.contains(UInt8(ascii: "\n")) && data.count <= bytesMax + 2 {
            let chunk = input.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        let line = try firstLine(of: data)
        try check(line)
        return line
    }
}
