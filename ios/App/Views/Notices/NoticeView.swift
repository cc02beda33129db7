// One official notice: what it says, its deadlines, PDFs, replies and
// actions (pay, object, send documents, acknowledge, export, archive).
import LeipzigCore
import SwiftUI

/// One notice, rendering `NoticeModel` (opening the screen is the
/// retrieval the city is told about, once). From the top: subject and
/// office, the loud "Noch nicht beim Amt eingegangen" while a reply is only
/// on the phone, the deadlines ("noch N Tage" / "heute" / "abgelaufen"),
/// what the citizen can do (pay → the payments' pay screen; object, send
/// documents, acknowledge → the reply forms), the text and the
/// Rechtsbehelfsbelehrung, the PDFs (checked against the city's SHA-512 by
/// the core, shown with PDFKit, shared from the viewer or a row's menu), the
/// replies and the facts (Aktenzeichen, Kassenzeichen, issuer, delivery).
/// The toolbar exports everything (PDFs and a JSON copy) to the share sheet
/// ("Save to Files") and archives.
@MainActor
struct NoticeView: View {
    @StateObject private var model: NoticeModel
    private let pay: (PaymentSubject, Bool) -> Void
    /// The PDF showing in the viewer sheet.
    @State private var shownFile: ShownFile?
    /// Files in the share sheet (one PDF, or the export).
    @State private var shared: ExportedFiles?

    init(notices: Notices, id: String, language: LanguageSetting, pay: @escaping (PaymentSubject, Bool) -> Void) {
        _model = StateObject(wrappedValue: NoticeModel(notices: notices, id: id, language: language))
        self.pay = pay
    }

