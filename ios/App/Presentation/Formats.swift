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
    /// The zone every time is shown in (Leipzig).
    let zone: TimeZone
    private let dateTimeFormat: DateFormatter
    private let dateFormat: DateFormatter
    private let timeFormat: DateFormatter
    /// Gregorian in `zone`, for the weekday of a moment.
    private let calendar: Calendar

    init(_ language: AppLanguage, zone: TimeZone = Formats.leipzig) {
        self.language = language
        self.zone = zone
        let german = language == .german
        dateTimeFormat = Formats.formatter(german ? "dd.MM.yyyy, HH:mm" : "d MMM yyyy, HH:mm", zone: zone)
        dateFormat = Formats.formatter(german ? "dd.MM.yyyy" : "d MMM yyyy", zone: zone)
        timeFormat = Formats.formatter("HH:mm", zone: zone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    /// Leipzig's time zone.
    static let leipzig = TimeZone(identifier: "Europe/Berlin")!

    /// `24.11.2026, 10:15` / `24 Nov 2026, 10:15`.
    func dateTime(_ date: Date) -> String { dateTimeFormat.string(from: date) }

    /// `24.11.2026` / `24 Nov 2026`.
    func date(_ date: Date) -> String { dateFormat.string(from: date) }

    /// A calendar day: `24.11.2026` / `24 Nov 2026`.
    func day(_ date: LocalDate) -> String { dateFormat.string(from: date.startOfDay(in: zone)) }

    /// Epoch seconds (the core's slot and appointment times) as `dateTime`.
    func epoch(_ seconds: Int64) -> String { dateTime(Date(timeIntervalSince1970: TimeInterval(seconds))) }

    /// An RFC 3339 time from the city (`2026-11-24T09:15:00Z`, `…+01:00`,
    /// with or without fractions) as `dateTime`; the text as it came when it
    /// is not one. Kotlin's `timestamp`.
    func timestamp(_ rfc3339: String) -> String {
        for options in Formats.rfc3339Options {
            let parser = ISO8601DateFormatter()
            parser.formatOptions = options
            if let instant = parser.date(from: rfc3339) { return dateTime(instant) }
        }
        return rfc3339
    }

    /// A calendar day from the city (`2026-12-31`) as `day`; the text as it
    /// came when it is not one. Kotlin's `isoDay`.
    func isoDay(_ text: String) -> String {
        LocalDate(iso: text).map { day($0) } ?? text
    }

    /// A coming moment as short as it stays clear, seen from `now`: `18:00`
    /// today, `Do 09:00` / `Thu 09:00` within the next six days, else
    /// `dateTime`. For "open until" and "opens" next to a facility. Days are
    /// Leipzig days, so 00:30 on Monday is Monday's even at 23:30 UTC.
    func moment(_ instant: Date, now: Date) -> String {
        let days = Formats.days(from: LocalDate(now, in: zone), to: LocalDate(instant, in: zone))
        let time = timeFormat.string(from: instant)
        switch days {
        case 0:
            return time
        case 1...6:
            // Calendar weekdays run Sunday (1) to Saturday (7); the names Monday first.
            let index = (calendar.component(.weekday, from: instant) + 5) % 7
            return "\(weekdayNames[index]) \(time)"
        default:
            return dateTime(instant)
        }
    }

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

    /// Fixed short weekday names, Monday first (no locale data: Android and
    /// the JVM tests print the same).
    private var weekdayNames: [String] {
        switch language {
        case .german: return ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
        case .english: return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        }
    }

    /// Whole days from one calendar day to another (Kotlin's difference of
    /// `toEpochDay()`): both as midnight UTC, where every day has 24 hours.
    private static func days(from: LocalDate, to: LocalDate) -> Int {
        let seconds = to.startOfDay(in: utc).timeIntervalSince(from.startOfDay(in: utc))
        return Int((seconds / 86_400).rounded())
    }

    private static let utc = TimeZone(identifier: "UTC")!

    /// RFC 3339 without and with fractional seconds (`OffsetDateTime.parse` takes both).
    private static let rfc3339Options: [ISO8601DateFormatter.Options] = [
        [.withInternetDateTime],
        [.withInternetDateTime, .withFractionalSeconds],
    ]

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
