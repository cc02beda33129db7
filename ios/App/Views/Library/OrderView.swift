// The order form's sections: the card types with the city's fees, the
// pickup branch, the applicant prefilled from the profile, a parent for
// minors, the Duo partner, the Leipzig-Pass; the city's verdict under the
// part it refused. Part of `LibraryView` in the `.order` phase (Android:
// the order part of LibraryScreen).
import LeipzigCore
import SwiftUI

/// The order form on `LibraryModel.state`. Nothing is retyped: the draft
/// comes from "my details". "Beantragen" lets the core check it first
/// (nothing is saved when it refuses; the refused field gets the message
/// and the focus), then saves it on the phone and sends it — offline it
/// goes out with the next sync.
@MainActor
struct OrderFormSections: View {
    @ObservedObject var model: LibraryModel
    @FocusState private var focus: FormField?

    var body: some View {
        let state = model.state
        let saving = state.phase == .saving
        Group {
            if state.loginNeeded {
                Section {
                    Label("library.order.loginNeeded", systemImage: "person.crop.circle.badge.exclamationmark")
                }
            }
            Section {
                ForEach(state.cardTypes) { type in
                    Button { model.selectCardType(type.id) } label: {
                        CardTypeLine(row: type)
                    }
                    .buttonStyle(.plain)
                    .accessibilityAddTraits(type.selected ? [.isSelected] : [])
                }
                refusal(.cardType, state)
            } header: {
                Text("library.cardTypes")
            } footer: {
                Text("library.cardTypes.footer")
            }
            Section {
                Picker("library.order.branch", selection: Binding(
                    get: { model.state.form.branchId },
                    set: { model.selectBranch($0) }
                )) {
                    if state.form.branchId.isEmpty {
                        Text("library.order.choose").tag("")
                    }
                    ForEach(state.branches) { branch in
                        VStack(alignment: .leading) {
                            Text(verbatim: branch.name)
                            if let address = branch.address {
                                Text(verbatim: address).font(.caption).foregroundStyle(.secondary)
                            }
                        }
                        .tag(branch.id)
                    }
                }
                .pickerStyle(.navigationLink)
                refusal(.branch, state)
            }
            Section {
                ForEach(FormField.applicant) { field in
                    fieldRow(field, state)
                }
                if state.needsLeipzigPass {
                    fieldRow(.leipzigPass, state)
                }
            } header: {
                Text("library.order.applicant")
            } footer: {
                Text("library.order.prefilled")
            }
            if state.needsGuardian {
                Section {
                    ForEach(FormField.guardian) { field in
                        fieldRow(field, state)
                    }
                    refusal(.guardian, state)
                } header: {
                    Text("library.order.guardian")
                } footer: {
                    Text("library.order.guardian.footer")
                }
            }
            if state.needsPartner {
                Section {
                    ForEach(FormField.partner) { field in
                        fieldRow(field, state)
                    }
                    refusal(.secondAdult, state)
                } header: {
                    Text("library.order.partner")
                }
            }
            Section {
                refusal(.registration, state)
                if let error = state.error {
                    Label(error.messageKey, systemImage: error.symbol)
                        .foregroundStyle(.red)
                }
                Button(action: submit) {
                    HStack {
                        Text(saving ? LocalizedStringKey("library.order.sending") : LocalizedStringKey("library.order.submit"))
                            .font(.body.weight(.semibold))
                        if saving {
                            Spacer()
                            ProgressView()
                        }
                    }
                }
                .disabled(saving || !state.canSubmit)
            } footer: {
                Text("library.order.footer")
            }
        }
        .disabled(saving)
        .onReceive(model.$state.map { $0.invalidField?.formField }.removeDuplicates()) { field in
            // The refused field gets the focus, so VoiceOver lands on it.
            if let field { focus = field }
        }
    }

    /// What the city's rules refused about `field`, shown where it has no text field.
    @ViewBuilder
    private func refusal(_ field: OrderField, _ state: LibraryState) -> some View {
        if state.invalidField == field, let text = state.invalidText {
            Label(text, systemImage: "exclamationmark.circle")
                .font(.footnote)
                .foregroundStyle(.red)
        }
    }

