@testable import CatalogPipeline
import Testing

/// The PII scanner against a labelled set; the printed figures go into the closing note.
@Suite struct PIIScannerTests {
    let scanner = PIIScanner(personNames: ["Jane Doe", "Jörg Müller"])

    /// (text, the kinds it contains, in order)
    static let labelled: [(String, [PIIFinding.Kind])] = [
        ("Contact anna.schmidt@example.com for samples.", [.email]),
        ("Mail: service@shop.co.uk.", [.email]),
        ("Call +49 30 1234567 today", [.phone]),
        ("Tel. 030 12345678", [.phone]),
        ("Ring 0044 20 7946 0958 or write to a.b@c.de", [.phone, .email]),
        ("(030) 1234-5678", [.phone]),
        ("IBAN DE89 3704 0044 0532 0130 00, thanks", [.iban]),
        ("GB82WEST12345698765432", [.iban]),
        ("FR14 2004 1010 0505 0001 3M02 606", [.iban]),
        ("Card 4111 1111 1111 1111 exp 12/29", [.paymentCard]),
        ("5500-0000-0000-0004", [.paymentCard]),
        ("Amex 378282246310005.", [.paymentCard]),
        ("Edited by Jane Doe on Monday", [.personName]),
        ("jane doe approved it", [.personName]),
        ("Freigegeben von Jörg Müller", [.personName]),
        ("EAN 4006381333931", []),
        ("Order date 2024-05-17", []),
        ("Weighs 1.200 g, 30 x 20 x 10 cm", []),
        ("Model X-200, 230V, 50Hz", []),
        ("Price 1299.00 EUR", []),
        ("DE-1234 warehouse code", []),
        ("support at example dot com", []),
        ("Item 0123.456.789", []),
        ("Version 1.2.3", []),
        ("Article 12345678901234", []),
        ("GTIN 04012345678901", []),
        ("DE89 3704 0044 0532 0130 01", []),
        ("4111 1111 1111 1112", []),
        ("Jane Doering designed it", []),
        ("@handle on social media", []),
    ]

    @Test func labelledSetPrecisionAndRecall() {
        var tally = DetectionTally()
        for (text, expected) in Self.labelled {
            let found = scanner.findings(in: text).map(\.kind)
            var remaining = expected
            for kind in found {
                if let index = remaining.firstIndex(of: kind) {
                    remaining.remove(at: index)
                    tally.truePositives += 1
                } else {
                    tally.falsePositives += 1
                    Issue.record("false positive \(kind) in: \(text)")
                }
            }
            tally.falseNegatives += remaining.count
            for kind in remaining { Issue.record("missed \(kind) in: \(text)") }
        }
        print("PII on \(Self.labelled.count) labelled texts: precision \(tally.precision), recall \(tally.recall)")
        #expect(tally.precision >= 0.95)
        #expect(tally.recall >= 0.95)
    }

    @Test func redactionKeepsTheTextAndNamesTheKind() {
        let (text, kinds) = scanner.redact("Write to jane@example.com or call +44 20 7946 0958.")
        #expect(text == "Write to [email] or call [phone].")
        #expect(kinds == [.email, .phone])
        #expect(scanner.redact("Nothing personal here.").findings.isEmpty)
    }

    @Test func checksumsAreValidated() {
        #expect(PIIScanner.ibanChecksumValid("DE89370400440532013000"))
        #expect(!PIIScanner.ibanChecksumValid("DE89370400440532013001"))
        #expect(PIIScanner.luhnValid("4111111111111111"))
        #expect(!PIIScanner.luhnValid("4111111111111112"))
    }
}
