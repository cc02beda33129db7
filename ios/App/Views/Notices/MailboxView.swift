// The mailbox of official notices: unread dots, the next deadline, at-risk
// badges; deadlines and the archive in the toolbar.
import LeipzigCore
import SwiftUI

/// The mailbox ("Bescheide", the home screen's notices tile), rendering
/// `MailboxModel`: the next deadline of any notice and how many are at risk
/// on top, then every notice, newest first, with the unread dot, its office,
/// date, amount and its nearest deadline ("noch 12 Tage", "heute"). The
/// stored notices show at once (offline too, with a banner); the city is
/// asked when the screen opens and on pull to refresh, which needs a login —
/// without one the screen leads to the account. Swipe to archive or to mark
/// read/unread; the toolbar switches to the archive and leads to every
/// deadline.
@MainActor
struct MailboxView: View {
    @StateObject private var model: MailboxModel

    init(notices: Notices, language: LanguageSetting) {
        _model = StateObject(wrappedValue: MailboxModel(notices: notices, language: language))
    }

    var body: some View {
        content
            .navigationTitle(model.state.showingArchived ? Text("notices.archive.title") : Text("notices.title"))
            .toolbar {
                ToolbarItemGroup(placement: .primaryAction) {
                    NavigationLink(value: NoticesRoute.deadlines) {
                        Label("notices.deadlines.title", systemImage: "calendar.badge.clock")
                    }
                    Button {
                        model.showArchived(!model.state.showingArchived)
                    } label: {
                        Label(
                            model.state.showingArchived ? LocalizedStringKey("notices.archive.hide") : LocalizedStringKey("notices.archive.show"),
                            systemImage: model.state.showingArchived ? "tray.full" : "archivebox"
                        )
                    }
                }
            }
            .refreshable { await model.refresh().value }
            .onAppear {
                // Back from the login the refusal is stale: ask again.
                if model.state.error == .unauthorized { model.refresh() }
            }
    }

    @ViewBuilder
    private var content: some View {
        let state = model.state
        switch state.phase {
        case .loading:
            ProgressView("notices.loading")
                .frame(maxWidth: .infinity, maxHeight: .infinity)
        case .empty:
            StatusView(
                symbol: state.showingArchived ? "archivebox" : "tray",
                title: state.showingArchived ? "notices.archive.empty" : "notices.empty.title",
                message: state.showingArchived ? nil : "notices.empty.message"
            )
        case .error:
            failed(state.error ?? .other)
        case .content:
            list(state)
        }
    }

    @ViewBuilder
    private func failed(_ kind: ErrorKind) -> some View {
        if kind == .unauthorized {
            VStack(spacing: 12) {
                Image(systemName: "person.crop.circle.badge.exclamationmark")
                    .font(.largeTitle)
                    .foregroundStyle(.secondary)
                    .accessibilityHidden(true)
                Text("notices.login.title")
                    .font(.headline)
                    .multilineTextAlignment(.center)
                Text("notices.login.message")
                    .foregroundStyle(.secondary)
                    .multilineTextAlignment(.center)
                NavigationLink(value: AccountRoute()) {
                    Text("account.login")
                        .font(.body.weight(.semibold))
                }
                .buttonStyle(.borderedProminent)
            }
            .padding()
            .frame(maxWidth: .infinity, maxHeight: .infinity)
        } else {
            StatusView(symbol: kind.symbol, title: "notices.error.title", message: kind.messageKey) {
                model.refresh()
            }
        }
    }

