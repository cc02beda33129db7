// Answering a notice: a binding objection, documents, or "acknowledged".
import LeipzigCore
import SwiftUI

/// The reply forms, rendering `ReplyModel`:
///
/// - **Objection** — the reason, the declaration exactly as the core words
///   it ("Ich erhebe hiermit verbindlich Widerspruch …") with an explicit
///   toggle: "send" stays disabled until the reason is there and the toggle
///   is on; optionally asking for suspension of enforcement.
/// - **Documents** — `.fileImporter` for PDF, JPEG and PNG (several at
///   once), read with security-scoped access (`PickedFiles`), listed with
///   their size and removable; an optional note.
/// - **Acknowledge** — one confirmation.
///
/// The core checks the rules before anything is saved and names the field
/// at fault. Once saved the form shows where the reply stands: loudly "Noch
/// nicht beim Amt eingegangen" until the city's receipt arrives (then the
/// time of receipt), or the city's refusal with "edit and send again".
@MainActor
struct ReplyView: View {
    @StateObject private var model: ReplyModel
    @State private var importing = false
    /// A picked file that could not be taken.
    @State private var pickFailure: PickedFiles.Failure?
    @FocusState private var focused: ReplyField?

    init(notices: Notices, noticeId: String, kind: ReplyKind, language: LanguageSetting) {
        _model = StateObject(wrappedValue: ReplyModel(notices: notices, noticeId: noticeId, kind: kind, language: language))
    }

    var body: some View {
        let state = model.state
        Form {
            if let subject = state.subject {
                Section {
                    Text(verbatim: subject).font(.headline)
                    if let aktenzeichen = state.aktenzeichen {
                        NoticeFact(label: "notices.aktenzeichen", value: aktenzeichen)
                    }
                }
            }
            phase(state)
        }
        .navigationTitle(Text(state.kind.titleKey))
        .navigationBarBackButtonHidden(state.phase == .saving)
        .fileImporter(isPresented: $importing, allowedContentTypes: PickedFiles.types, allowsMultipleSelection: true) { result in
            picked(result)
        }
        .alert(
            "notices.upload.pickFailed",
            isPresented: Binding(get: { pickFailure != nil }, set: { if !$0 { pickFailure = nil } })
        ) {
            Button("action.ok", role: .cancel) { pickFailure = nil }
        } message: {
            if let failure = pickFailure {
                switch failure {
                case .unsupported(let name): Text("notices.upload.unsupported \(name)")
                case .unreadable(let name): Text("notices.upload.unreadable \(name)")
                }
            }
        }
        .onChange(of: state.invalidField) { field in
            if let field { focused = field }
        }
    }

    @ViewBuilder
    private func phase(_ state: ReplyFormState) -> some View {
        switch state.phase {
        case .loading:
            Section { ProgressView() }
        case .editing, .saving:
            form(state)
            Section {
                Button {
                    model.submit()
                } label: {
                    HStack {
                        (state.kind == .objection ? Text("notices.objection.submit") : Text("notices.reply.submit"))
                            .font(.body.weight(.semibold))
                        if state.phase == .saving {
                            Spacer()
                            ProgressView()
                        }
                    }
                }
                .disabled(!state.canSubmit)
            } footer: {
                VStack(alignment: .leading, spacing: 4) {
                    if state.invalidField == .reply, let reason = state.invalidReason {
                        Text(verbatim: reason).foregroundStyle(.red)
                    }
                    Text("notices.reply.footer")
                }
            }
        case .notReceived, .received, .refused:
            saved(state)
        case .notAllowed:
            Section {
                Label("notices.reply.notAllowed", systemImage: "nosign")
            }
        case .error:
            Section {
                Label((state.error ?? .other).messageKey, systemImage: (state.error ?? .other).symbol)
                    .foregroundStyle(.red)
                if state.subject != nil {
                    Button("notices.reply.editAgain") { model.edit() }
                }
            }
        }
    }

    @ViewBuilder
    private func form(_ state: ReplyFormState) -> some View {
        switch state.kind {
        case .objection: objection(state)
        case .uploadDocument: upload(state)
        default:
            Section {
                Text("notices.acknowledge.text")
            }
        }
    }