    /// One field: its label, the text field, and the hint or the refusal.
    @ViewBuilder
    private func fieldRow(_ field: FormField, _ state: LibraryState) -> some View {
        // A parent's or partner's refusal shows under its section.
        let refused = state.invalidField.map { $0.formField == field && $0 != .guardian && $0 != .secondAdult } ?? false
        VStack(alignment: .leading, spacing: 4) {
            Text(field.labelKey)
                .font(.subheadline)
                .foregroundStyle(refused ? Color.red : Color.secondary)
                .accessibilityHidden(true)
            TextField(field.labelKey, text: Binding(
                get: { model.state.form[field] },
                set: { model.update(field, to: $0) }
            ))
            .keyboardType(field.keyboard)
            .textContentType(field.contentType)
            .textInputAutocapitalization(field.capitalization)
            .autocorrectionDisabled(field.autocorrectionOff)
            .focused($focus, equals: field)
            if refused, let text = state.invalidText {
                Label(text, systemImage: "exclamationmark.circle")
                    .font(.footnote)
                    .foregroundStyle(.red)
            } else if field.isDate {
                Text("profile.birthdateFormat")
                    .font(.footnote)
                    .foregroundStyle(.secondary)
            } else if field == .leipzigPass {
                Text("library.field.leipzigPass.format")
                    .font(.footnote)
                    .foregroundStyle(.secondary)
            }
        }
        .padding(.vertical, 2)
    }

    private func submit() {
        focus = nil
        model.submit()
    }
}

/// A card type with the city's fee ("kostenlos" for nothing), what it
/// needs, and a check mark when chosen.
struct CardTypeLine: View {
    let row: CardTypeRow

    var body: some View {
        HStack(alignment: .firstTextBaseline, spacing: 10) {
            Image(systemName: row.selected ? "checkmark.circle.fill" : "circle")
                .foregroundStyle(row.selected ? Color.accentColor : Color.secondary)
                .accessibilityHidden(true)
            VStack(alignment: .leading, spacing: 4) {
                HStack(alignment: .firstTextBaseline) {
                    Text(verbatim: row.name)
                        .font(.headline)
                    Spacer()
                    Text(verbatim: row.fee)
                        .font(.headline.monospacedDigit())
                }
                if let description = row.description {
                    Text(verbatim: description)
                        .font(.footnote)
                        .foregroundStyle(.secondary)
                }
                if row.requiresLeipzigPass {
                    Label("library.needsLeipzigPass", systemImage: "checkmark.shield")
                        .font(.caption)
                }
                if row.persons > 1 {
                    Label("library.persons \(row.persons)", systemImage: "person.2")
                        .font(.caption)
                }
            }
        }
        .padding(.vertical, 2)
        .contentShape(Rectangle())
        .accessibilityElement(children: .combine)
    }
}

extension FormField {
    var labelKey: LocalizedStringKey {
        switch self {
        case .givenName, .guardianGivenName, .partnerGivenName: return "library.field.givenName"
        case .familyName, .guardianFamilyName, .partnerFamilyName: return "library.field.familyName"
        case .birthdate, .partnerBirthdate: return "library.field.birthdate"
        case .street: return "library.field.street"
        case .postcode: return "library.field.postcode"
        case .city: return "library.field.city"
        case .email, .guardianEmail: return "library.field.email"
        case .phone: return "library.field.phone"
        case .leipzigPass: return "library.field.leipzigPass"
        }
    }

    var keyboard: UIKeyboardType {
        switch self {
        case .email, .guardianEmail: return .emailAddress
        case .phone: return .phonePad
        case .postcode: return .numberPad
        case .birthdate, .partnerBirthdate: return .numbersAndPunctuation
        default: return .default
        }
    }

    var contentType: UITextContentType? {
        switch self {
        case .givenName: return .givenName
        case .familyName: return .familyName
        case .street: return .fullStreetAddress
        case .postcode: return .postalCode
        case .city: return .addressCity
        case .email: return .emailAddress
        case .phone: return .telephoneNumber
        default: return nil
        }
    }

    var capitalization: TextInputAutocapitalization {
        switch self {
        case .email, .guardianEmail: return .never
        case .leipzigPass: return .characters
        default: return .words
        }
    }

    var autocorrectionOff: Bool {
        switch self {
        case .givenName, .familyName, .street, .city: return false
        default: return true
        }
    }
}
