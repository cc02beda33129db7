import Foundation

/// A calendar day without a time or zone: the Swift twin of
/// `java.time.LocalDate`, which the Kotlin state holders use for search
/// periods and watches. Its `description` is the ISO form `2026-11-24` that
/// the core takes (what `LocalDate.toString()` prints in Kotlin).
struct LocalDate: Hashable, Comparable, CustomStringConvertible, Sendable {
    let year: Int
    let month: Int
    let day: Int

    /// A day by its numbers; not checked (use `init?(iso:)` for text).
    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `date` falls on in `zone` (Leipzig unless told).
    init(_ date: Date, in zone: TimeZone = Formats.leipzig) {
        let parts = LocalDate.calendar(zone).dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// Parses `yyyy-MM-dd` (`LocalDate.parse`); nil for anything else or a
    /// day that does not exist.
    init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        let candidate = LocalDate(year: year, month: month, day: day)
        // Round trip through the calendar: 2026-02-30 is not a day.
        guard LocalDate(candidate.startOfDay(in: LocalDate.utc), in: LocalDate.utc) == candidate else { return nil }
        self = candidate
    }

    /// Today in `zone` (Leipzig unless told), like `LocalDate.now(LEIPZIG)`.
    static func today(in zone: TimeZone = Formats.leipzig) -> LocalDate {
        LocalDate(Date(), in: zone)
    }

    /// `2026-11-24`.
    var description: String {
        String(format: "%04ld-%02ld-%02ld", year, month, day)
    }

    /// The day `days` later (earlier when negative), like `plusDays`.
    func plusDays(_ days: Int) -> LocalDate {
        let calendar = LocalDate.calendar(LocalDate.utc)
        let shifted = calendar.date(byAdding: .day, value: days, to: startOfDay(in: LocalDate.utc)) ?? startOfDay(in: LocalDate.utc)
        return LocalDate(shifted, in: LocalDate.utc)
    }

    /// Midnight at the start of this day in `zone` (`atStartOfDay(zone)`).
    func startOfDay(in zone: TimeZone = Formats.leipzig) -> Date {
        let parts = DateComponents(year: year, month: month, day: day)
        return LocalDate.calendar(zone).date(from: parts) ?? Date(timeIntervalSince1970: 0)
    }

    static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static let utc = TimeZone(identifier: "UTC")!

    /// The Gregorian calendar in `zone`, whatever the device is set to.
    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
