// Reading amounts typed by a person or found in a document: Money.parse and its rules.

extension Money {
    /// Reads an amount typed by a person or found in a document, refusing anything that would need
    /// a guess.
    ///
    /// Accepted (the currency suffix is optional and case-insensitive; `kr` only for SEK, otherwise
    /// the currency's code, with or without a space before it):
    /// - Swedish: `1 500 000,00 kr`, `1 500 000 kr`, `1500000,50`, `1 500 000,5 kr`, with a space,
    ///   no-break space (U+00A0), narrow no-break space (U+202F) or thin space (U+2009) between
    ///   groups of three digits and a decimal comma followed by one or two digits;
    /// - plain: `1500000.00`, `1500000`, `1500000.00 SEK` (a decimal point followed by one or two
    ///   digits);
    /// - English: `1,500,000.00` (comma thousands, then a decimal point — unambiguous only because
    ///   both appear);
    /// - for SEK, as finance officers write: `1 500:-` (kronor), `15 tkr` and `1,5 mkr` (thousands and
    ///   millions of kronor; also `tsek`, `mnkr`, `msek`), exact to the öre or refused.
    ///
    /// A leading `-` or `−` (U+2212) gives a negative amount; callers that need a positive one
    /// check ``isPositive``.
    ///
    /// Rejected with ``MoneyError/unparseable(_:reason:)`` naming why: empty text; letters,
    /// exponents (`1e6`), `NaN`; `1,500` and `1.500` (thousands or decimals?); `1.500,00`
    /// (dot thousands are never accepted); several commas or dots without the other sign; more
    /// than two decimals (`1,005`, `1.005`); digit groups in the wrong place (`15 00`); a decimal
    /// sign without digits on both sides (`,50`, `100,`); a suffix of another currency (`100 EUR`
    /// when reading SEK); an amount beyond `Int64` öre.
    public static func parse(_ text: String, currency: Currency = .sek) throws(MoneyError) -> Money {
        let parser = AmountParser(text: text, currency: currency)
        return Money(ore: try parser.parse(), currency: currency)
    }
}

/// The rules of ``Money/parse(_:currency:)``, one step at a time.
struct AmountParser {
    let text: String
    let currency: Currency

    func failure(_ reason: String) -> MoneyError {
        .unparseable(text, reason: reason)
    }

