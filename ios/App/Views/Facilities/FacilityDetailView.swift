// One facility in full: name, kind, open or closed now with the next change,
// address with directions in Maps, the published hours and their remark,
// step-free access, and call / website. Renders `FacilityDetailModel.state`.
import LeipzigCore
import SwiftUI

/// The detail of one facility, pushed from the finder as a `FacilityRoute`.
/// Calls go through `tel:` (the system asks before dialling), the website
/// through `openURL` like every web link in the app (http/https only, see
/// `webURL`), directions through Apple Maps with openstreetmap.org as the
/// fallback when Maps is not installed. Nothing here needs a permission.
@MainActor
struct FacilityDetailView: View {
    @StateObject private var model: FacilityDetailModel
    @Environment(\.openURL) private var openURL
    @Environment(\.scenePhase) private var scenePhase
    /// No app on this device opened a link (e.g. `tel:` on an iPad without calls).
    @State private var openFailed = false

    init(facilities: Facilities, id: String, language: LanguageSetting) {
        _model = StateObject(wrappedValue: FacilityDetailModel(facilities: facilities, id: id, language: language))
    }

    var body: some View {
        content
            .navigationTitle(Text("facilities.detail.title"))
            .navigationBarTitleDisplayMode(.inline)
            .alert("facilities.detail.openFailed", isPresented: $openFailed) {
                Button("action.ok", role: .cancel) {}
            }
            // Back from the background, "open until" may have passed.
            .onChange(of: scenePhase) { phase in
                if phase == .active { model.recheck() }
            }
    }

    @ViewBuilder
    private var content: some View {
        let state = model.state
        switch state.phase {
        case .loading:
            ProgressView()
                .frame(maxWidth: .infinity, maxHeight: .infinity)
        case .notFound:
            StatusView(
                symbol: "mappin.slash",
                title: "facilities.detail.notFound.title",
                message: "facilities.detail.notFound.message"
            )
        case .error:
            let kind = state.error ?? .other
            StatusView(
                symbol: kind.symbol,
                title: "facilities.detail.error.title",
                message: kind.messageKey,
                retry: { model.recheck() }
            )
        case .content:
            if let detail = state.detail {
                details(detail)
            }
        }
    }

    private func details(_ detail: FacilityDetail) -> some View {
        List {
            Section {
                header(detail.row)
            }
            Section("facilities.detail.address") {
                Text(detail.row.address)
                    .textSelection(.enabled)
                Button {
                    directions(detail)
                } label: {
                    Label("facilities.detail.directions", systemImage: "arrow.triangle.turn.up.right.diamond")
                }
            }
            Section("facilities.detail.hours") {
                if let hours = detail.openingHours, !hours.isEmpty {
                    // The city's text as published (OpenStreetMap syntax); the badge above interprets it.
                    Text(verbatim: hours)
                        .textSelection(.enabled)
                } else {
                    Text("facilities.detail.hours.none")
                        .foregroundStyle(.secondary)
                }
                if let comment = detail.openingComment, !comment.isEmpty {
                    Text(verbatim: comment)
                        .font(.subheadline)
                        .foregroundStyle(.secondary)
                }
            }
            Section("facilities.detail.access") {
                Label(accessKey(detail.row.wheelchair), systemImage: "figure.roll")
            }
            if detail.phone.flatMap(telURL) != nil || webURL(detail.website) != nil {
                Section("facilities.detail.contact") {
                    if let phone = detail.phone, let call = telURL(phone) {
                        Button {
                            open(call)
                        } label: {
                            Label {
                                Text("facilities.detail.call \(phone)")
                            } icon: {
                                Image(systemName: "phone")
                            }
                        }
                    }
                    if let site = webURL(detail.website) {
                        Button {
                            open(site)
                        } label: {
                            Label("facilities.detail.website", systemImage: "safari")
                        }
                    }
                }
            }
        }
        .listStyle(.insetGrouped)
    }

    /// Name, kind and district, and the opening badge; read as one element.
    private func header(_ row: FacilityRow) -> some View {
        VStack(alignment: .leading, spacing: 6) {
            Text(row.name)
                .font(.title2.weight(.bold))
                .accessibilityAddTraits(.isHeader)
            meta(row)
                .font(.subheadline)
                .foregroundStyle(.secondary)
            OpenBadgeView(badge: row.badge, nextChange: row.nextChange)
        }
        .padding(.vertical, 4)
        .accessibilityElement(children: .combine)
    }

    private func meta(_ row: FacilityRow) -> Text {
        guard let district = row.district, !district.isEmpty else { return row.categoryText }
        return row.categoryText + Text(verbatim: " · \(district)")
    }

    private func accessKey(_ wheelchair: Wheelchair?) -> LocalizedStringKey {
        wheelchair?.titleKey ?? "facilities.wheelchair.unknown"
    }

    /// Directions in Apple Maps; when no app takes `maps:`, the web map.
    private func directions(_ detail: FacilityDetail) {
        let web = URL(string: detail.webMapUrl)
        guard let maps = appleMapsURL(lat: detail.lat, lon: detail.lon, name: detail.row.name) else {
            if let web { open(web) }
            return
        }
        openURL(maps) { accepted in
            guard !accepted else { return }
            if let web { open(web) } else { openFailed = true }
        }
    }

    /// Hands `url` to the system; says so when no app took it.
    private func open(_ url: URL) {
        openURL(url) { accepted in
            if !accepted { openFailed = true }
        }
    }
}

/// `maps://?daddr=lat,lon&q=name`: Apple Maps with directions to the point,
/// labelled with the name. The name is percent-encoded except for RFC 3986's
/// unreserved characters, so `&`, `=` or `+` in it cannot break the query.
func appleMapsURL(lat: Double, lon: Double, name: String) -> URL? {
    let point = "\(decimal(lat)),\(decimal(lon))"
    guard let label = name.addingPercentEncoding(withAllowedCharacters: unreserved) else { return nil }
    return URL(string: "maps://?daddr=\(point)&q=\(label)")
}

/// A `tel:` URL for a published number: digits only, a leading `+` kept and
/// the German "(0)" after a country code dropped (`+49 (0)341 123-4567` →
/// `tel:+493411234567`). Nil when there are hardly any digits.
func telURL(_ phone: String) -> URL? {
    var number = ""
    for character in phone.replacingOccurrences(of: "(0)", with: "") {
        if character.isASCII && character.isNumber {
            number.append(character)
        } else if character == "+" && number.isEmpty {
            number.append(character)
        }
    }
    guard number.filter(\.isNumber).count >= 3 else { return nil }
    return URL(string: "tel:\(number)")
}

/// RFC 3986 unreserved characters (ASCII only, unlike `CharacterSet.alphanumerics`).
private let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

/// Six decimals with a point, whatever the region (about 10 cm).
private func decimal(_ value: Double) -> String {
    String(format: "%.6f", locale: Locale(identifier: "en_US_POSIX"), value)
}
