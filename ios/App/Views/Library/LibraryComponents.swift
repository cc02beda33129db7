// The library screens' shared pieces: routes on the home stack, the
// registration's state badge, the barcode drawn with Canvas.
import LeipzigCore
import SwiftUI

/// Where the library screens go, pushed on the home screen's stack.
enum LibraryRoute: Hashable {
    /// Card types with fees and the order form, then the order's state.
    case overview
    /// The card with its barcode.
    case card
}

/// The library screens on a `NavigationStack` that carries `LibraryRoute`s.
/// Paying a registration's fee pushes the payments' pay screen (`pay`, on
/// the same stack, see `PaymentsDestinations`).
@MainActor
struct LibraryDestinations: ViewModifier {
    let library: Library
    let language: LanguageSetting
    /// Shows the pay screen of `subject`; `openPage`: open the payment page at once.
    let pay: (PaymentSubject, Bool) -> Void

    func body(content: Content) -> some View {
        content.navigationDestination(for: LibraryRoute.self) { route in
            switch route {
            case .overview:
                LibraryView(library: library, language: language, pay: pay)
            case .card:
                LibraryCardView(library: library, language: language)
            }
        }
    }
}

extension RegistrationState {
    var symbol: String {
        switch self {
        case .saved: return "iphone"
        case .submitted: return "paperplane"
        case .paymentPending: return "eurosign.circle"
        case .readyForIdCheck: return "person.text.rectangle"
        case .active: return "checkmark.seal.fill"
        case .rejected: return "xmark.octagon"
        }
    }

    var color: Color {
        switch self {
        case .saved: return .blue
        case .submitted, .paymentPending: return .orange
        case .readyForIdCheck: return .accentColor
        case .active: return .green
        case .rejected: return .red
        }
    }
}

/// A small capsule with the state's icon and its text (`LibraryTexts.status`,
/// not by color alone); "saved on this phone" is dashed, as in the
/// appointments and payments.
struct RegistrationStateBadge: View {
    let state: RegistrationState
    let text: String

    var body: some View {
        Label(text, systemImage: state.symbol)
            .font(.caption.weight(.semibold))
            .foregroundStyle(state.color)
            .padding(.horizontal, 8)
            .padding(.vertical, 3)
            .background(state.color.opacity(0.15), in: Capsule())
            .overlay {
                if state == .saved {
                    Capsule().strokeBorder(state.color, style: StrokeStyle(lineWidth: 1, dash: [3, 2]))
                }
            }
    }
}

/// The barcode's bars, black on white, stretched to the view's size with
/// whole-point bar edges so a scanner sees sharp ones. The white around it
/// is the quiet zone; VoiceOver reads the number instead.
struct BarcodeCanvas: View {
    let bars: BarcodeBars
    let payload: String

    var body: some View {
        Canvas { context, size in
            context.fill(Path(CGRect(origin: .zero, size: size)), with: .color(.white))
            let quiet = 10.0
            let scale = max(0, size.width - 2 * quiet) / bars.width
            for bar in bars.bars {
                let left = (quiet + bar.x * scale).rounded()
                let right = (quiet + (bar.x + bar.width) * scale).rounded()
                let rect = CGRect(x: left, y: 0, width: max(1, right - left), height: size.height)
                context.fill(Path(rect), with: .color(.black))
            }
        }
        .accessibilityElement()
        .accessibilityLabel(Text("library.card.barcode \(payload)"))
    }
}
