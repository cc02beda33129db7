// The payments screens' shared pieces: routes on the home stack, the return
// link's way to the pay screen, status badges, the receipt's PDF and file.
import LeipzigCore
import PDFKit
import SwiftUI
import UniformTypeIdentifiers

/// Where the payments screens go, pushed on the home screen's stack.
enum PaymentsRoute: Hashable {
    /// "What I owe".
    case fees
    /// Paying a fee or notice (or seeing that it is paid).
    case pay(subject: PaymentSubject)
    /// Paying that was just started elsewhere (a notice's "pay",
    /// `Notices.pay`): the pay screen finds the payment and, with
    /// `openPage`, opens its page once.
    case started(subject: PaymentSubject, openPage: Bool)
    /// Following the payment whose return link opened the app.
    case returned(link: String)
    /// "My payments".
    case payments
    /// The receipt of a paid payment (the app's id).
    case receipt(paymentId: String)
}

/// Hands a payment return link to the pay screen that waits for it — the
/// one showing, whose page may still be open (the payment finished in Safari
/// after a banking app, and Safari opened the link) — or says that none
/// does, so the caller opens a new pay screen on it.
@MainActor
final class PaymentLinks {
    /// The pay screen showing, set while it is on screen.
    private weak var active: PaymentModel?

    /// A pay screen appeared.
    func show(_ model: PaymentModel) {
        active = model
    }

    /// A pay screen disappeared.
    func hide(_ model: PaymentModel) {
        if active === model { active = nil }
    }

    /// Gives `link` to the pay screen showing when it follows a payment (or
    /// is starting one), closing its page first (the page's own end then
    /// changes nothing). False when no pay screen takes it.
    func deliver(_ link: DeepLink, authenticator: WebAuthenticator) -> Bool {
        guard let active else { return false }
        let state = active.state
        guard state.paymentId != nil || state.phase == .saving else { return false }
        if state.phase == .openPage { authenticator.cancel() }
        active.onReturn(link.url.absoluteString)
        return true
    }
}

/// The payments screens on a `NavigationStack` that carries `PaymentsRoute`s.
@MainActor
struct PaymentsDestinations: ViewModifier {
    let payments: Payments
    let language: LanguageSetting
    let authenticator: WebAuthenticator
    let links: PaymentLinks

    func body(content: Content) -> some View {
        content.navigationDestination(for: PaymentsRoute.self) { route in
            switch route {
            case .fees:
                FeesView(payments: payments, language: language)
            case .pay(let subject):
                PayView(payments: payments, language: language, subject: subject, authenticator: authenticator, links: links)
            case .started(let subject, let openPage):
                PayView(
                    payments: payments,
                    language: language,
                    subject: subject,
                    openPage: openPage,
                    authenticator: authenticator,
                    links: links
                )
            case .returned(let link):
                PayView(payments: payments, language: language, returnLink: link, authenticator: authenticator, links: links)
            case .payments:
                PaymentsListView(payments: payments, language: language)
            case .receipt(let paymentId):
                ReceiptView(payments: payments, paymentId: paymentId, language: language)
            }
        }
    }
}

extension PaymentStatus {
    var titleKey: LocalizedStringKey {
        switch self {
        case .saved: return "payments.status.saved"
        case .open: return "payments.status.open"
        case .debitPending: return "payments.status.debitPending"
        case .paid: return "payments.status.paid"
        case .cancelled: return "payments.status.cancelled"
        case .failed: return "payments.status.failed"
        case .timedOut: return "payments.status.timedOut"
        case .refused: return "payments.status.refused"
        }
    }

    var symbol: String {
        switch self {
        case .saved: return "iphone"
        case .open: return "hourglass"
        case .debitPending: return "building.columns"
        case .paid: return "checkmark.seal.fill"
        case .cancelled: return "xmark.circle"
        case .failed: return "exclamationmark.triangle.fill"
        case .timedOut: return "clock.badge.exclamationmark"
        case .refused: return "nosign"
        }
    }

    var color: Color {
        switch self {
        case .saved: return .blue
        case .open, .debitPending: return .orange
        case .paid: return .green
        case .cancelled: return .secondary
        case .failed, .timedOut, .refused: return .red
        }
    }
}

/// A small capsule with the status's icon and text (not by color alone);
/// "saved on this phone" is dashed, as in the appointments.
struct PaymentStatusBadge: View {
    let status: PaymentStatus

    var body: some View {
        Label(status.titleKey, systemImage: status.symbol)
            .font(.caption.weight(.semibold))
            .foregroundStyle(status.color)
            .padding(.horizontal, 8)
            .padding(.vertical, 3)
            .background(status.color.opacity(0.15), in: Capsule())
            .overlay {
                if status == .saved {
                    Capsule().strokeBorder(status.color, style: StrokeStyle(lineWidth: 1, dash: [3, 2]))
                }
            }
    }
}

extension FeeStatus {
    var titleKey: LocalizedStringKey {
        switch self {
        case .open: return "fees.status.open"
        case .notPayableHere: return "fees.status.notPayableHere"
        case .inProgress: return "fees.status.inProgress"
        case .paid: return "fees.status.paid"
        }
    }

    var symbol: String {
        switch self {
        case .open: return "eurosign.circle"
        case .notPayableHere: return "info.circle"
        case .inProgress: return "hourglass"
        case .paid: return "checkmark.seal.fill"
        }
    }

    var color: Color {
        switch self {
        case .open: return .accentColor
        case .notPayableHere: return .secondary
        case .inProgress: return .orange
        case .paid: return .green
        }
    }
}

/// A label and its value, read by VoiceOver as one element.
struct PaymentFact: View {
    let label: LocalizedStringKey
    let value: String

    var body: some View {
        LabeledContent {
            Text(verbatim: value)
                .multilineTextAlignment(.trailing)
                .textSelection(.enabled)
        } label: {
            Text(label)
        }
        .accessibilityElement(children: .combine)
    }
}

/// A receipt's PDF for `ShareLink`: written by the core (`exportReceipt`,
/// `Quittung-<number>.pdf` with its JSON beside it) to the temporary
/// directory only when the share sheet asks for the file.
struct ReceiptFile: Transferable, Sendable {
    let export: @Sendable () async -> URL?

    /// Where shared receipts are written (temporary: the system cleans it up).
    static var directory: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("receipts", isDirectory: true)
    }

    static var transferRepresentation: some TransferRepresentation {
        FileRepresentation(exportedContentType: .pdf) { (file: ReceiptFile) -> SentTransferredFile in
            guard let url = await file.export() else { throw CocoaError(.fileWriteUnknown) }
            return SentTransferredFile(url)
        }
    }
}

/// Shows PDF bytes with PDFKit (zoom, scroll, VoiceOver reads the text).
struct PDFDocumentView: UIViewRepresentable {
    let data: Data

    /// Remembers the bytes shown, so an unchanged state does not reload.
    final class Coordinator {
        var shown: Data?
    }

    func makeCoordinator() -> Coordinator {
        Coordinator()
    }

    func makeUIView(context: Context) -> PDFView {
        let view = PDFView()
        view.autoScales = true
        view.displayMode = .singlePageContinuous
        view.backgroundColor = .secondarySystemBackground
        return view
    }

    func updateUIView(_ view: PDFView, context: Context) {
        guard context.coordinator.shown != data else { return }
        context.coordinator.shown = data
        view.document = PDFDocument(data: data)
    }
}
