import Foundation

/// Personal data found in text: its kind and where, never kept beyond redaction.
public struct PIIFinding: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case email, phone, iban, paymentCard = "payment-card", personName = "person-name"
    }

    public let kind: Kind
    let range: Range<String.Index>
}

/// Finds emails, phone numbers, IBANs (mod-97 checked), payment card numbers (Luhn checked)
/// and configured person names, and redacts them. Validation keeps false positives low: an
/// EAN or an order number is not a card number unless its checksum and prefix say so.
public struct PIIScanner: Sendable {
    /// Names that must never reach a provider or a shop (the PIM's editors, say).
    public var personNames: [String]

    public init(personNames: [String] = []) {
        self.personNames = personNames.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    public func findings(in text: String) -> [PIIFinding] {
        var found: [PIIFinding] = []
        func add(_ kind: PIIFinding.Kind, _ range: Range<String.Index>) {
            guard !found.contains(where: { $0.range.overlaps(range) }) else { return }
            found.append(PIIFinding(kind: kind, range: range))
        }
        for range in emails(in: text) { add(.email, range) }
        for range in ibans(in: text) { add(.iban, range) }
        // Phone and card numbers have eight digits or more: text with fewer has neither.
        let digitCount = text.utf8.reduce(0) { $0 + ($1 >= 0x30 && $1 <= 0x39 ? 1 : 0) }
        for (range, digits) in digitCount < 8 ? [] : digitRuns(in: text) {
            if Self.isPaymentCard(digits) {
                add(.paymentCard, range)
            } else if Self.isPhone(String(text[range]), digits: digits) {
                add(.phone, range)
            }
        }
        for name in personNames {
            var from = text.startIndex
            while let range = text.range(of: name, options: [.caseInsensitive, .diacriticInsensitive], range: from..<text.endIndex) {
                from = range.upperBound
                let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
                let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
                if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { add(.personName, range) }
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The placeholder `redact` writes for `kind`.
    public static func placeholder(_ kind: PIIFinding.Kind) -> String { "[\(kind.rawValue)]" }

    /// The kinds whose placeholders `text` contains: redacted personal data, whether the
    /// output was redacted or a placeholder in the input was written out.
    public static func placeholders(in text: String) -> [PIIFinding.Kind] {
        guard text.utf8.contains(UInt8(ascii: "[")) else { return [] }
        return PIIFinding.Kind.allCases.filter { text.contains(placeholder($0)) }
    }

    /// `text` with every finding replaced by a placeholder naming its kind (`[email]`).
    public func redact(_ text: String) -> (text: String, findings: [PIIFinding.Kind]) {
        let found = findings(in: text)
        guard !found.isEmpty else { return (text, []) }
        var result = ""
        var cursor = text.startIndex
        for finding in found {
            result += text[cursor..<finding.range.lowerBound]
            result += Self.placeholder(finding.kind)
            cursor = finding.range.upperBound
        }
        result += text[cursor...]
        return (result, found.map(\.kind))
    }

    // MARK: - Kinds

    private func emails(in text: String) -> [Range<String.Index>] {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return [] }
        var ranges: [Range<String.Index>] = []
        var index = text.startIndex
        while let at = text[index...].firstIndex(of: "@") {
            index = text.index(after: at)
            let isLocal: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "._%+-".contains($0)) }
            let isDomain: (Character) -> Bool = { ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
            var start = at
            while start > text.startIndex, isLocal(text[text.index(before: start)]) { start = text.index(before: start) }
            var end = text.index(after: at)
            while end < text.endIndex, isDomain(text[end]) { end = text.index(after: end) }
            // Trailing dots belong to the sentence.
            while end > text.index(after: at), text[text.index(before: end)] == "." { end = text.index(before: end) }
            let local = text[start..<at]
            let domain = text[text.index(after: at)..<end]
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            guard !local.isEmpty, labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }),
                  let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter)
            else { continue }
            ranges.append(start..<end)
            index = end
        }
        return ranges
    }

    /// IBAN lengths per country (ISO 13616 registry, the SEPA countries and common others).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
        "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
        "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28,
        "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26, "VA": 22,
    ]

    private func ibans(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        // Every IBAN starts with two capital letters and two digits: most text has none.
        guard Self.mayContainIBAN(Array(text.utf8)) else { return [] }
        let characters = Array(text.indices)
        var position = 0
        while position + 1 < characters.count {
            let first = text[characters[position]]
            let second = text[characters[position + 1]]
            guard first.isUppercase, first.isASCII, second.isUppercase, second.isASCII,
                  position == 0 || !text[characters[position - 1]].isLetter,
                  let length = Self.ibanLengths[String([first, second])]
            else {
                position += 1
                continue
            }
            // Collect alphanumerics, allowing single spaces between groups.
            var compact = ""
            var cursor = position
            var lastTaken = position
            while cursor < characters.count, compact.count < length {
                let character = text[characters[cursor]]
                if character.isASCII, character.isLetter || character.isNumber {
                    compact.append(character)
                    lastTaken = cursor
                } else if character != " " || cursor + 1 >= characters.count || text[characters[cursor + 1]] == " " {
                    break
                }
                cursor += 1
            }
            let afterEnd = lastTaken + 1 < characters.count ? text[characters[lastTaken + 1]] : nil
            if compact.count == length, !(afterEnd?.isLetter ?? false), !(afterEnd?.isNumber ?? false), Self.ibanChecksumValid(compact) {
                ranges.append(characters[position]..<(lastTaken + 1 < characters.count ? characters[lastTaken + 1] : text.endIndex))
                position = lastTaken + 1
            } else {
                position += 1
            }
        }
        return ranges
    }

    static func mayContainIBAN(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 15 else { return false }
        func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        for index in 0..<(bytes.count - 3) where isUpper(bytes[index]) && isUpper(bytes[index + 1]) {
            if isDigit(bytes[index + 2]) && isDigit(bytes[index + 3]) { return true }
        }
        return false
    }

    /// ISO 7064 mod 97-10: move the first four characters to the end, letters to numbers.
    static func ibanChecksumValid(_ iban: String) -> Bool {
        let characters = Array(iban.uppercased())
        guard characters.count >= 15, characters[2].isNumber, characters[3].isNumber else { return false }
        var remainder = 0
        for character in characters[4...] + characters[..<4] {
            if let digit = character.wholeNumberValue {
                remainder = (remainder * 10 + digit) % 97
            } else if let ascii = character.asciiValue, character.isLetter {
                let value = Int(ascii - UInt8(ascii: "A")) + 10
                remainder = (remainder * 100 + value) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }

    /// Runs of digits joined by spaces, dashes, dots, slashes or parentheses, with a leading +.
    /// Read by unicode scalar (every mark involved is one), not by Character: grapheme
    /// breaking over whole copy is what this scan used to spend its time on.
    private func digitRuns(in text: String) -> [(Range<String.Index>, String)] {
        let scalars = text.unicodeScalars
        func isNumber(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.numericType != nil }
        func isJoiner(_ scalar: Unicode.Scalar) -> Bool { " -./()+\u{00A0}".unicodeScalars.contains(scalar) }
        var runs: [(Range<String.Index>, String)] = []
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let following = scalars.index(after: index)
            let startsRun = scalar.isASCIIDigit || ((scalar == "+" || scalar == "(") && following < scalars.endIndex && isNumber(scalars[following]))
            guard startsRun else {
                index = following
                continue
            }
            // The scalar before is read only where a run could start: most scalars are letters.
            if index != scalars.startIndex {
                let previous = scalars[scalars.index(before: index)]
                guard !previous.isLetterOrMark && !isNumber(previous) else {
                    index = following
                    continue
                }
            }
            var end = index
            var digits = ""
            var lastDigitEnd = index
            while end < scalars.endIndex {
                let next = scalars[end]
                let afterNext = scalars.index(after: end)
                if next.isASCIIDigit {
                    digits.unicodeScalars.append(next)
                    lastDigitEnd = afterNext
                } else if !isJoiner(next) || (next == " " && afterNext < scalars.endIndex && scalars[afterNext] == " ") {
                    break
                }
                end = afterNext
            }
            if lastDigitEnd < scalars.endIndex, scalars[lastDigitEnd].isLetterOrMark {
                // Glued to a word: a model number or a measurement ("230V"), not a number.
                index = lastDigitEnd
                continue
            }
            runs.append((index..<lastDigitEnd, digits))
            index = lastDigitEnd > index ? lastDigitEnd : following
        }
        return runs
    }

    /// A known issuer's prefix with that issuer's length, and a valid Luhn checksum.
    static func isPaymentCard(_ digits: String) -> Bool {
        let count = digits.count
        let prefix2 = Int(digits.prefix(2)) ?? 0
        let prefix4 = Int(digits.prefix(4)) ?? 0
        let issuer: Bool
        switch count {
        case 15: issuer = prefix2 == 34 || prefix2 == 37  // American Express
        case 16: issuer = digits.hasPrefix("4") || (51...55).contains(prefix2) || (2221...2720).contains(prefix4)
            || digits.hasPrefix("6011") || digits.hasPrefix("65") || (3528...3589).contains(prefix4)
        case 17...19: issuer = digits.hasPrefix("4") || digits.hasPrefix("6011") || digits.hasPrefix("65") || (3528...3589).contains(prefix4)
        default: issuer = false  // 13-digit Visa cards are long gone, and EANs look like them
        }
        return issuer && luhnValid(digits)
    }

    static func luhnValid(_ digits: String) -> Bool {
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            guard var digit = character.wholeNumberValue else { return false }
            if offset % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum % 10 == 0
    }

    /// International (+49 …) or national (0…) numbers of 8–15 digits written with phone-like
    /// grouping; a bare 13-digit EAN or a date is not a phone number.
    static func isPhone(_ written: String, digits: String) -> Bool {
        guard (8...15).contains(digits.count) else { return false }
        if written.hasPrefix("+") || written.hasPrefix("00") { return true }
        let separators = written.filter { " -/().".contains($0) }
        guard written.hasPrefix("0") || written.hasPrefix("(0") else { return false }
        // National numbers need grouping; dotted dates and decimal numbers are excluded.
        return !separators.isEmpty && !separators.allSatisfy({ $0 == "." })
    }
}