    /// Where PDFs and exports are written for the viewer and the share sheet
    /// (temporary: the system cleans it up).
    private static var directory: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("notices", isDirectory: true)
    }

    var body: some View {
        content
            .navigationTitle(Text("notices.notice.title"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .primaryAction) { menu }
            }
            .onReceive(model.effects) { effect in
                switch effect {
                case .openFile(let file, _):
                    shownFile = ShownFile(url: file)
                case .shareFile(let file, _, _):
                    shared = ExportedFiles(urls: [file])
                case .pay(let subject, let pageUrl):
                    pay(subject, pageUrl != nil)
                }
            }
            .sheet(item: $shownFile) { file in
                NoticePDFSheet(url: file.url)
            }
            .sheet(item: $shared) { files in
                ShareSheet(items: files.urls)
            }
            .alert(
                "notices.actionFailed",
                isPresented: Binding(
                    get: { model.state.phase == .content && (model.state.error != nil || model.state.payRefusal != nil) },
                    set: { if !$0 { model.dismissError() } }
                )
            ) {
                Button("action.ok", role: .cancel) { model.dismissError() }
            } message: {
                if let refusal = model.state.payRefusal {
                    Text(verbatim: refusal)
                } else {
                    Text((model.state.error ?? .other).messageKey)
                }
            }
    }

    @ViewBuilder
    private var content: some View {
        let state = model.state
        switch state.phase {
        case .loading:
            ProgressView("notices.notice.loading")
                .frame(maxWidth: .infinity, maxHeight: .infinity)
        case .error:
            let kind = state.error ?? .notFound
            StatusView(symbol: kind.symbol, title: "notices.notice.error", message: kind.messageKey) {
                model.retry()
            }
        case .content:
            if let notice = state.notice { detail(state, notice) }
        }
    }

    @ViewBuilder
    private var menu: some View {
        if let notice = model.state.notice {
            Menu {
                Button {
                    export()
                } label: {
                    Label("notices.export", systemImage: "square.and.arrow.up")
                }
                .disabled(model.state.exporting)
                Button {
                    model.archive(!notice.archived)
                } label: {
                    Label(
                        notice.archived ? LocalizedStringKey("notices.restore") : LocalizedStringKey("notices.archive"),
                        systemImage: notice.archived ? "tray.and.arrow.up" : "archivebox"
                    )
                }
            } label: {
                if model.state.exporting {
                    ProgressView()
                } else {
                    Label("notices.more", systemImage: "ellipsis.circle")
                }
            }
        }
    }

    private func detail(_ state: NoticeState, _ notice: NoticeDetail) -> some View {
        List {
            NoticeHeaderSection(notice: notice)
            if state.notReceived, let text = state.notReceivedText {
                Section {
                    NotReceivedBanner(title: text, detail: state.notReceivedDetail)
                }
            }
            if !state.deadlines.isEmpty {
                Section("notices.deadlines") {
                    ForEach(state.deadlines) { DeadlineLine(row: $0) }
                }
            }
            actions(state, notice)
            Section("notices.text") {
                Text(verbatim: notice.body)
                    .textSelection(.enabled)
            }
            if let belehrung = notice.rechtsbehelfsbelehrung {
                Section("notices.rechtsbehelfsbelehrung") {
                    Text(verbatim: belehrung)
                        .font(.callout)
                        .textSelection(.enabled)
                }
            }
            if !state.attachments.isEmpty {
                Section("notices.documents") {
                    ForEach(state.attachments) { attachment(row: $0) }
                }
            }
            if !state.replies.isEmpty {
                Section("notices.replies") {
                    ForEach(state.replies) { ReplyRowView(row: $0) }
                }
            }
            NoticeFactsSections(notice: notice)
        }
    }

    /// Pay, object, send documents, acknowledge: only what the notice allows now.
    @ViewBuilder
    private func actions(_ state: NoticeState, _ notice: NoticeDetail) -> some View {
        if state.canPay || state.canObject || state.canUpload || state.canAcknowledge {
            Section {
                if state.canPay {
                    Button {
                        model.pay()
                    } label: {
                        HStack {
                            Label {
                                if let amount = notice.amount {
                                    Text("notices.payAmount \(amount)")
                                } else {
                                    Text("notices.pay")
                                }
                            } icon: {
                                Image(systemName: "eurosign.circle")
                            }
                            .font(.body.weight(.semibold))
                            if state.paying {
                                Spacer()
                                ProgressView()
                            }
                        }
                    }
                    .disabled(state.paying)
                }
                if state.canObject { replyLink(notice.id, .objection) }
                if state.canUpload { replyLink(notice.id, .uploadDocument) }
                if state.canAcknowledge { replyLink(notice.id, .acknowledge) }
            } header: {
                Text("notices.actions")
            }
        }
    }

    private func replyLink(_ id: String, _ kind: ReplyKind) -> some View {
        NavigationLink(value: NoticesRoute.reply(noticeId: id, kind: kind)) {
            Label(kind.titleKey, systemImage: kind.symbol)
        }
    }

    /// A PDF: tap to show it (downloaded and checked first), the menu to share it.
    private func attachment(row: AttachmentRow) -> some View {
        Button {
            model.showAttachment(row.id, directory: Self.directory)
        } label: {
            HStack(spacing: 12) {
                Image(systemName: row.main ? "doc.richtext" : "paperclip")
                    .foregroundStyle(Color.accentColor)
                    .accessibilityHidden(true)
                VStack(alignment: .leading, spacing: 2) {
                    Text(verbatim: row.fileName)
                        .foregroundStyle(Color.primary)
                    (row.main ? Text("notices.document.main \(row.size)") : Text("notices.document.enclosure \(row.size)"))
                        .font(.caption)
                        .foregroundStyle(.secondary)
                    attachmentStatus(row)
                }
                Spacer()
                if row.status == .loading { ProgressView() }
            }
        }
        .disabled(row.status == .loading || row.status == .unverified)
        .contextMenu {
            Button {
                model.shareAttachment(row.id, directory: Self.directory)
            } label: {
                Label("notices.document.share", systemImage: "square.and.arrow.up")
            }
        }
        .accessibilityAction(named: Text("notices.document.share")) {
            model.shareAttachment(row.id, directory: Self.directory)
        }
    }

    @ViewBuilder
    private func attachmentStatus(_ row: AttachmentRow) -> some View {
        switch row.status {
        case .notLoaded:
            Text("notices.document.notLoaded").font(.caption).foregroundStyle(.secondary)
        case .loading:
            Text("notices.document.loading").font(.caption).foregroundStyle(.secondary)
        case .ready:
            Label("notices.document.verified", systemImage: "checkmark.shield")
                .font(.caption)
                .foregroundStyle(.green)
        case .unverified:
            Label("notices.document.unverified", systemImage: "xmark.shield.fill")
                .font(.caption.weight(.semibold))
                .foregroundStyle(.red)
        case .failed:
            Label((row.error ?? .other).messageKey, systemImage: "exclamationmark.triangle")
                .font(.caption)
                .foregroundStyle(.red)
        }
    }

    /// Exports the PDFs and the JSON copy into a fresh folder, then offers
    /// them in the share sheet ("Save to Files", mail, AirDrop).
    private func export() {
        let folder = Self.directory.appendingPathComponent("export-\(UUID().uuidString)", isDirectory: true)
        Task {
            if let exported = await model.export(directory: folder), !exported.files.isEmpty {
                shared = ExportedFiles(urls: exported.files)
            }
        }
    }
}
