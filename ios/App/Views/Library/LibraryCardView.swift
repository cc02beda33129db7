// The library card with its barcode, for the scanner at the counter: drawn
// from the core's SVG with Canvas, the screen at full brightness while it
// shows. Works offline. Renders `LibraryCardModel.state` (Android: LibraryCardScreen).
import LeipzigCore
import SwiftUI
import UIKit

/// The active card: the barcode (black on white, also in dark mode), its
/// number to type in, the holder and the date it is valid until. The
/// screen's brightness goes up while the card shows and back to what it was
/// when it leaves or the app goes to the background.
@MainActor
struct LibraryCardView: View {
    @StateObject private var model: LibraryCardModel
    @Environment(\.scenePhase) private var scenePhase
    @StateObject private var brightness = ScreenBrightness()

    init(library: Library, language: LanguageSetting) {
        _model = StateObject(wrappedValue: LibraryCardModel(library: library, language: language))
    }

    var body: some View {
        let state = model.state
        Group {
            switch state.phase {
            case .loading:
                ProgressView()
                    .frame(maxWidth: .infinity, maxHeight: .infinity)
            case .noCard:
                StatusView(symbol: "books.vertical", title: "library.card.none", message: "library.card.none.detail")
            case .error:
                StatusView(
                    symbol: state.error?.symbol ?? "exclamationmark.triangle",
                    title: "library.card.noBarcode",
                    message: state.error?.messageKey
                )
            case .card:
                if let card = state.card { content(card) }
            }
        }
        .navigationTitle(Text("library.card.title"))
        .navigationBarTitleDisplayMode(.inline)
        .onAppear { brightness.raise() }
        .onDisappear { brightness.restore() }
        .onChange(of: scenePhase) { phase in
            if phase == .active { brightness.raise() } else { brightness.restore() }
        }
    }

    private func content(_ card: CardDetails) -> some View {
        ScrollView {
            VStack(spacing: 16) {
                VStack(spacing: 12) {
                    if let bars = card.bars {
                        BarcodeCanvas(bars: bars, payload: card.payload)
                            .frame(height: 120)
                            .frame(maxWidth: .infinity)
                    } else {
                        Label("library.card.noBarcode", systemImage: "barcode")
                            .foregroundStyle(.red)
                    }
                    // What the bars encode, for the staff to type in.
                    Text(verbatim: card.payload)
                        .font(.title3.monospaced())
                        .foregroundStyle(.black)
                        .textSelection(.enabled)
                        .accessibilityHidden(card.bars != nil)
                }
                .padding()
                .background(Color.white, in: RoundedRectangle(cornerRadius: 12))
                .overlay(RoundedRectangle(cornerRadius: 12).strokeBorder(Color.secondary.opacity(0.3)))
                VStack(spacing: 8) {
                    PaymentFact(label: "library.card.number", value: card.cardNumber)
                    if let holder = card.holderName {
                        PaymentFact(label: "library.card.holder", value: holder)
                    }
                    if let valid = card.validUntil {
                        PaymentFact(label: "library.card.validUntil", value: valid)
                    }
                    if let branch = card.branchName {
                        PaymentFact(label: "library.card.branch", value: branch)
                    }
                }
                Label("library.card.offline", systemImage: "wifi.slash")
                    .font(.footnote)
                    .foregroundStyle(.secondary)
            }
            .padding()
        }
    }
}

/// Full brightness while the card shows, the citizen's own setting again
/// afterwards (the system does not restore it by itself while the app runs).
@MainActor
final class ScreenBrightness: ObservableObject {
    private var saved: CGFloat?

    func raise() {
        if saved == nil { saved = UIScreen.main.brightness }
        UIScreen.main.brightness = 1
    }

    func restore() {
        guard let saved else { return }
        UIScreen.main.brightness = saved
        self.saved = nil
    }
}