    private func list(_ state: MailboxState) -> some View {
        List {
            if let banner = state.banner {
                Section {
                    Label(
                        banner == .offline ? LocalizedStringKey("notices.banner.offline") : LocalizedStringKey("notices.banner.refreshFailed"),
                        systemImage: banner == .offline ? "wifi.slash" : "exclamationmark.triangle"
                    )
                    if state.canRetry {
                        Button("action.retry") { model.refresh() }
                            .disabled(state.refreshing)
                    }
                }
            }
            if !state.showingArchived && (state.nextDeadline != nil || state.atRisk > 0) {
                summary(state)
            }
            Section {
                ForEach(state.rows) { row in
                    NavigationLink(value: NoticesRoute.notice(id: row.id)) {
                        NoticeRowView(row: row)
                    }
                    .swipeActions(edge: .trailing) {
                        Button {
                            model.archive(row.id, archive: !row.archived)
                        } label: {
                            Label(
                                row.archived ? LocalizedStringKey("notices.restore") : LocalizedStringKey("notices.archive"),
                                systemImage: row.archived ? "tray.and.arrow.up" : "archivebox"
                            )
                        }
                        .tint(.indigo)
                    }
                    .swipeActions(edge: .leading) {
                        Button {
                            model.markRead(row.id, read: row.unread)
                        } label: {
                            Label(
                                row.unread ? LocalizedStringKey("notices.markRead") : LocalizedStringKey("notices.markUnread"),
                                systemImage: row.unread ? "envelope.open" : "envelope.badge"
                            )
                        }
                        .tint(.accentColor)
                    }
                }
            } header: {
                if state.unread > 0 { Text("notices.unreadCount \(state.unread)") }
            }
        }
    }

    /// The next deadline of any notice, and how many notices have one at risk.
    private func summary(_ state: MailboxState) -> some View {
        Section("notices.next") {
            if let next = state.nextDeadline {
                NavigationLink(value: NoticesRoute.notice(id: next.noticeId)) {
                    DeadlineLine(row: next, showSubject: true)
                }
            }
            if state.atRisk > 0 {
                NavigationLink(value: NoticesRoute.deadlines) {
                    Label("notices.atRiskCount \(state.atRisk)", systemImage: "exclamationmark.triangle.fill")
                        .foregroundStyle(.orange)
                }
            }
        }
    }
}

/// One notice: the unread dot, subject (bold while unread), office and
/// date, amount, its nearest deadline and the at-risk badge; VoiceOver reads
/// it as one element.
struct NoticeRowView: View {
    let row: NoticeRow

    var body: some View {
        HStack(alignment: .firstTextBaseline, spacing: 10) {
            if row.unread {
                UnreadDot()
            } else {
                Color.clear.frame(width: 10, height: 10).accessibilityHidden(true)
            }
            VStack(alignment: .leading, spacing: 4) {
                HStack(alignment: .firstTextBaseline) {
                    Text(verbatim: row.subject)
                        .font(row.unread ? .headline : .body)
                    Spacer()
                    if let amount = row.amount {
                        Text(verbatim: amount)
                            .font(.subheadline.weight(.semibold))
                            .monospacedDigit()
                    }
                }
                (row.bescheid ? Text("notices.kind.bescheid \(row.office)") : Text("notices.kind.mitteilung \(row.office)"))
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
                Text("notices.issued \(row.issued)")
                    .font(.caption)
                    .foregroundStyle(.secondary)
                if let next = row.nextDeadline {
                    HStack(spacing: 6) {
                        Image(systemName: next.status.symbol)
                            .foregroundStyle(next.status.color)
                            .accessibilityHidden(true)
                        Text(verbatim: "\(next.name): \(next.remaining)")
                            .font(.subheadline)
                    }
                }
                HStack(spacing: 8) {
                    if row.atRisk { AtRiskBadge() }
                    if row.paid && row.amount != nil {
                        Label("notices.paid", systemImage: "checkmark.seal.fill")
                            .font(.caption.weight(.semibold))
                            .foregroundStyle(.green)
                    }
                    if row.notRetrievable {
                        Label("notices.notRetrievable", systemImage: "clock.badge.xmark")
                            .font(.caption.weight(.semibold))
                            .foregroundStyle(.secondary)
                    }
                }
            }
        }
        .padding(.vertical, 2)
        .accessibilityElement(children: .combine)
    }
}
