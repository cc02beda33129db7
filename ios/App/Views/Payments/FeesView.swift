// "What I owe": the fees, each leading to the pay screen; "my payments" in the toolbar.
import LeipzigCore
import SwiftUI

/// "What I owe" (the home screen's payments tile), rendering `FeesModel`:
/// what is open with its total, then what is paid. The stored fees show at
/// once (offline too, with a banner); the city is asked when the screen
/// opens and on pull to refresh, which needs a login — without one the
/// screen says so and leads to the account. An open fee (or one being paid)
/// leads to the pay screen, a paid one to the same screen with its receipt;
/// one that cannot be paid in the app says so.
@MainActor
struct FeesView: View {
    @StateObject private var model: FeesModel

    init(payments: Payments, language: LanguageSetting) {
        _model = StateObject(wrappedValue: FeesModel(payments: payments, language: language))
    }

    var body: some View {
        content
            .navigationTitle(Text("fees.title"))
            .toolbar {
                ToolbarItem(placement: .primaryAction) {
                    NavigationLink(value: PaymentsRoute.payments) {
                        Label("payments.title", systemImage: "list.bullet.rectangle")
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
            ProgressView("fees.loading")
                .frame(maxWidth: .infinity, maxHeight: .infinity)
        case .empty:
            StatusView(symbol: "checkmark.circle", title: "fees.empty.title", message: "fees.empty.message")
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
                Text("fees.login.title")
                    .font(.headline)
                    .multilineTextAlignment(.center)
                Text("fees.login.message")
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
            StatusView(symbol: kind.symbol, title: "fees.error.title", message: kind.messageKey) {
                model.refresh()
            }
        }
    }

    private func list(_ state: FeesState) -> some View {
        List {
            if let banner = state.banner {
                Section {
                    Label(
                        banner == .offline ? LocalizedStringKey("fees.banner.offline") : LocalizedStringKey("fees.banner.refreshFailed"),
                        systemImage: banner == .offline ? "wifi.slash" : "exclamationmark.triangle"
                    )
                    if state.canRetry {
                        Button("action.retry") { model.refresh() }
                            .disabled(state.refreshing)
                    }
                }
            }
            if !state.open.isEmpty {
                Section {
                    ForEach(state.open) { row in feeLink(row) }
                } header: {
                    Text("fees.open")
                } footer: {
                    if let total = state.totalOpen {
                        Text("fees.total \(total)")
                            .font(.subheadline.weight(.semibold))
                    }
                }
            }
            if !state.paid.isEmpty {
                Section("fees.paid") {
                    ForEach(state.paid) { row in feeLink(row) }
                }
            }
        }
    }

    @ViewBuilder
    private func feeLink(_ row: FeeRow) -> some View {
        if row.canPay || row.status == .paid {
            NavigationLink(value: PaymentsRoute.pay(subject: row.subject)) {
                FeeRowView(row: row)
            }
        } else {
            // Not payable in the app: shown, not tappable.
            FeeRowView(row: row)
        }
    }
}

/// One fee or notice: title and amount, office and due date, and where it
/// stands (text and icon, not by color alone); VoiceOver reads it as one element.
struct FeeRowView: View {
    let row: FeeRow

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack(alignment: .firstTextBaseline) {
                Text(verbatim: row.title)
                    .font(.headline)
                Spacer()
                Text(verbatim: row.amount)
                    .font(.headline)
                    .monospacedDigit()
            }
            if row.notice {
                Text("fees.notice")
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
            if let office = row.office {
                Text(verbatim: office)
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
            }
            if let due = row.due, row.status != .paid {
                Text("fees.due \(due)")
                    .font(.subheadline)
            }
            if row.status != .open {
                Label(row.status.titleKey, systemImage: row.status.symbol)
                    .font(.caption.weight(.semibold))
                    .foregroundStyle(row.status.color)
            }
        }
        .padding(.vertical, 2)
        .accessibilityElement(children: .combine)
    }
}
