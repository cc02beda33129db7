// The facility finder's rows: categories, the opening badge, one formatted
// facility, and the map links. Mirrors FacilityRows.kt (presentation module).
import Foundation
import LeipzigCore

/// The kinds of facility the finder filters by; each has its name and icon in
/// the views. Mirrors `FacilityCategory` (FacilityRows.kt).
enum FacilityCategory: String, CaseIterable, Hashable, Identifiable, Sendable {
    /// Bürgerbüro (citizens' office).
    case buergerbuero
    /// City library branch.
    case bibliothek
    /// Indoor or outdoor pool.
    case schwimmbad
    /// Kita, Hort.
    case kita
    /// School.
    case schule
    /// Museum.
    case museum

    /// The layer's key.
    var key: String { rawValue }

    var id: String { rawValue }

    /// The category of a layer's key; nil for kinds the app has no name for.
    static func of(_ key: String) -> FacilityCategory? {
        allCases.first { $0.key == key }
    }
}

/// Open now, closed, or not known — never shown as open when not known.
enum OpenBadge: Equatable, Hashable {
    case open
    case closed
    case unknown
}

/// One facility, formatted. Mirrors `FacilityRow`.
struct FacilityRow: Equatable, Hashable, Identifiable {
    let id: String
    let name: String
    /// Nil for a category the app has no name for; `categoryKey` is then shown as is.
    let category: FacilityCategory?
    let categoryKey: String
    let address: String
    let district: String?
    /// `850 m` / `1,2 km`, when searched near a place.
    let distance: String?
    let badge: OpenBadge
    /// When open: closes at; when closed: opens at (`18:00`, `Do 09:00`); nil when not known.
    let nextChange: String?
    let wheelchair: Wheelchair?
}

extension FacilityHit {
    /// The row, with "open until" / "opens" seen from `now` (the query's instant).
    func row(_ formats: Formats, now: Date) -> FacilityRow {
        let badge: OpenBadge
        switch opening.state {
        case .open: badge = .open
        case .closed: badge = .closed
        case .unknown: badge = .unknown
        }
        let change: Date?
        switch badge {
        case .open: change = opening.closesAt
        case .closed: change = opening.opensAt
        case .unknown: change = nil
        }
        return FacilityRow(
            id: facility.id,
            name: facility.name,
            category: FacilityCategory.of(facility.category),
            categoryKey: facility.category,
            address: facility.address,
            district: facility.district,
            distance: distanceM.map { formats.distance(metres: $0) },
            badge: badge,
            nextChange: change.map { formats.moment($0, now: now) },
            wheelchair: facility.wheelchair
        )
    }
}

/// `geo:` URI (RFC 5870) that map apps open with a pin and the facility's
/// name. Kotlin's `URLEncoder` then `+` → `%20`: everything but ASCII
/// letters, digits and `.-*_` is percent-encoded (UTF-8, upper-case hex).
func geoUri(lat: Double, lon: Double, name: String) -> String {
    let point = "\(fixed(lat, digits: 6)),\(fixed(lon, digits: 6))"
    let label = name.addingPercentEncoding(withAllowedCharacters: urlEncoderSafe) ?? ""
    return "geo:\(point)?q=\(point)(\(label))"
}

/// The same place on openstreetmap.org, for platforms without a map app.
func webMapUrl(lat: Double, lon: Double) -> String {
    let la = fixed(lat, digits: 5)
    let lo = fixed(lon, digits: 5)
    return "https://www.openstreetmap.org/?mlat=\(la)&mlon=\(lo)#map=18/\(la)/\(lo)"
}

/// What `java.net.URLEncoder` leaves as is.
private let urlEncoderSafe = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-*_")

/// `"%.6f".format(Locale.ROOT, value)`: a point as the decimal separator, whatever the region.
private func fixed(_ value: Double, digits: Int) -> String {
    String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value)
}
