import ArgumentParser
import CatalogCore
import CatalogConfiguration
import CatalogReview
import CatalogStore
import Foundation

/// `review show` in a terminal: the item's facts, then each field with the shop's current copy
/// on the left and the proposal on the right, removed words as [-…-] and added ones as {+…+}.
enum ReviewText {
    static func render(_ detail: ReviewDetail, width: Int) -> String {
        let item = detail.item
        var lines = [
            "#\(item.id)  \(item.sku) [\(item.locale)]  \(item.reason)  \(item.state)\(detail.assignedTo.map { "  assigned to \($0)" } ?? "")",
            "why:     \(item.why)",
            "scores:  " + item.scores.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value))" }.joined(separator: ", "),
        ]
        if !item.suggestedEdits.isEmpty { lines.append("suggested edits: " + item.suggestedEdits.joined(separator: "; ")) }
        if let editedBy = detail.editedBy { lines.append("edited by \(editedBy)") }
        if let decidedBy = detail.decidedBy { lines.append("decided by \(decidedBy)\(detail.note.map { ": \($0)" } ?? "")") }
        if let product = detail.product {
            lines.append("attributes:")
            for code in product.attributes.keys.sorted() { lines.append("  \(code): \(product.attributes[code]!.summary)") }
        } else {
            lines.append("attributes: the product was removed from the catalog")
        }
        let column = max(20, (width - 3) / 2)
        lines.append("")
        lines.append(pad("CURRENT (published)", column) + " │ " + "PROPOSED")
        let current = detail.current.map(ReviewDesk.fields(of:))
        for (index, field) in ReviewDesk.fields(of: detail.proposed).enumerated() {
            lines.append(String(repeating: "─", count: column) + "─┼─" + String(repeating: "─", count: column))
            lines.append(pad(field.name.uppercased(), column) + " │ " + field.name.uppercased())
            let old = current?[index].text ?? ""
            let segments = TextDiff.words(from: old, to: field.text)
            let left = segments.compactMap { segment -> String? in
                switch segment.change {
                case .same: segment.text
                case .removed: "[-\(segment.text.trimmingCharacters(in: .whitespaces))-] "
                case .added: nil
                }
            }.joined()
            let right = segments.compactMap { segment -> String? in
                switch segment.change {
                case .same: segment.text
                case .added: "{+\(segment.text.trimmingCharacters(in: .whitespaces))+} "
                case .removed: nil
                }
            }.joined()
            let leftLines = detail.current == nil ? ["(nothing published yet)"] : wrap(left, column)
            let rightLines = wrap(right, column)
            for row in 0..<max(leftLines.count, rightLines.count) {
                lines.append(pad(row < leftLines.count ? leftLines[row] : "", column) + " │ " + (row < rightLines.count ? rightLines[row] : ""))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Greedy word wrap; a word longer than the column is cut.
    static func wrap(_ text: String, _ width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}

/// The document `review edit` opens in $EDITOR: one section per field; lines starting with #
/// are comments.
enum EditDocument {
    struct Fields {
        var title = ""
        var metaTitle = ""
        var metaDescription = ""
        var body = ""
    }

    static let sections = ["title", "meta title", "meta description", "body (HTML)"]

    static func render(_ detail: ReviewDetail) -> String {
        let copy = detail.proposed
        return """
            # catalogd review #\(detail.item.id): \(detail.item.sku) [\(detail.item.locale)] (\(detail.item.reason))
            # why: \(detail.item.why)
            # Edit below each == header ==. Lines starting with # are ignored. The body is HTML
            # (p, ul, ol, li, strong, em, br, h2, h3); the guardrail checks the edit when you save.
            == title ==
            \(copy.title)
            == meta title ==
            \(copy.metaTitle)
            == meta description ==
            \(copy.metaDescription)
            == body (HTML) ==
            \(copy.bodyHTML)

            """
    }

    static func parse(_ document: String) throws -> Fields {
        var values: [String: [String]] = [:]
        var section: String?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("=="), trimmed.hasSuffix("=="), trimmed.count > 4 {
                let name = trimmed.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)
                guard sections.contains(name) else { throw ReviewError(message: "unknown section '== \(name) =='; expected \(sections.map { "== \($0) ==" }.joined(separator: ", "))") }
                section = name
                values[name] = []
            } else if let section {
                values[section, default: []].append(String(line))
            }
        }
        for name in sections where values[name] == nil {
            throw ReviewError(message: "the section '== \(name) ==' is missing")
        }
        func text(_ name: String) -> String { values[name]!.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
        return Fields(title: text("title"), metaTitle: text("meta title"), metaDescription: text("meta description"), body: text("body (HTML)"))
    }
}
