// Every deadline of every notice: what is still to meet, what passed, what is met.
import LeipzigCore
import SwiftUI

/// Every deadline (the mailbox's toolbar), rendering `DeadlinesModel`: a
/// warning on top while any is at risk (an answer only on the phone, or
/// three days or less without a received one), then the deadlines still to
/// meet ("heute" first, then by days left; those the city fixes on opening
/// last), the passed and the met ones. Each leads to its notice. From the
/// phone only, so it works offline.
@MainActor
struct DeadlinesView: View {
    @StateObject private var model: DeadlinesModel

    init(notices: Notices, language: LanguageSetting) {
        _model = StateObject(wrappedValue: DeadlinesModel(notices: notices, language: language))
    }

    var body: some View {
        content
            .navigationTitle(Text("notices.deadlines.title"))
    }

    @ViewBuilder
    private var content: some View {
        let state = model.state
        if state.loading {
            ProgressView()
                .frame(maxWidth: .infinity, maxHeight: .infinity)
        } else if let error = state.error, state.upcoming.isEmpty && state.passed.isEmpty && state.met.isEmpty {
            StatusView(symbol: error.symbol, title: "notices.deadlines.error", message: error.messageKey)
        } else if state.upcoming.isEmpty && state.passed.isEmpty && state.met.isEmpty {
            StatusView(symbol: "calendar", title: "notices.deadlines.empty")
        } else {
            List {
                if state.atRisk > 0 {
                    Section {
                        Label("notices.deadlines.atRisk \(state.atRisk)", systemImage: "exclamationmark.triangle.fill")
                            .foregroundStyle(.orange)
                            .font(.body.weight(.semibold))
                    } footer: {
                        Text("notices.deadlines.atRiskFooter")
                    }
                }
                rows("notices.deadlines.upcoming", state.upcoming)
                rows("notices.deadlines.passed", state.passed)
                rows("notices.deadlines.met", state.met)
            }
        }
    }

    @ViewBuilder
    private func rows(_ title: LocalizedStringKey, _ rows: [DeadlineRow]) -> some View {
        if !rows.isEmpty {
            Section(title) {
                ForEach(rows) { row in
                    NavigationLink(value: NoticesRoute.notice(id: row.noticeId)) {
                        DeadlineLine(row: row, showSubject: true)
                    }
                }
            }
        }
    }
}
