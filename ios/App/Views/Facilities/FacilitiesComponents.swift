// Pieces the facility screens share: the Facilities tab with its navigation
// stack, the category names and symbols, the opening badge, the step-free
// symbol and the finder's row.
import LeipzigCore
import SwiftUI

/// Navigation value for one facility in the Facilities stack.
struct FacilityRoute: Hashable {
    let id: String
}

/// The Facilities tab: its own `NavigationStack` (back button, edge swipe)
/// over the finder, with a facility's detail pushed as a `FacilityRoute`.
/// Owns the finder's model, so filters and results survive switching tabs,
/// and "near me" with its one-shot location service.
@MainActor
struct FacilitiesTab: View {
    private let facilities: Facilities
    private let language: LanguageSetting
    @StateObject private var model: FacilitySearchModel
    @StateObject private var nearMe: NearMe

    init(facilities: Facilities, language: LanguageSetting) {
        self.facilities = facilities
        self.language = language
        _model = StateObject(wrappedValue: FacilitySearchModel(facilities: facilities, language: language))
        _nearMe = StateObject(wrappedValue: NearMe())
    }

    var body: some View {
        NavigationStack {
            FacilitiesView(model: model, nearMe: nearMe)
                .navigationDestination(for: FacilityRoute.self) { route in
                    FacilityDetailView(facilities: facilities, id: route.id, language: language)
                }
        }
    }
}

/// A category's name (singular: it labels a chip and a row) and SF Symbol.
extension FacilityCategory {
    var titleKey: LocalizedStringKey {
        switch self {
        case .buergerbuero: return "facilities.category.buergerbuero"
        case .bibliothek: return "facilities.category.bibliothek"
        case .schwimmbad: return "facilities.category.schwimmbad"
        case .kita: return "facilities.category.kita"
        case .schule: return "facilities.category.schule"
        case .museum: return "facilities.category.museum"
        }
    }

    var symbol: String {
        switch self {
        case .buergerbuero: return "building.2"
        case .bibliothek: return "books.vertical"
        case .schwimmbad: return "figure.pool.swim"
        case .kita: return "figure.and.child.holdinghands"
        case .schule: return "graduationcap"
        case .museum: return "building.columns"
        }
    }
}

extension FacilityRow {
    /// The category's name; the layer's key as is for a kind the app does not know.
    var categoryText: Text {
        category.map { Text($0.titleKey) } ?? Text(verbatim: categoryKey)
    }
}

/// Open, closed or unknown with the next change. Each differs in text, icon
/// and color (not by color alone); VoiceOver reads the text.
struct OpenBadgeView: View {
    let badge: OpenBadge
    let nextChange: String?

    var body: some View {
        Label {
            text
        } icon: {
            Image(systemName: symbol)
        }
        .font(.caption.weight(.semibold))
        .foregroundStyle(color)
        .padding(.horizontal, 8)
        .padding(.vertical, 3)
        .background(color.opacity(0.15), in: Capsule())
    }

    private var text: Text {
        switch badge {
        case .open:
            return nextChange.map { Text("facilities.badge.openUntil \($0)") } ?? Text("facilities.badge.open")
        case .closed:
            return nextChange.map { Text("facilities.badge.closedOpens \($0)") } ?? Text("facilities.badge.closed")
        case .unknown:
            return Text("facilities.badge.unknown")
        }
    }

    private var symbol: String {
        switch badge {
        case .open: return "clock.badge.checkmark"
        case .closed: return "xmark.circle"
        case .unknown: return "questionmark.circle"
        }
    }

    private var color: Color {
        switch badge {
        case .open: return .green
        case .closed: return .red
        case .unknown: return .secondary
        }
    }
}

/// Step-free access as a symbol with its meaning for VoiceOver; nothing when
/// not known. The three differ in more than color: "partly" is spelled out,
/// "not" is struck through.
struct WheelchairSymbol: View {
    let wheelchair: Wheelchair?

    var body: some View {
        if let wheelchair {
            HStack(spacing: 2) {
                Image(systemName: "figure.roll")
                    .overlay {
                        if wheelchair == .no {
                            Image(systemName: "line.diagonal")
                        }
                    }
                if wheelchair == .limited {
                    Text("facilities.wheelchair.partly")
                        .font(.caption)
                }
            }
            .foregroundStyle(wheelchair == .yes ? Color.accentColor : Color.secondary)
            .accessibilityElement()
            .accessibilityLabel(Text(wheelchair.titleKey))
        }
    }
}

/// Step-free access spelled out, for VoiceOver and the detail screen.
extension Wheelchair {
    var titleKey: LocalizedStringKey {
        switch self {
        case .yes: return "facilities.wheelchair.yes"
        case .limited: return "facilities.wheelchair.limited"
        case .no: return "facilities.wheelchair.no"
        }
    }
}

/// One facility: name, category and district, distance, address, the
/// opening badge and step-free access, read by VoiceOver as one element.
struct FacilityRowView: View {
    let row: FacilityRow

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(row.name)
                .font(.headline)
            meta
                .font(.subheadline)
                .foregroundStyle(.secondary)
            Text(row.address)
                .font(.subheadline)
                .foregroundStyle(.secondary)
            HStack(spacing: 8) {
                OpenBadgeView(badge: row.badge, nextChange: row.nextChange)
                WheelchairSymbol(wheelchair: row.wheelchair)
                    .font(.subheadline)
            }
            .padding(.top, 2)
        }
        .padding(.vertical, 2)
        .accessibilityElement(children: .combine)
    }

    /// `Bibliothek · Zentrum · 850 m entfernt`, as far as known.
    private var meta: Text {
        var text = row.categoryText
        if let district = row.district, !district.isEmpty {
            text = text + Text(verbatim: " · \(district)")
        }
        if let distance = row.distance {
            text = text + Text(verbatim: " · ") + Text("facilities.distance \(distance)")
        }
        return text
    }
}
