// The library card at the counter: the active card and its barcode, from
// the phone only. Mirrors LibraryCardStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// What the card screen shows. Mirrors `CardPhase`.
enum CardPhase: Equatable, Sendable {
    /// The phone is read.
    case loading
    /// The active card: `LibraryCardState.card`.
    case card
    /// No active card on this phone (not ordered, or not activated at the desk yet).
    case noCard
    /// The card could not be read or drawn: `LibraryCardState.error`.
    case error
}

/// The active card as shown at the counter. Mirrors `CardView`.
struct CardDetails: Equatable, Sendable {
    let cardNumber: String
    let holderName: String?
    let branchName: String?
    /// "31.12.2027"; nil when the city did not say.
    let validUntil: String?
    let symbology: String
    let payload: String
    /// The barcode as the core drew it (SVG).
    let svg: String
    /// Its bars, for drawing on a canvas; nil when the SVG holds none (then the number is shown).
    let bars: BarcodeBars?
}

/// What the card screen shows. Mirrors `LibraryCardState`.
struct LibraryCardState: Equatable {
    var phase: CardPhase
    var card: CardDetails?
    var error: ErrorKind?
}

/// The library card at the counter: the active card and its barcode, read
/// from the phone only (the core draws the Code 39 SVG) so it works without
/// reception. The listener brings the card once the desk activated it and a
/// refresh told the phone. Mirrors LibraryCardStateHolder.kt.
@MainActor
final class LibraryCardModel: ObservableObject {
    @Published private(set) var state = LibraryCardState(phase: .loading)

    /// Kotlin's `Raw`.
    private enum Raw {
        case loading
        case noCard
        case card(LibraryCard, CardBarcode)
        case failed(ErrorKind)
    }

    private var raw = Raw.loading { didSet { render() } }
    private var formats: Formats
    private var changes: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(library: Library, language: LanguageSetting) {
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        changes = Task { [weak self] in
            let stream = await Task.detached { library.changes() }.value
            for await _ in stream {
                let read = await Task.detached { Self.read(library) }.value
                guard let self else { return }
                self.raw = read
            }
        }
    }

    deinit {
        changes?.cancel()
    }

    private nonisolated static func read(_ library: Library) -> Raw {
        do {
            let card = try library.registrations()
                .first { $0.state == .active && $0.card != nil }?
                .card
            guard let card else { return .noCard }
            return .card(card, try library.barcode())
        } catch {
            return .failed(ErrorKind(error))
        }
    }

    private func render() {
        let next: LibraryCardState
        switch raw {
        case .loading:
            next = LibraryCardState(phase: .loading)
        case .noCard:
            next = LibraryCardState(phase: .noCard)
        case .failed(let error):
            next = LibraryCardState(phase: .error, error: error)
        case .card(let card, let barcode):
            next = LibraryCardState(phase: .card, card: CardDetails(
                cardNumber: card.cardNumber,
                holderName: card.holderName,
                branchName: card.branchName,
                validUntil: card.validUntil.map { formats.isoDay($0) },
                symbology: barcode.symbology,
                payload: barcode.payload,
                svg: barcode.svg,
                bars: BarcodeBars(svg: barcode.svg)
            ))
        }
        if next != state { state = next }
    }
}