    @ViewBuilder
    private func objection(_ state: ReplyFormState) -> some View {
        Section {
            TextEditor(text: Binding(get: { model.state.text }, set: { model.updateText($0) }))
                .frame(minHeight: 160)
                .focused($focused, equals: .text)
                .disabled(!state.editable)
                .accessibilityLabel(Text("notices.objection.reason"))
        } header: {
            Text("notices.objection.reason")
        } footer: {
            invalid(state, .text)
        }
        Section {
            if let declaration = state.declaration {
                Text(verbatim: declaration)
                    .font(.body.weight(.semibold))
                    .textSelection(.enabled)
            }
            Toggle(isOn: Binding(get: { model.state.bindingConfirmed }, set: { model.confirmBinding($0) })) {
                Text("notices.objection.binding")
            }
            .focused($focused, equals: .confirmation)
            .disabled(!state.editable)
        } header: {
            Text("notices.objection.declaration")
        } footer: {
            VStack(alignment: .leading, spacing: 4) {
                invalid(state, .confirmation)
                Text("notices.objection.bindingFooter")
            }
        }
        Section {
            Toggle(isOn: Binding(get: { model.state.requestsSuspension }, set: { model.requestSuspension($0) })) {
                Text("notices.objection.suspension")
            }
            .disabled(!state.editable)
        } footer: {
            Text("notices.objection.suspensionFooter")
        }
    }

    @ViewBuilder
    private func upload(_ state: ReplyFormState) -> some View {
        Section {
            ForEach(Array(state.files.enumerated()), id: \.offset) { index, file in
                HStack {
                    Label {
                        VStack(alignment: .leading, spacing: 2) {
                            Text(verbatim: file.name)
                            Text(verbatim: file.size).font(.caption).foregroundStyle(.secondary)
                        }
                    } icon: {
                        Image(systemName: file.mimeType == "application/pdf" ? "doc.richtext" : "photo")
                    }
                    Spacer()
                    Button {
                        model.removeFile(index)
                    } label: {
                        Image(systemName: "minus.circle.fill").foregroundStyle(.red)
                    }
                    .buttonStyle(.borderless)
                    .accessibilityLabel(Text("notices.upload.remove \(file.name)"))
                    .disabled(!state.editable)
                }
                .accessibilityElement(children: .contain)
            }
            Button {
                importing = true
            } label: {
                Label("notices.upload.add", systemImage: "plus.circle")
            }
            .focused($focused, equals: .files)
            .disabled(!state.editable)
        } header: {
            Text("notices.upload.files")
        } footer: {
            VStack(alignment: .leading, spacing: 4) {
                invalid(state, .files)
                Text("notices.upload.filesFooter")
            }
        }
        Section {
            TextField(
                "notices.upload.note",
                text: Binding(get: { model.state.note }, set: { model.updateNote($0) }),
                axis: .vertical
            )
            .lineLimit(3...8)
            .focused($focused, equals: .note)
            .disabled(!state.editable)
        } header: {
            Text("notices.upload.noteHeader")
        } footer: {
            invalid(state, .note)
        }
    }

    /// The field's problem: the core's reason, else why "send" waits.
    @ViewBuilder
    private func invalid(_ state: ReplyFormState, _ field: ReplyField) -> some View {
        if state.invalidField == field {
            Label {
                if let reason = state.invalidReason {
                    Text(verbatim: reason)
                } else {
                    Text(field.missingKey)
                }
            } icon: {
                Image(systemName: "exclamationmark.circle.fill")
            }
            .foregroundStyle(.red)
        }
    }

    /// Saved: where the reply stands, loudly while it is only on the phone.
    @ViewBuilder
    private func saved(_ state: ReplyFormState) -> some View {
        Section {
            if state.phase == .notReceived, let text = state.statusText {
                NotReceivedBanner(title: text, detail: state.statusDetail)
            } else if let reply = state.reply {
                ReplyStatusBadge(status: reply.status, text: reply.statusText)
            }
            if let reply = state.reply {
                Text("notices.reply.created \(reply.created)")
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
                if let receipt = reply.receiptId {
                    NoticeFact(label: "notices.reply.receiptNumber", value: receipt)
                }
            }
            if state.phase == .refused {
                Button("notices.reply.editAgain") { model.edit() }
            }
        }
    }

    private func picked(_ result: Result<[URL], Error>) {
        guard case .success(let urls) = result else { return }
        Task {
            var files: [UploadFile] = []
            for url in urls {
                do {
                    files.append(try await PickedFiles.read(url))
                } catch let failure as PickedFiles.Failure {
                    pickFailure = failure
                } catch {
                    pickFailure = .unreadable(name: url.lastPathComponent)
                }
            }
            if !files.isEmpty { model.addFiles(files) }
        }
    }
}

private extension ReplyField {
    /// Why "send" waits, when the core gave no reason (checked before asking it).
    var missingKey: LocalizedStringKey {
        switch self {
        case .text: return "notices.objection.reasonMissing"
        case .confirmation: return "notices.objection.bindingMissing"
        case .files: return "notices.upload.filesMissing"
        case .note, .reply: return "error.validation"
        }
    }
}
