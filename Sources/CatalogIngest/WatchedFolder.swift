public import CatalogCore
public import Foundation

/// One folder a PIM or supplier drops exports into, and how to read what lands there.
public struct WatchedFolder: Hashable, Sendable {
    public var path: URL
    /// Names the PIM the files come from; a snapshot only removes products of its own source.
    public var source: String
    /// Nil: detect each file's format from its content.
    public var format: ExportFormat?
    public var mode: ImportMode
    public var csv: AkeneoCSVReader.Options
    /// The channel (scope) whose scoped values are read, from Akeneo CSV and JSON alike.
    public var channel: String { csv.channel }
    /// Source locale codes mapped to catalog locales (BMEcat's `deu` → `de`, say).
    public var localeMap: [String: LocaleCode]
    /// The language of a Google Merchant feed's titles and descriptions (a feed has one).
    public var feedLocale: LocaleCode

    public init(path: URL, source: String, format: ExportFormat? = nil, mode: ImportMode = .snapshot, csv: AkeneoCSVReader.Options = .init(), localeMap: [String: LocaleCode] = [:], feedLocale: LocaleCode = LocaleCode("en")!) {
        self.path = path
        self.source = source
        self.format = format
        self.mode = mode
        self.csv = csv
        self.localeMap = localeMap
        self.feedLocale = feedLocale
    }

    /// The reader for `format`, configured for this folder.
    public func reader(for format: ExportFormat) -> any ExportReader {
        switch format {
        case .akeneoCSV: AkeneoCSVReader(options: csv)
        case .akeneoJSONL: AkeneoJSONLReader(channel: channel, localeMap: localeMap)
        case .bmecat: BMEcatReader(localeMap: localeMap)
        case .merchantRSS, .merchantAtom: MerchantXMLReader(format: format, locale: feedLocale)
        case .merchantJSON: MerchantJSONReader(locale: feedLocale, localeMap: localeMap)
        }
    }

    /// Maps a source's locale code, falling back to the code itself (`de_DE` → `de-DE`).
    static func locale(_ raw: String, _ map: [String: LocaleCode]) -> LocaleCode? {
        map[raw] ?? ISOLanguage.twoLetter(raw).flatMap(LocaleCode.init) ?? LocaleCode(raw)
    }
}

/// Resolves a source's locale codes as `WatchedFolder.locale` does, remembering each answer:
/// an export repeats a dozen codes millions of times.
struct LocaleResolver {
    let map: [String: LocaleCode]
    private var resolved: [String: LocaleCode?] = [:]

    init(map: [String: LocaleCode]) {
        self.map = map
    }

    mutating func locale(_ raw: String) -> LocaleCode? {
        if let known = resolved[raw] { return known }
        let locale = WatchedFolder.locale(raw, map)
        resolved[raw] = locale
        return locale
    }
}

/// ISO 639-2 language codes (BMEcat writes `deu`, `eng`) mapped to the ISO 639-1 codes
/// catalogd's locales use.
enum ISOLanguage {
    static func twoLetter(_ code: String) -> String? {
        table[code.lowercased()]
    }

    private static let table: [String: String] = [
        "eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it", "nld": "nl", "dut": "nl",
        "por": "pt", "pol": "pl", "ces": "cs", "cze": "cs", "swe": "sv", "dan": "da", "fin": "fi", "nor": "no", "nob": "nb",
        "jpn": "ja", "zho": "zh", "chi": "zh", "kor": "ko", "rus": "ru", "tur": "tr", "ell": "el", "gre": "el", "hun": "hu",
        "ron": "ro", "rum": "ro", "slk": "sk", "slo": "sk", "slv": "sl", "hrv": "hr", "bul": "bg", "ukr": "uk", "ara": "ar",
    ]
}