    static func isGroupSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2009}"
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }

    /// How a character is named in a message: itself if visible, its code point otherwise.
    static func shown(_ scalar: Unicode.Scalar) -> String {
        if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            || scalar.properties.generalCategory == .format
        {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "\"\(scalar)\""
    }

    /// The amount in öre. Each step narrows the text or throws why it is refused, in this order:
    /// surrounding spaces, sign, `:-`, currency suffix (or `tkr`/`mkr`), stray characters, decimal
    /// sign, digit groups, range.
    func parse() throws(MoneyError) -> Int64 {
        var scalars = Self.trimmed(Substring(text).unicodeScalars)
        guard !scalars.isEmpty else { throw failure("there is nothing to read") }
        let isNegative = try takeSign(from: &scalars)
        let signText = isNegative ? "-" : ""
        try dropWholeKronorMark(from: &scalars)
        let (number, suffix) = try splitSuffix(scalars)
        if let scale = Self.scaledUnits[suffix.lowercased()] {
            guard currency == .sek else { throw failure("\"\(suffix)\" means \(scale.name) Swedish kronor, not \(currency.code)") }
            let ore = try scaled(number, by: scale.exponent, unit: suffix)
            return isNegative ? -ore : ore
        }
        try checkSuffix(suffix)
        try checkCharacters(number)
        let parts = try splitAtDecimalSign(number, signText: signText)
        let integerDigits = try checkIntegerPart(parts, signText: signText)
        return try amountInOre(integerDigits: integerDigits, fraction: parts.fraction, isNegative: isNegative)
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || AmountParser.isGroupSeparator(scalar)
    }

    /// `scalars` without the spaces around it.
    static func trimmed(_ scalars: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        var scalars = scalars
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return scalars
    }

    /// Removes a leading `-` or `−` (U+2212) and says whether there was one; digits must follow it.
    func takeSign(from scalars: inout Substring.UnicodeScalarView) throws(MoneyError) -> Bool {
        guard let first = scalars.first, first == "-" || first == "\u{2212}" else { return false }
        scalars.removeFirst()
        guard let next = scalars.first, AmountParser.isDigit(next) else {
            throw failure("the minus sign must be followed directly by digits")
        }
        return true
    }

    /// Removes a trailing `:-` ("1 500:-", whole kronor, as on a price tag or an invoice) and the
    /// spaces before it.
    func dropWholeKronorMark(from scalars: inout Substring.UnicodeScalarView) throws(MoneyError) {
        guard scalars.count >= 2, scalars.last == "-",
            scalars[scalars.index(before: scalars.index(before: scalars.endIndex))] == ":"
        else { return }
        guard currency == .sek else { throw failure("\":-\" means Swedish kronor, not \(currency.code)") }
        scalars.removeLast(2)
        while let last = scalars.last, Self.isSpace(last) { scalars.removeLast() }
    }

    /// The number and its currency suffix (the trailing run of letters, perhaps empty); the number
    /// must hold a digit.
    func splitSuffix(
        _ scalars: Substring.UnicodeScalarView
    ) throws(MoneyError) -> (number: Substring.UnicodeScalarView, suffix: String) {
        var suffixStart = scalars.endIndex
        while suffixStart > scalars.startIndex {
            let before = scalars.index(before: suffixStart)
            guard scalars[before].properties.isAlphabetic else { break }
            suffixStart = before
        }
        let suffix = String(scalars[suffixStart...])
        var number = scalars[..<suffixStart]
        while let last = number.last, Self.isSpace(last) { number.removeLast() }
        guard number.contains(where: AmountParser.isDigit) else {
            throw failure("it contains no digits")
        }
        return (number, suffix)
    }

    /// Refuses a suffix other than the currency's code (or, for SEK, `kr` and `kronor`).
    func checkSuffix(_ suffix: String) throws(MoneyError) {
        guard !suffix.isEmpty else { return }
        let upper = suffix.uppercased()
        let matches = upper == currency.code || (currency == .sek && (upper == "KR" || upper == "KRONOR"))
        guard !matches else { return }
        if let other = Currency(upper) {
            throw failure("it is in \(other.code), not \(currency.code)")
        } else if upper == "KR" {
            throw failure("\"kr\" means Swedish kronor, not \(currency.code)")
        } else {
            throw failure("unknown currency or text \"\(suffix)\"; write \(currency == .sek ? Self.acceptedSwedishForms : "1 500 000,00 \(currency.code) or 1500000.00")")
        }
    }

    /// Only digits, grouping spaces and decimal signs may remain.
    func checkCharacters(_ number: Substring.UnicodeScalarView) throws(MoneyError) {
        for scalar in number
        where !(AmountParser.isDigit(scalar) || scalar == "," || scalar == "." || AmountParser.isGroupSeparator(scalar)) {
            if scalar.properties.isAlphabetic {
                throw failure("unexpected letter \(AmountParser.shown(scalar)); write digits only, such as 1500000 or 1 500 000,00")
            }
            throw failure("unexpected character \(AmountParser.shown(scalar))")
        }
    }

    /// A number split at its decimal sign.
    struct DecimalParts {
        /// What comes before the decimal sign: all of the number when it has none.
        var integerPart: Substring.UnicodeScalarView
        /// The one or two decimals, or nothing.
        var fraction: String = ""
        /// What separates groups of three digits in `integerPart`.
        var groupSeparator: (Unicode.Scalar) -> Bool = AmountParser.isGroupSeparator
        /// The decimal sign suggestions show: `,` when the number has exactly one comma, else `.`.
        var markShown: String
    }

    /// Splits `number` at its one decimal sign, or refuses a mix of signs that would need a guess.
    func splitAtDecimalSign(_ number: Substring.UnicodeScalarView, signText: String) throws(MoneyError) -> DecimalParts {
        let commas = number.filter { $0 == "," }.count
        let dots = number.filter { $0 == "." }.count
        let hasSpaces = number.contains(where: AmountParser.isGroupSeparator)
        let digitsOnly = String(String.UnicodeScalarView(number.filter(AmountParser.isDigit)))
        let markShown = commas == 1 ? "," : "."

        if commas > 0 && dots > 0 {
            return try splitEnglishStyle(number, dots: dots, hasSpaces: hasSpaces, signText: signText, markShown: markShown)
        } else if dots > 1 {
            throw failure("a dot cannot separate thousands; write \(signText)\(digitsOnly) or \(signText)\(Self.grouped(digitsOnly))")
        } else if commas > 1 {
            throw failure("several commas; write \(signText)\(digitsOnly) or \(signText)\(Self.grouped(digitsOnly)) (a comma is only accepted as the decimal sign)")
        } else if commas == 1 || dots == 1 {
            let mark: Unicode.Scalar = commas == 1 ? "," : "."
            let markIndex = number.firstIndex(of: mark)!
            let integerPart = number[..<markIndex]
            let integerDigits = String(String.UnicodeScalarView(integerPart.filter(AmountParser.isDigit)))
            let after = number[number.index(after: markIndex)...]
            // With space grouping or a lone 0 before it, the mark can only be a decimal sign.
            let ambiguous = !hasSpaces && integerDigits != "0" && !integerDigits.isEmpty
            let fraction = try decimals(
                after: after, sign: mark == "," ? "decimal comma" : "decimal point", ambiguousIfThree: ambiguous,
                integerDigits: signText + integerDigits, mark: mark)
            return DecimalParts(integerPart: integerPart, fraction: fraction, markShown: markShown)
        } else {
            return DecimalParts(integerPart: number, markShown: markShown)
        }
    }

    /// Both commas and dots: only English style, commas between groups of three, then one decimal point.
    func splitEnglishStyle(
        _ number: Substring.UnicodeScalarView, dots: Int, hasSpaces: Bool, signText: String, markShown: String
    ) throws(MoneyError) -> DecimalParts {
        let dotIndex = number.firstIndex(of: ".")!
        let lastComma = number.lastIndex(of: ",")!
        guard dots == 1, lastComma < dotIndex, !hasSpaces else {
            let lastMark = max(number.lastIndex(of: ".")!, lastComma)
            let whole = String(String.UnicodeScalarView(number[..<lastMark].filter(AmountParser.isDigit)))
            let decimals = String(String.UnicodeScalarView(number[number.index(after: lastMark)...].filter(AmountParser.isDigit)))
            throw failure("it mixes \".\" and \",\"; a dot cannot separate thousands; write \(signText)\(whole),\(decimals) or \(signText)\(Self.grouped(whole)),\(decimals)")
        }
        let fraction = try decimals(after: number[number.index(after: dotIndex)...], sign: "decimal point", ambiguousIfThree: false)
        return DecimalParts(integerPart: number[..<dotIndex], fraction: fraction, groupSeparator: { $0 == "," }, markShown: markShown)
    }

    /// The integer part's digits: there must be some, optionally in groups of three.
    func checkIntegerPart(_ parts: DecimalParts, signText: String) throws(MoneyError) -> String {
        let integerPart = parts.integerPart
        guard !integerPart.isEmpty else {
            throw failure("there are no digits before the decimal sign; write \(signText)0\(parts.markShown)\(parts.fraction)")
        }
        let integerDigits = String(String.UnicodeScalarView(integerPart.filter(AmountParser.isDigit)))
        if integerPart.contains(where: { !AmountParser.isDigit($0) }) {
            let groups = String(integerPart).unicodeScalars.split(omittingEmptySubsequences: false, whereSeparator: parts.groupSeparator)
            let wellGrouped = groups.allSatisfy { $0.allSatisfy(AmountParser.isDigit) }
                && (1...3).contains(groups[0].count) && !(groups[0].first == "0")
                && groups.dropFirst().allSatisfy { $0.count == 3 }
            guard wellGrouped else {
                let significant = integerDigits.drop(while: { $0 == "0" })
                let plain = significant.isEmpty ? "0" : String(significant)
                let suggestion = plain.count > 3 ? "\(signText)\(plain) or \(signText)\(Self.grouped(plain))" : signText + plain
                throw failure("the thousands separators are in the wrong place; write \(suggestion)")
            }
        }
        return integerDigits
    }

    /// The value in öre, checked against the range of `Int64`.
    func amountInOre(integerDigits: String, fraction: String, isNegative: Bool) throws(MoneyError) -> Int64 {
        let tooLarge = "it is too large (amounts are limited to ±92 233 720 368 547 758,07)"
        guard integerDigits.count <= 20 else { throw failure(tooLarge) }
        var value: Int128 = 0
        for scalar in integerDigits.unicodeScalars { value = value * 10 + Int128(scalar.value - 0x30) }
        value *= 100
        if !fraction.isEmpty {
            let minor = fraction.unicodeScalars.reduce(Int128(0)) { $0 * 10 + Int128($1.value - 0x30) }
            value += fraction.unicodeScalars.count == 1 ? minor * 10 : minor
        }
        if isNegative { value = -value }
        guard let ore = Int64(exactly: value) else { throw failure(tooLarge) }
        return ore
    }

    /// Thousands and millions of kronor as finance officers write them: `15 tkr`, `1,5 mkr`.
    static let scaledUnits: [String: (exponent: Int, name: String)] = [
        "tkr": (3, "thousand"), "tsek": (3, "thousand"), "mkr": (6, "million"), "mnkr": (6, "million"), "msek": (6, "million"),
    ]

    /// The forms an amount in kronor may take, for messages.
    static let acceptedSwedishForms = "1 500 000 kr, 1 500 000,50, 1500000.50, 1 500:-, 15 tkr or 1,5 mkr"

    /// `number` (digits, optionally grouped by spaces, with one decimal comma or point) times 10^`exponent`
    /// kronor, in öre: exact, or refused when it is finer than one öre.
    func scaled(_ number: Substring.UnicodeScalarView, by exponent: Int, unit: String) throws(MoneyError) -> Int64 {
        let marks = number.filter { $0 == "," || $0 == "." }
        guard marks.count <= 1 else { throw failure("one decimal sign at most in \(unit): write 1,5 \(unit)") }
        let parts = String(number).unicodeScalars.split(separator: marks.first ?? "#", omittingEmptySubsequences: false)
        let integerText = String(String.UnicodeScalarView(parts[0]))
        let groups = integerText.unicodeScalars.split(omittingEmptySubsequences: false, whereSeparator: AmountParser.isGroupSeparator)
        let wellGrouped = groups.count == 1
            ? !groups[0].isEmpty && groups[0].allSatisfy(AmountParser.isDigit)
            : groups.allSatisfy { $0.allSatisfy(AmountParser.isDigit) } && (1...3).contains(groups[0].count)
                && groups.dropFirst().allSatisfy { $0.count == 3 }
        let fraction = parts.count == 2 ? String(String.UnicodeScalarView(parts[1])) : ""
        guard wellGrouped, fraction.unicodeScalars.allSatisfy(AmountParser.isDigit), parts.count == 1 || !fraction.isEmpty else {
            throw failure("write \(unit) amounts as 15 \(unit) or 1,5 \(unit)")
        }
        let decimalsMax = exponent + 2
        guard fraction.count <= decimalsMax else {
            throw failure("more decimals than one öre (\(decimalsMax) at most in \(unit))")
        }
        let digits = groups.map { String(String.UnicodeScalarView($0)) }.joined() + fraction
        guard digits.count + decimalsMax - fraction.count <= 20 else { throw failure("it is too large (amounts are limited to ±92 233 720 368 547 758,07)") }
        var value: Int128 = 0
        for scalar in digits.unicodeScalars { value = value * 10 + Int128(scalar.value - 0x30) }
        for _ in 0..<(decimalsMax - fraction.count) { value *= 10 }
        guard let ore = Int64(exactly: value) else { throw failure("it is too large (amounts are limited to ±92 233 720 368 547 758,07)") }
        return ore
    }

    /// The one or two decimals after a decimal sign, or why they are not acceptable.
    func decimals(
        after: Substring.UnicodeScalarView, sign: String, ambiguousIfThree: Bool, integerDigits: String = "",
        mark: Unicode.Scalar = "."
    ) throws(MoneyError) -> String {
        guard after.allSatisfy(AmountParser.isDigit) else {
            throw failure("there is a separator after the \(sign); decimals come last, such as 1 500,50")
        }
        let digits = String(String.UnicodeScalarView(after))
        switch digits.count {
        case 0:
            throw failure("there are no digits after the \(sign); write \(integerDigits.isEmpty ? "1500" : integerDigits) or \(integerDigits.isEmpty ? "1500" : integerDigits)\(mark)00")
        case 1, 2:
            return digits
        case 3 where ambiguousIfThree:
            let what = mark == "," ? "decimal comma" : "decimal point"
            var reason = "ambiguous (thousands separator or \(what)?); write \(integerDigits)\(digits)"
            if digits.hasSuffix("0") {
                reason += " or \(integerDigits)\(mark)\(digits.prefix(2))"
            } else {
                reason += ", or at most two decimals"
            }
            throw failure(reason)
        default:
            throw failure("more than two decimals; the smallest amount is one öre (0,01)")
        }
    }

    /// `digits` with a space before every group of three from the right.
    static func grouped(_ digits: String) -> String {
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(" ") }
            result.append(character)
        }
        return result
    }
}
