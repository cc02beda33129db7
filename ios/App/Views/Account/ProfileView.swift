// "My details": the citizen's profile, to view and to edit field by field,
// with the core's verdict under the field it refused. Renders
// `ProfileModel.state` and forwards intents (Android: ProfileScreen).
import LeipzigCore
import SwiftUI
import UIKit

/// The citizen's own data, reused instead of retyped (the booking form starts
/// with it). Shows the filled-in fields; "edit" (toolbar) opens a form whose fields the
/// core checks on "save": a refusal appears under the field it names, which
/// also gets the focus. While editing, "cancel" replaces the back button and
/// closes the form without saving.
@MainActor
struct ProfileView: View {
    @StateObject private var model: ProfileModel
    private let language: LanguageSetting
    @FocusState private var focus: ProfileField?
    /// "Saved" stays in view until the form opens again.
    @State private var savedShown = false

    init(account: Account, language: LanguageSetting) {
        _model = StateObject(wrappedValue: ProfileModel(account: account, language: language))
        self.language = language
    }

    var body: some View {
        let state = model.state
        let editing = state.phase == .editing || state.phase == .saving
        Form {
            switch state.phase {
            case .loading:
                ProgressView()
                    .frame(maxWidth: .infinity)
            case .loggedOut:
                Text("profile.loggedOut")
            case .viewing:
                viewing(state)
            case .editing, .saving:
                form(state)
            }
        }
        .scrollDismissesKeyboard(.interactively)
        .navigationTitle(Text("profile.title"))
        .navigationBarBackButtonHidden(editing)
        .toolbar {
            ToolbarItem(placement: .cancellationAction) {
                if editing {
                    Button("action.cancel") {
                        focus = nil
                        model.cancelEdit()
                    }
                    .disabled(state.phase == .saving)
                }
            }
            ToolbarItem(placement: .primaryAction) {
                primaryAction(state)
            }
        }
        .onReceive(model.$state.map(\.invalidField).removeDuplicates()) { field in
            // The refused field gets the focus, so VoiceOver lands on it.
            if let field { focus = field }
        }
        .onReceive(model.$state.map(\.saved).removeDuplicates()) { saved in
            guard saved else { return }
            savedShown = true
            model.savedShown()
            announce("profile.saved")
        }
    }

    @ViewBuilder
    private func primaryAction(_ state: ProfileState) -> some View {
        switch state.phase {
        case .viewing:
            Button("profile.edit") {
                savedShown = false
                model.edit()
            }
        case .editing:
            Button("profile.save", action: save)
                .font(.body.weight(.semibold))
        case .saving:
            ProgressView()
                .accessibilityLabel(Text("profile.saving"))
        case .loading, .loggedOut:
            EmptyView()
        }
    }

    // MARK: - Viewing

    @ViewBuilder
    private func viewing(_ state: ProfileState) -> some View {
        if savedShown {
            Section {
                Label("profile.saved", systemImage: "checkmark.circle")
            }
        }
        Section {
            if state.rows.isEmpty {
                Text("profile.empty")
                    .foregroundStyle(.secondary)
            }
            ForEach(state.rows) { row in
                // Label and value are read as one item.
                VStack(alignment: .leading, spacing: 2) {
                    Text(row.field.labelKey)
                        .font(.subheadline)
                        .foregroundStyle(.secondary)
                    Text(verbatim: row.value)
                }
                .accessibilityElement(children: .combine)
            }
            if let error = state.error {
                Label(error.messageKey, systemImage: error.symbol)
                    .foregroundStyle(.red)
            }
        } footer: {
            Text("profile.explanation")
        }
    }

    // MARK: - Editing

    @ViewBuilder
    private func form(_ state: ProfileState) -> some View {
        let saving = state.phase == .saving
        Section {
            ForEach(ProfileField.allCases) { field in
                fieldRow(field, state)
            }
        }
        .disabled(saving)
        Section {
            if let error = state.error {
                Label(error.messageKey, systemImage: error.symbol)
                    .foregroundStyle(.red)
            }
            Button(action: save) {
                HStack {
                    Text(saving ? LocalizedStringKey("profile.saving") : LocalizedStringKey("profile.save"))
                        .font(.body.weight(.semibold))
                    if saving {
                        Spacer()
                        ProgressView()
                    }
                }
            }
            .disabled(saving)
        }
    }

