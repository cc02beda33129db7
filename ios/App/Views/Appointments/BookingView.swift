import LeipzigCore
import SwiftUI

/// The booking form: the slot, the office, the contact fields the office
/// asks for (shown and required as `OfficeOption` says), the core's verdict
/// on a field, then booking. A taken slot offers the next ones, an expired
/// reservation says nothing was booked. Once booked: calendar, reminders.
/// When rebooking, the core books the new slot first and only then cancels
/// the old appointment (through the outbox); the form says so, and once
/// booked whether the old one is cancelled or its cancellation still waits
/// on the phone. The contact fields start with `prefill`, the logged-in
/// citizen's details (`ProfileModel.contact()`). Renders `BookingModel.state`
/// and forwards intents.
@MainActor
struct BookingView: View {
    @StateObject private var model: BookingModel
    /// Reads the booked appointment's calendar file.
    private let mine: MyAppointmentsModel
    private let core: Core
    /// The appointment a rebooking replaces (named in the hint).
    private let replacing: AppointmentRow?
    private let finish: () -> Void
    /// nil while asking; then whether reminders can be shown.
    @State private var remindersOn: Bool?
    @FocusState private var focus: BookingField?

    init(
        core: Core,
        mine: MyAppointmentsModel,
        slot: Slot,
        office: Office,
        language: LanguageSetting,
        replacing: AppointmentRow?,
        prefill: Contact? = nil,
        finish: @escaping () -> Void
    ) {
        _model = StateObject(
            wrappedValue: BookingModel(
                appointments: core.appointments,
                slot: slot,
                office: office,
                language: language,
                prefill: prefill,
                rebookOf: replacing
            )
        )
        self.mine = mine
        self.core = core
        self.replacing = replacing
        self.finish = finish
    }

    var body: some View {
        let state = model.state
        Form {
            if state.phase == .booked, let booked = state.booked {
                bookedSections(booked, replaced: state.replaced)
            } else {
                if state.rebooking, let replacing {
                    Section {
                        Label("booking.rebookHint \(replacing.start)", systemImage: "arrow.triangle.2.circlepath")
                            .font(.subheadline)
                    }
                }
                Section("booking.slot") {
                    Text(state.slot.start)
                        .font(.headline)
                    Text(state.slot.office)
                }
                officeSection(state.office)
                fieldsSection(state)
                phaseSection(state)
                Section {
                    Button {
                        focus = nil
                        model.submit()
                    } label: {
                        HStack {
                            Text("booking.submit")
                                .font(.body.weight(.semibold))
                            if state.phase == .booking {
                                Spacer()
                                ProgressView()
                                    .accessibilityLabel(Text("booking.booking"))
                            }
                        }
                    }
                    .disabled(state.phase == .booking)
                }
            }
        }
        .scrollDismissesKeyboard(.interactively)
        .navigationTitle(Text(state.phase == .booked ? LocalizedStringKey("booking.booked.title") : LocalizedStringKey("booking.title")))
        .onReceive(model.$state.map(\.invalidField).removeDuplicates()) { field in
            // The rejected field gets the focus, so VoiceOver lands on it.
            if let field { focus = field }
        }
        .task(id: state.phase) {
            guard model.state.phase == .booked else { return }
            // Booked: the moment a permission prompt makes sense.
            remindersOn = await core.reminders.enable()
        }
    }

    private func officeSection(_ office: OfficeOption) -> some View {
        Section("booking.office") {
            VStack(alignment: .leading, spacing: 4) {
                Text(office.name)
                    .font(.headline)
                if !office.address.isEmpty {
                    Text(office.address)
                        .font(.subheadline)
                        .foregroundStyle(.secondary)
                }
            }
            .accessibilityElement(children: .combine)
            if let info = office.info, !info.isEmpty {
                Text(info)
                    .font(.footnote)
            }
        }
    }

