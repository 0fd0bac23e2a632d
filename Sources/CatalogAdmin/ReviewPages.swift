import CatalogCore
import CatalogPipeline
import CatalogReview
import CatalogStore
import Foundation

/// The review queue as server-rendered HTML: no scripts, no build step, plain forms, access
/// keys for the decisions, readable on a laptop screen. Every page is a pure function of what
/// the desk returns, so the pages are tested without a server.
enum ReviewPages {
    /// Page chrome shared by every review page.
    static func page(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title)) · catalogd review</title>
        <style>
        body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem; color: #1d1d1f; }
        header { display: flex; gap: 1rem; align-items: baseline; border-bottom: 1px solid #ddd; margin-bottom: 1rem; }
        header a { color: inherit; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
        a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #0a66c2; outline-offset: 1px; }
        .diff { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.5rem; }
        .diff h3 { margin: .8rem 0 .2rem; font-size: .8rem; text-transform: uppercase; color: #666; }
        .diff div { white-space: pre-wrap; background: #fafafa; padding: .4rem .6rem; border-radius: 4px; }
        del { background: #ffd7d5; text-decoration: line-through; }
        ins { background: #c8f0cf; text-decoration: none; }
        .decide { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; align-items: flex-start; }
        .decide form { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .8rem; }
        .notice { background: #eef6ff; border: 1px solid #b6d4fe; padding: .5rem .8rem; border-radius: 4px; }
        .error { background: #fff0f0; border: 1px solid #f5b5b5; padding: .5rem .8rem; border-radius: 4px; }
        kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 .25rem; font-size: .8rem; }
        textarea { width: 100%; font: 13px/1.4 ui-monospace, monospace; }
        input[type=text] { width: 100%; box-sizing: border-box; }
        </style>
        </head>
        <body>
        <header><h1>\(esc(title))</h1><a href="/review" accesskey="l">Queue <kbd>Alt+L</kbd></a></header>
        \(body)
        </body>
        </html>
        """
    }

    /// Snapshots the mass-deletion guard held, with their decisions.
    static func holds(_ holds: [ImportSummary], form: FormContext) -> String {
        guard !holds.isEmpty else { return "" }
        return "<h2>Held imports</h2>" + holds.map { hold in
            """
            <section class="decide"><p><strong>Import #\(hold.id)</strong> · \(esc(hold.source)) · \(esc(hold.fileName))<br>\(esc(hold.heldReason ?? "held by the mass-deletion guard"))</p>
            <form method="post" action="/imports/\(hold.id)/approve">\(form.hidden)
            <label>Reviewer <input type="text" name="reviewer" value="\(esc(form.reviewer))" size="12" style="width:auto" required></label>
            <button type="submit">Apply, removals included</button></form>
            <form method="post" action="/imports/\(hold.id)/reject">\(form.hidden)
            <input type="hidden" name="reviewer" value="\(esc(form.reviewer))">
            <label>Why not <input type="text" name="note" size="24" style="width:auto" required></label>
            <button type="submit">Quarantine the file</button></form></section>
            """
        }.joined()
    }

    static func list(_ items: [ReviewItem], reason: String?, locale: String?, state: String, notice: String?, holds: String = "") -> String {
        var rows = ""
        for (index, item) in items.enumerated() {
            let confidence = item.scores["confidence"].map { String(format: "%.2f", $0) } ?? "–"
            rows += """
                <tr><td><a href="/review/\(item.id)"\(index == 0 ? " autofocus" : "")>#\(item.id)</a></td><td>\(esc(item.sku))</td><td>\(esc(item.locale))</td>\
                <td>\(esc(item.reason))</td><td>\(confidence)</td><td>\(esc(item.title ?? ""))</td><td>\(esc(item.why))</td></tr>\n
                """
        }
        let reasons = ["": "any reason"].merging(Dictionary(uniqueKeysWithValues: ReviewReason.allCases.map { ($0.rawValue, $0.rawValue) })) { a, _ in a }
        let filters = """
            <form method="get" action="/review">
            <label>Reason \(select("reason", reasons, selected: reason ?? ""))</label>
            <label>Locale <input type="text" name="locale" value="\(esc(locale ?? ""))" size="6" style="width:auto"></label>
            <label>State \(select("state", ["open": "open", "approved": "approved", "rejected": "rejected"], selected: state))</label>
            <button type="submit">Filter</button>
            </form>
            """
        let table = items.isEmpty
            ? "<p>Nothing to review.</p>"
            : "<table><thead><tr><th>Item</th><th>SKU</th><th>Locale</th><th>Reason</th><th>Confidence</th><th>Proposed title</th><th>Why</th></tr></thead><tbody>\n\(rows)</tbody></table>"
        return page("Review queue (\(items.count))", (notice.map { "<p class=\"notice\" role=\"status\">\(esc($0))</p>" } ?? "") + filters + table + holds)
    }

    static func item(_ detail: ReviewDetail, form: FormContext, notice: String? = nil, error: String? = nil) -> String {
        let item = detail.item
        var body = ""
        if let notice { body += "<p class=\"notice\" role=\"status\">\(esc(notice))</p>" }
        if let error { body += "<p class=\"error\" role=\"alert\">\(esc(error))</p>" }
        body += "<p><strong>\(esc(item.sku))</strong> [\(esc(item.locale))] · \(esc(item.reason)) · \(esc(item.state))"
        if let assigned = detail.assignedTo { body += " · assigned to \(esc(assigned))" }
        if let edited = detail.editedBy { body += " · edited by \(esc(edited))" }
        if let decided = detail.decidedBy { body += " · decided by \(esc(decided))\(detail.note.map { ": \(esc($0))" } ?? "")" }
        body += "</p><p>Why: \(esc(item.why))</p>"
        body += "<p>Scores: " + item.scores.sorted { $0.key < $1.key }.map { "\(esc($0.key)) \(String(format: "%.2f", $0.value))" }.joined(separator: " · ") + "</p>"
        if !item.suggestedEdits.isEmpty { body += "<p>Suggested edits: \(esc(item.suggestedEdits.joined(separator: "; ")))</p>" }
        if item.state == "open" { body += decisions(detail, form: form) }
        body += "<h2>Current (published) and proposed</h2><div class=\"diff\">"
        let current = detail.current.map(ReviewDesk.fields(of:))
        for (index, field) in ReviewDesk.fields(of: detail.proposed).enumerated() {
            let segments = TextDiff.words(from: current?[index].text ?? "", to: field.text)
            let left = detail.current == nil ? "<em>nothing published yet</em>" : segments.map { segment in
                switch segment.change {
                case .same: esc(segment.text)
                case .removed: "<del>\(esc(segment.text))</del>"
                case .added: ""
                }
            }.joined()
            let right = segments.map { segment in
                switch segment.change {
                case .same: esc(segment.text)
                case .added: "<ins>\(esc(segment.text))</ins>"
                case .removed: ""
                }
            }.joined()
            body += "<section><h3>Current \(esc(field.name))</h3><div>\(left)</div></section><section><h3>Proposed \(esc(field.name))</h3><div>\(right)</div></section>"
        }
        body += "</div><h2>Attributes</h2>"
        if let product = detail.product {
            body += "<table><tbody>" + product.attributes.keys.sorted().map { "<tr><th>\(esc($0))</th><td>\(esc(product.attributes[$0]!.summary))</td></tr>" }.joined() + "</tbody></table>"
        } else {
            body += "<p>The product was removed from the catalog.</p>"
        }
        return page("Review #\(item.id)", body)
    }

    static func decisions(_ detail: ReviewDetail, form: FormContext) -> String {
        let id = detail.item.id
        // A conflict is decided field by field: ticked fields keep the shop's edit.
        let keep = detail.item.reason != ReviewReason.cmsConflict.rawValue ? "" : "<fieldset><legend>Keep the shop's</legend>"
            + CopyField.allCases.map { "<label><input type=\"checkbox\" name=\"keep_\($0.rawValue)\"> \($0.rawValue.replacingOccurrences(of: "-", with: " "))</label>" }.joined(separator: " ")
            + "</fieldset>"
        return """
            <div class="decide">
            <form method="post" action="/review/\(id)/approve">\(form.hidden)
            \(keep)
            <label>Reviewer <input type="text" name="reviewer" value="\(esc(form.reviewer))" required></label>
            <button type="submit" accesskey="a" autofocus>Approve <kbd>Alt+A</kbd></button>
            </form>
            <form method="post" action="/review/\(id)/reject">\(form.hidden)
            <input type="hidden" name="reviewer" value="\(esc(form.reviewer))">
            <label>Why not <textarea name="note" rows="2" cols="40" required></textarea></label>
            <button type="submit" accesskey="r">Reject <kbd>Alt+R</kbd></button>
            </form>
            <form method="get" action="/review/\(id)/edit">
            <button type="submit" accesskey="e">Edit <kbd>Alt+E</kbd></button>
            </form>
            <form method="post" action="/review/\(id)/assign">\(form.hidden)
            <input type="hidden" name="reviewer" value="\(esc(form.reviewer))">
            <label>Assign to <input type="text" name="assignee" size="12" style="width:auto" required></label>
            <button type="submit">Assign</button>
            </form>
            </div>
            """
    }

    static func edit(_ detail: ReviewDetail, form: FormContext, error: String? = nil) -> String {
        let copy = detail.proposed
        let id = detail.item.id
        return page("Edit review #\(id)", """
            \(error.map { "<p class=\"error\" role=\"alert\">\(esc($0))</p>" } ?? "")
            <p>\(esc(detail.item.sku)) [\(esc(detail.item.locale))]. The guardrail checks the edit when you save it; approve it afterwards.
            The body allows p, ul, ol, li, strong, em, br, h2 and h3.</p>
            <form method="post" action="/review/\(id)/edit">\(form.hidden)
            <p><label>Reviewer <input type="text" name="reviewer" value="\(esc(form.reviewer))" required></label></p>
            <p><label>Title <input type="text" name="title" value="\(esc(copy.title))" required autofocus></label></p>
            <p><label>Meta title <input type="text" name="meta_title" value="\(esc(copy.metaTitle))"></label></p>
            <p><label>Meta description <input type="text" name="meta_description" value="\(esc(copy.metaDescription))"></label></p>
            <p><label>Body (HTML) <textarea name="body" rows="14">\(esc(copy.bodyHTML))</textarea></label></p>
            <p><button type="submit" accesskey="s">Save <kbd>Alt+S</kbd></button> <a href="/review/\(id)">Cancel</a></p>
            </form>
            """)
    }

    static func login(error: String?) -> String {
        page("Sign in", """
            \(error.map { "<p class=\"error\" role=\"alert\">\(esc($0))</p>" } ?? "")
            <form method="post" action="/login">
            <p><label>Admin token <input type="password" name="token" required autofocus></label></p>
            <p><button type="submit">Sign in</button></p>
            </form>
            """)
    }

    /// What every form carries: the per-process form token (against cross-site posts) and the
    /// reviewer name remembered from the last decision.
    struct FormContext {
        let token: String
        let reviewer: String

        var hidden: String { "<input type=\"hidden\" name=\"form_token\" value=\"\(esc(token))\">" }
    }

    static func select(_ name: String, _ options: [String: String], selected: String) -> String {
        "<select name=\"\(name)\">" + options.sorted { $0.key < $1.key }.map {
            "<option value=\"\(esc($0.key))\"\($0.key == selected ? " selected" : "")>\(esc($0.value))</option>"
        }.joined() + "</select>"
    }

    static func esc(_ text: String) -> String {
        HTML.escape(text)
    }

}