    /// One field: its label (visible while filled in), the text field, and
    /// the format hint or what the core expects when it refused the value.
    @ViewBuilder
    private func fieldRow(_ field: ProfileField, _ state: ProfileState) -> some View {
        let invalid = state.invalidField == field
        VStack(alignment: .leading, spacing: 4) {
            Text(field.labelKey)
                .font(.subheadline)
                .foregroundStyle(invalid ? Color.red : Color.secondary)
                .accessibilityHidden(true)
            TextField(field.labelKey, text: binding(field))
                .keyboardType(field.keyboard)
                .textContentType(field.contentType)
                .textInputAutocapitalization(field.capitalization)
                .autocorrectionDisabled(field.autocorrectionOff)
                .submitLabel(field == ProfileField.allCases.last ? .done : .next)
                .focused($focus, equals: field)
                .onSubmit { focus = field.next }
            if invalid {
                Label(field.ruleKey, systemImage: "exclamationmark.circle")
                    .font(.footnote)
                    .foregroundStyle(.red)
            } else if field == .birthdate {
                Text("profile.birthdateFormat")
                    .font(.footnote)
                    .foregroundStyle(.secondary)
            }
        }
        .padding(.vertical, 2)
    }

    private func binding(_ field: ProfileField) -> Binding<String> {
        Binding(
            get: { model.state.form[field] ?? "" },
            set: { model.update(field, to: $0) }
        )
    }

    private func save() {
        focus = nil
        model.save()
    }

    /// Reads `key` out to VoiceOver in the app's language (not the device's).
    private func announce(_ key: String) {
        let bundle = Bundle.main.path(forResource: language.language.tag, ofType: "lproj").flatMap(Bundle.init(path:)) ?? .main
        UIAccessibility.post(notification: .announcement, argument: bundle.localizedString(forKey: key, value: nil, table: nil))
    }
}

/// View-side texts and keyboards of the profile's fields.
private extension ProfileField {
    var labelKey: LocalizedStringKey {
        switch self {
        case .givenName: return "profile.givenName"
        case .familyName: return "profile.familyName"
        case .birthdate: return "profile.birthdate"
        case .streetAddress: return "profile.streetAddress"
        case .postalCode: return "profile.postalCode"
        case .locality: return "profile.locality"
        case .email: return "profile.email"
        case .phone: return "profile.phone"
        case .leipzigPass: return "profile.leipzigPass"
        }
    }

    /// What the core expects of a field it refused, in the citizen's words.
    var ruleKey: LocalizedStringKey {
        switch self {
        case .birthdate: return "profile.invalid.birthdate"
        case .postalCode: return "profile.invalid.postalCode"
        case .email: return "profile.invalid.email"
        case .phone: return "profile.invalid.phone"
        case .leipzigPass: return "profile.invalid.leipzigPass"
        case .givenName, .familyName, .streetAddress, .locality: return "profile.invalid.text"
        }
    }

    var keyboard: UIKeyboardType {
        switch self {
        case .postalCode: return .numberPad
        case .email: return .emailAddress
        case .phone: return .phonePad
        case .birthdate: return .numbersAndPunctuation
        case .givenName, .familyName, .streetAddress, .locality, .leipzigPass: return .default
        }
    }

    /// AutoFill from the citizen's contact card (no birthday type before iOS 17).
    var contentType: UITextContentType? {
        switch self {
        case .givenName: return .givenName
        case .familyName: return .familyName
        case .streetAddress: return .streetAddressLine1
        case .postalCode: return .postalCode
        case .locality: return .addressCity
        case .email: return .emailAddress
        case .phone: return .telephoneNumber
        case .birthdate, .leipzigPass: return nil
        }
    }

    /// Names capitalised, the pass number in capitals, addresses and dates as typed.
    var capitalization: TextInputAutocapitalization {
        switch self {
        case .givenName, .familyName, .streetAddress, .locality: return .words
        case .leipzigPass: return .characters
        case .birthdate, .postalCode, .email, .phone: return .never
        }
    }

    var autocorrectionOff: Bool {
        switch self {
        case .givenName, .familyName, .streetAddress, .locality: return false
        case .birthdate, .postalCode, .email, .phone, .leipzigPass: return true
        }
    }

    /// The field "next" moves to; nil after the last.
    var next: ProfileField? {
        let all = ProfileField.allCases
        guard let index = all.firstIndex(of: self), index + 1 < all.count else { return nil }
        return all[index + 1]
    }
}
