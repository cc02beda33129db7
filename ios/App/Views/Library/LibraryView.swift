// The library card screen: with no card ordered the card types with the
// city's fees and the order form; then where the order stands — pay its
// fee (the payments' pay screen), bring an ID to the first visit, the
// card with its barcode. Renders `LibraryModel.state` (Android: LibraryScreen).
import LeipzigCore
import SwiftUI

/// The library card. Stored data shows at once, offline too; pull to
/// refresh asks the city. Paying pushes the pay screen (`pay`, see
/// `PaymentsDestinations`), which follows the payment to its end.
@MainActor
struct LibraryView: View {
    @StateObject private var model: LibraryModel
    private let pay: (PaymentSubject, Bool) -> Void

    init(library: Library, language: LanguageSetting, pay: @escaping (PaymentSubject, Bool) -> Void) {
        _model = StateObject(wrappedValue: LibraryModel(library: library, language: language))
        self.pay = pay
    }

    var body: some View {
        let state = model.state
        Group {
            switch state.phase {
            case .loading:
                ProgressView()
                    .frame(maxWidth: .infinity, maxHeight: .infinity)
            case .error:
                StatusView(
                    symbol: state.error?.symbol ?? "exclamationmark.triangle",
                    title: "library.error",
                    message: state.error?.messageKey,
                    retry: { model.refresh() }
                )
            case .order, .saving:
                Form {
                    offlineBanner(state)
                    OrderFormSections(model: model)
                }
                .scrollDismissesKeyboard(.interactively)
                .refreshable { await model.refresh().value }
            case .saved, .submitted, .paymentPending, .readyForIdCheck, .active, .rejected:
                status(state)
            }
        }
        .navigationTitle(Text("library.title"))
        .navigationBarBackButtonHidden(state.phase == .saving)
        .onReceive(model.effects) { effect in
            switch effect {
            case .pay(let subject, let pageUrl):
                pay(subject, pageUrl != nil)
            }
        }
    }

    /// Offline (or another failure) while something stored is shown.
    @ViewBuilder
    private func offlineBanner(_ state: LibraryState) -> some View {
        if state.error == .offline {
            Section {
                Label("library.banner.offline", systemImage: "wifi.slash")
                Button("action.retry") { model.refresh() }
                    .disabled(state.refreshing)
            }
        }
    }

    private func status(_ state: LibraryState) -> some View {
        List {
            offlineBanner(state)
            if let row = state.registration {
                Section {
                    VStack(alignment: .leading, spacing: 6) {
                        Text(verbatim: row.cardTypeName)
                            .font(.headline)
                        if let branch = row.branchName {
                            Text("library.pickupAt \(branch)")
                                .font(.subheadline)
                                .foregroundStyle(.secondary)
                        }
                        if let text = state.statusText {
                            RegistrationStateBadge(state: row.state, text: text)
                        }
                        if let detail = state.statusDetail {
                            Text(verbatim: detail)
                                .font(.callout)
                                .foregroundStyle(row.state == .rejected ? Color.red : Color.primary)
                        }
                    }
                    .accessibilityElement(children: .combine)
                    .padding(.vertical, 4)
                    if let fee = row.fee {
                        PaymentFact(label: "library.fee", value: fee)
                    }
                    if state.phase == .paymentPending {
                        // Known before paying: the card is activated at the desk.
                        Label("library.bringId", systemImage: "person.text.rectangle")
                            .font(.footnote)
                    }
                    ForEach(row.flags, id: \.self) { flag in
                        Label(flag, systemImage: "mappin.slash")
                            .font(.footnote)
                            .foregroundStyle(.orange)
                    }
                    if state.canPay {
                        Button { model.pay() } label: {
                            HStack {
                                Group {
                                    if let fee = row.fee {
                                        Text("library.pay \(fee)")
                                    } else {
                                        Text("library.payNow")
                                    }
                                }
                                .font(.body.weight(.semibold))
                                if state.paying {
                                    Spacer()
                                    ProgressView()
                                }
                            }
                            .frame(maxWidth: .infinity)
                        }
                        .buttonStyle(.borderedProminent)
                        .disabled(state.paying)
                    }
                    if let refusal = state.payRefusal {
                        Label(refusal, systemImage: "nosign")
                            .foregroundStyle(.red)
                    } else if let error = state.error, error != .offline {
                        Label(error.messageKey, systemImage: error.symbol)
                            .foregroundStyle(.red)
                    }
                } header: {
                    Text("library.registration")
                }
            }
            if state.phase == .active {
                Section {
                    NavigationLink(value: LibraryRoute.card) {
                        Label {
                            VStack(alignment: .leading, spacing: 2) {
                                Text("library.card.show")
                                if let number = state.registration?.cardNumber {
                                    Text(verbatim: number)
                                        .font(.caption.monospaced())
                                        .foregroundStyle(.secondary)
                                }
                            }
                        } icon: {
                            Image(systemName: "barcode")
                        }
                    }
                }
            }
            if state.phase == .rejected {
                Section {
                    Button("library.orderAgain") { model.orderAgain() }
                        .font(.body.weight(.semibold))
                }
            }
        }
        .refreshable { await model.refresh().value }
    }
}
