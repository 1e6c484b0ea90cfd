import Foundation

/// IBM PC code page 437, the only character set SIE 1–4 allows (`#FORMAT PC8`, spec 5.8).
///
/// Bytes 0x00–0x7F are ASCII; 0x80–0xFF hold the accented letters Swedish needs (å 0x86, ä 0x84,
/// ö 0x94, Å 0x8F, Ä 0x8E, Ö 0x99, é 0x82, ü 0x81) plus line drawing and a few Greek and maths signs.
/// Text is normalised to precomposed form first, so an "å" typed as "a" + combining ring encodes like "å".
public enum CP437 {
    /// The characters of bytes 0x80–0xFF in byte order (the table Python's `cp437` codec uses).
    static let upperHalf: [Unicode.Scalar] = Array(
        ("ÇüéâäàåçêëèïîìÄÅ" + "ÉæÆôöòûùÿÖÜ¢£¥₧ƒ" + "áíóúñÑªº¿⌐¬½¼¡«»" + "░▒▓│┤╡╢╖╕╣║╗╝╜╛┐"
            + "└┴┬├─┼╞╟╚╔╩╦╠═╬╧" + "╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀" + "αßΓπΣσµτΦΘΩδ∞φε∩" + "≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}").unicodeScalars)

    private static let byteOfScalar: [Unicode.Scalar: UInt8] = {
        precondition(upperHalf.count == 128, "code page 437 has 128 upper characters")
        var table: [Unicode.Scalar: UInt8] = [:]
        for (offset, scalar) in upperHalf.enumerated() { table[scalar] = UInt8(0x80 + offset) }
        return table
    }()

    /// The byte of `scalar` in code page 437, or `nil` if the code page has no such character.
    public static func byte(of scalar: Unicode.Scalar) -> UInt8? {
        scalar.isASCII ? UInt8(scalar.value) : byteOfScalar[scalar]
    }

    /// Whether every character of `text` (after precomposition) exists in code page 437.
    public static func canEncode(_ text: String) -> Bool {
        text.precomposedStringWithCanonicalMapping.unicodeScalars.allSatisfy { byte(of: $0) != nil }
    }
}
