// The notice screens' shared pieces: routes on the home stack, deadline and
// reply badges, the at-risk badge and the unread dot.
import LeipzigCore
import SwiftUI

/// Where the notice screens go, pushed on the home screen's stack.
enum NoticesRoute: Hashable {
    /// The mailbox ("Bescheide").
    case mailbox
    /// One notice (opening it is the retrieval).
    case notice(id: String)
    /// A reply to a notice: acknowledge, objection or documents.
    case reply(noticeId: String, kind: ReplyKind)
    /// Every deadline of every notice.
    case deadlines
}

/// The notice screens on a `NavigationStack` that carries `NoticesRoute`s.
/// Paying a notice pushes the payments' pay screen (`pay`, on the same
/// stack, see `PaymentsDestinations`).
@MainActor
struct NoticesDestinations: ViewModifier {
    let notices: Notices
    let language: LanguageSetting
    /// Shows the pay screen of `subject`; `openPage`: open the payment page at once.
    let pay: (PaymentSubject, Bool) -> Void

    func body(content: Content) -> some View {
        content.navigationDestination(for: NoticesRoute.self) { route in
            switch route {
            case .mailbox:
                MailboxView(notices: notices, language: language)
            case .notice(let id):
                NoticeView(notices: notices, id: id, language: language, pay: pay)
            case .reply(let noticeId, let kind):
                ReplyView(notices: notices, noticeId: noticeId, kind: kind, language: language)
            case .deadlines:
                DeadlinesView(notices: notices, language: language)
            }
        }
    }
}

extension DeadlineStatus {
    var symbol: String {
        switch self {
        case .notFixed: return "hourglass"
        case .open: return "calendar.badge.clock"
        case .today: return "exclamationmark.circle.fill"
        case .passed: return "xmark.circle.fill"
        case .met: return "checkmark.seal.fill"
        }
    }

    var color: Color {
        switch self {
        case .notFixed: return .secondary
        case .open: return .accentColor
        case .today: return .orange
        case .passed: return .red
        case .met: return .green
        }
    }
}

/// A deadline in one line: its name, the last day and "noch N Tage" /
/// "heute" / "abgelaufen" (the core's days, the shared texts), with an icon
/// per status and the at-risk badge; read by VoiceOver as one element.
struct DeadlineLine: View {
    let row: DeadlineRow
    /// Also name the notice (the deadlines screen).
    var showSubject = false

    var body: some View {
        HStack(alignment: .firstTextBaseline, spacing: 10) {
            Image(systemName: row.status.symbol)
                .foregroundStyle(row.atRisk && row.status != .met ? Color.orange : row.status.color)
                .accessibilityHidden(true)
            VStack(alignment: .leading, spacing: 3) {
                if showSubject {
                    Text(verbatim: row.noticeSubject)
                        .font(.subheadline.weight(.semibold))
                }
                Text(verbatim: row.name)
                    .font(showSubject ? .subheadline : .body)
                if let due = row.due {
                    Text("notices.deadline.due \(due)")
                        .font(.subheadline)
                        .foregroundStyle(.secondary)
                }
                HStack(spacing: 8) {
                    Text(verbatim: row.remaining)
                        .font(.subheadline.weight(.semibold))
                        .foregroundStyle(row.status == .passed ? Color.red : Color.primary)
                    if row.atRisk && row.status != .met { AtRiskBadge() }
                }
            }
        }
        .padding(.vertical, 2)
        .accessibilityElement(children: .combine)
    }
}

/// "Frist in Gefahr": an icon and text, never color alone.
struct AtRiskBadge: View {
    var body: some View {
        Label("notices.atRisk", systemImage: "exclamationmark.triangle.fill")
            .font(.caption.weight(.semibold))
            .foregroundStyle(.orange)
            .padding(.horizontal, 8)
            .padding(.vertical, 3)
            .background(Color.orange.opacity(0.15), in: Capsule())
    }
}

/// The unread dot; VoiceOver hears "ungelesen" instead.
struct UnreadDot: View {
    var body: some View {
        Circle()
            .fill(Color.accentColor)
            .frame(width: 10, height: 10)
            .accessibilityLabel(Text("notices.unread"))
    }
}

extension ReplyStatus {
    var symbol: String {
        switch self {
        case .notReceived: return "iphone"
        case .received: return "building.columns.fill"
        case .refused: return "nosign"
        }
    }

    var color: Color {
        switch self {
        case .notReceived: return .orange
        case .received: return .green
        case .refused: return .red
        }
    }
}

extension ReplyKind {
    var titleKey: LocalizedStringKey {
        switch self {
        case .acknowledge: return "notices.reply.acknowledge"
        case .objection: return "notices.reply.objection"
        case .uploadDocument: return "notices.reply.upload"
        case .pay: return "notices.pay"
        }
    }

    var symbol: String {
        switch self {
        case .acknowledge: return "checkmark.circle"
        case .objection: return "exclamationmark.bubble"
        case .uploadDocument: return "paperclip"
        case .pay: return "eurosign.circle"
        }
    }
}

/// Where a reply stands: the shared text ("Noch nicht beim Amt
/// eingegangen", "Beim Amt eingegangen am …") with an icon; "only on this
/// phone" is dashed like the other saved-on-the-phone badges.
struct ReplyStatusBadge: View {
    let status: ReplyStatus
    let text: String

    var body: some View {
        Label {
            Text(verbatim: text)
        } icon: {
            Image(systemName: status.symbol)
        }
        .font(.caption.weight(.semibold))
        .foregroundStyle(status.color)
        .padding(.horizontal, 8)
        .padding(.vertical, 3)
        .background(status.color.opacity(0.15), in: Capsule())
        .overlay {
            if status == .notReceived {
                Capsule().strokeBorder(status.color, style: StrokeStyle(lineWidth: 1, dash: [3, 2]))
            }
        }
    }
}

/// The loud warning while a reply is only on the phone: "Noch nicht beim
/// Amt eingegangen" and why it matters (the shared texts). Announced to
/// VoiceOver as one element.
struct NotReceivedBanner: View {
    let title: String
    let detail: String?

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            Label {
                Text(verbatim: title)
            } icon: {
                Image(systemName: "exclamationmark.triangle.fill")
            }
            .font(.headline)
            .foregroundStyle(.orange)
            if let detail {
                Text(verbatim: detail)
                    .font(.subheadline)
            }
        }
        .padding(.vertical, 6)
        .accessibilityElement(children: .combine)
        .accessibilityAddTraits(.isHeader)
    }
}

/// A label and its value, read by VoiceOver as one element (Aktenzeichen,
/// Kassenzeichen, dates); the value can be selected and copied.
struct NoticeFact: View {
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