    private func fieldsSection(_ state: BookingState) -> some View {
        Section {
            if state.invalidField == nil, let reason = state.invalidReason {
                Label(reason, systemImage: "exclamationmark.circle")
                    .font(.footnote)
                    .foregroundStyle(.red)
            }
            TextField("booking.name", text: binding(\.name, model.updateName))
                .textContentType(.familyName)
                .focused($focus, equals: .name)
            fieldError(.name, state)
            TextField(emailLabel(state.office), text: binding(\.email, model.updateEmail))
                .textContentType(.emailAddress)
                .keyboardType(.emailAddress)
                .textInputAutocapitalization(.never)
                .autocorrectionDisabled()
                .focused($focus, equals: .email)
            fieldError(.email, state)
            if state.office.telephoneShown {
                TextField(phoneLabel(state.office), text: binding(\.phone, model.updatePhone))
                    .textContentType(.telephoneNumber)
                    .keyboardType(.phonePad)
                    .focused($focus, equals: .phone)
                fieldError(.phone, state)
            }
        } header: {
            Text("booking.contact")
        } footer: {
            Text("booking.contact.footer")
        }
        .disabled(state.phase == .booking)
    }

    /// The core's reason under the field it rejected.
    @ViewBuilder
    private func fieldError(_ field: BookingField, _ state: BookingState) -> some View {
        if state.invalidField == field {
            VStack(alignment: .leading, spacing: 2) {
                Label("booking.invalid", systemImage: "exclamationmark.circle")
                if let reason = state.invalidReason {
                    Text(reason)
                }
            }
            .font(.footnote)
            .foregroundStyle(.red)
            .accessibilityElement(children: .combine)
        }
    }

    @ViewBuilder
    private func phaseSection(_ state: BookingState) -> some View {
        switch state.phase {
        case .slotTaken:
            Section {
                Label("booking.slotTaken", systemImage: "person.crop.circle.badge.xmark")
                if state.alternatives.isEmpty {
                    Text("booking.noAlternatives")
                        .foregroundStyle(.secondary)
                }
                ForEach(state.alternatives) { row in
                    Button {
                        model.chooseAlternative(row.slot)
                    } label: {
                        SlotRowView(row: row)
                    }
                    .accessibilityHint(Text("booking.alternative.hint"))
                }
            } header: {
                Text("booking.alternatives")
            }
        case .expired:
            Section {
                Label("booking.expired", systemImage: "clock.badge.exclamationmark")
            }
        case .error:
            Section {
                InlineErrorView(kind: state.error ?? .other)
            }
        case .editing, .booking, .booked:
            EmptyView()
        }
    }

    @ViewBuilder
    private func bookedSections(_ booked: AppointmentRow, replaced: AppointmentRow?) -> some View {
        Section {
            Label("booking.booked.message", systemImage: "checkmark.seal.fill")
                .foregroundStyle(.green)
            AppointmentRowView(row: booked)
            if let replaced {
                Label(replacedMessage(replaced), systemImage: replaced.badge.symbol)
                    .font(.subheadline)
            }
        }
        Section("booking.calendar") {
            CalendarActions(
                row: booked,
                appointments: core.appointments,
                calendarFile: { [mine] in try await mine.calendarFile(booked.processId) }
            )
        }
        Section("booking.reminders") {
            if let remindersOn {
                Label(
                    remindersOn ? LocalizedStringKey("booking.reminders.on") : LocalizedStringKey("booking.reminders.off"),
                    systemImage: remindersOn ? "bell" : "bell.slash"
                )
            } else {
                ProgressView()
                    .accessibilityLabel(Text("booking.reminders.asking"))
            }
        }
        Section {
            Button("booking.done", action: finish)
        }
    }

    /// After a rebook: the old appointment is cancelled at the city, or its
    /// cancellation waits on the phone until the city can be reached.
    private func replacedMessage(_ old: AppointmentRow) -> LocalizedStringKey {
        old.badge == .cancelled ? "booking.replaced \(old.start)" : "booking.replacedPending \(old.start)"
    }

    private func emailLabel(_ office: OfficeOption) -> LocalizedStringKey {
        office.emailRequired ? "booking.email.required" : "booking.email.optional"
    }

    private func phoneLabel(_ office: OfficeOption) -> LocalizedStringKey {
        office.telephoneRequired ? "booking.phone.required" : "booking.phone.optional"
    }

    /// A text field's binding: reads the state, forwards typing as the intent.
    private func binding(_ value: KeyPath<BookingState, String>, _ update: @escaping (String) -> Void) -> Binding<String> {
        Binding(get: { model.state[keyPath: value] }, set: update)
    }
}
