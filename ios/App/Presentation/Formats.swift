import Foundation

/// The languages the app speaks. German is the default; English for everyone
/// else. Mirrors `AppLanguage` in Formats.kt.
enum AppLanguage: String, CaseIterable, Identifiable, Sendable {
    case german = "de"
    case english = "en"

    /// The BCP 47 tag, also the `.lproj` name.
    var tag: String { rawValue }

    var id: String { rawValue }

    /// The locale the views localize with.
    var locale: Locale { Locale(identifier: tag) }

    /// The language for a BCP 47 tag such as `de-DE` or `en`; German when unknown.
    static func fromTag(_ tag: String?) -> AppLanguage {
        let lowered = tag?.lowercased()
        return allCases.first { lowered?.hasPrefix($0.tag) == true } ?? .german
    }
}

/// How the screens write dates, amounts and distances in one language.
///
/// Mirrors Formats.kt character for character: fixed patterns instead of the
/// platform's locale data, so Android, the JVM tests and this file print the
/// same text. Every time is Leipzig local time.
struct Formats {
    let language: AppLanguage
    private let dateTimeFormat: DateFormatter
    private let dateFormat: DateFormatter

    init(_ language: AppLanguage, zone: TimeZone = Formats.leipzig) {
        self.language = language
        let german = language == .german
        dateTimeFormat = Formats.formatter(german ? "dd.MM.yyyy, HH:mm" : "d MMM yyyy, HH:mm", zone: zone)
        dateFormat = Formats.formatter(german ? "dd.MM.yyyy" : "d MMM yyyy", zone: zone)
    }

    /// Leipzig's time zone.
    static let leipzig = TimeZone(identifier: "Europe/Berlin")!

    /// `24.11.2026, 10:15` / `24 Nov 2026, 10:15`.
    func dateTime(_ date: Date) -> String { dateTimeFormat.string(from: date) }

    /// `24.11.2026` / `24 Nov 2026`.
    func date(_ date: Date) -> String { dateFormat.string(from: date) }

    /// Euro amounts from integer cents: `1.234,50 €` / `€1,234.50`. Never floats.
    func amount(cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        // `magnitude` is a UInt64, so even Int64.min has an absolute value.
        let whole = cents.magnitude / 100
        let fraction = cents.magnitude % 100
        let fractionText = fraction < 10 ? "0\(fraction)" : "\(fraction)"
        switch language {
        case .german:
            return "\(sign)\(Formats.group(whole, separator: ".")),\(fractionText)\u{00A0}€"
        case .english:
            return "\(sign)€\(Formats.group(whole, separator: ",")).\(fractionText)"
        }
    }

    /// `850 m`, then kilometres with one decimal: `1,2 km` / `1.2 km`.
    func distance(metres: Double) -> String {
        // Half away from zero, as Kotlin's roundToLong for (non-negative) distances.
        let rounded = Int64(metres.rounded(.toNearestOrAwayFromZero))
        if rounded < 1_000 { return "\(rounded)\u{00A0}m" }
        let tenths = Int64((metres / 100).rounded(.toNearestOrAwayFromZero))
        let separator = language == .german ? "," : "."
        return "\(tenths / 10)\(separator)\(tenths % 10)\u{00A0}km"
    }

    /// Thousands groups from the right: `1234567` → `1.234.567`.
    private static func group(_ value: UInt64, separator: String) -> String {
        var digits = Array(String(value))
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(String(digits), at: 0)
        return groups.joined(separator: separator)
    }

    /// A fixed-pattern formatter. `en_US_POSIX` and the Gregorian calendar keep
    /// the output independent of the device's region and calendar settings;
    /// its month abbreviations (`Nov`, `Sep`) are the ones Java prints for `en`.
    private static func formatter(_ pattern: String, zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter
    }
}
