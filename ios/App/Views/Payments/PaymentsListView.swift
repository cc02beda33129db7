// "My payments": every payment on the phone with its status; those with a
// receipt lead to it.
import LeipzigCore
import SwiftUI

/// "My payments", newest first, rendering `PaymentsModel`: what it was for,
/// the amount, when it was started and a status that differs in text, icon
/// and color ("saved on this phone", "being checked", paid, cancelled,
/// failed, expired, refused with the reason). A payment with a receipt opens
/// it. Pull to refresh asks the city about all of them.
@MainActor
struct PaymentsListView: View {
    @StateObject private var model: PaymentsModel

    init(payments: Payments, language: LanguageSetting) {
        _model = StateObject(wrappedValue: PaymentsModel(payments: payments, language: language))
    }

    var body: some View {
        content
            .navigationTitle(Text("payments.title"))
            .refreshable { await model.refresh().value }
    }

    @ViewBuilder
    private var content: some View {
        let state = model.state
        if state.loading {
            ProgressView("payments.loading")
                .frame(maxWidth: .infinity, maxHeight: .infinity)
        } else if state.rows.isEmpty {
            StatusView(symbol: "eurosign.circle", title: "payments.empty.title", message: "payments.empty.message")
        } else {
            List {
                if let error = state.error {
                    Section {
                        Label(error.messageKey, systemImage: error.symbol)
                            .foregroundStyle(.red)
                    }
                }
                if state.checking > 0 {
                    Section {
                        Label("payments.checking \(state.checking)", systemImage: "hourglass")
                    }
                }
                Section {
                    ForEach(state.rows) { row in
                        if row.hasReceipt {
                            NavigationLink(value: PaymentsRoute.receipt(paymentId: row.id)) {
                                PaymentRowView(row: row)
                            }
                        } else {
                            PaymentRowView(row: row)
                        }
                    }
                }
            }
        }
    }
}

/// One payment: title, amount, when started, the status and, once paid, the
/// Kassenzeichen; VoiceOver reads it as one element.
struct PaymentRowView: View {
    let row: PaymentRow

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack(alignment: .firstTextBaseline) {
                Text(verbatim: row.title)
                    .font(.headline)
                Spacer()
                if let amount = row.amount {
                    Text(verbatim: amount)
                        .font(.headline)
                        .monospacedDigit()
                }
            }
            Text("payments.started \(row.started)")
                .font(.subheadline)
                .foregroundStyle(.secondary)
            PaymentStatusBadge(status: row.status)
            if row.lateCorrection {
                Text("payments.lateCorrection")
                    .font(.caption)
            }
            if let refusal = row.refusalText {
                Text(verbatim: refusal)
                    .font(.caption)
            }
            if let reference = row.reference {
                Text("payments.reference \(reference)")
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
        }
        .padding(.vertical, 2)
        .accessibilityElement(children: .combine)
    }
}
