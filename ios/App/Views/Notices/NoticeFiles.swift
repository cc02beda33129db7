// Files in and out of the notice screens: documents picked for an upload
// reply (read with security-scoped access) and the exported notice shared
// through the system's share sheet.
import LeipzigCore
import SwiftUI
import UIKit
import UniformTypeIdentifiers

/// Reads documents the citizen picked with `.fileImporter` into the core's
/// `UploadFile`s: PDF, JPEG or PNG only, by the file's type (the core checks
/// the bytes' magic numbers again and refuses anything else). Files from
/// other apps' containers or iCloud Drive are only readable inside
/// `startAccessingSecurityScopedResource()`; the bytes are read in full
/// there and the access ends at once. Nothing is copied to disk.
enum PickedFiles {
    /// The types the importer offers (the core accepts no others).
    static let types: [UTType] = [.pdf, .jpeg, .png]

    /// Why a picked file was not taken.
    enum Failure: Error, Equatable {
        /// Not a PDF, JPEG or PNG.
        case unsupported(name: String)
        /// It could not be read (no access, gone from iCloud, …).
        case unreadable(name: String)
    }

    /// The file at `url` as an upload; reads off the main actor.
    static func read(_ url: URL) async throws -> UploadFile {
        try await Task.detached(priority: .userInitiated) { try readNow(url) }.value
    }

    private static func readNow(_ url: URL) throws -> UploadFile {
        let name = url.lastPathComponent
        let scoped = url.startAccessingSecurityScopedResource()
        defer { if scoped { url.stopAccessingSecurityScopedResource() } }
        let type = (try? url.resourceValues(forKeys: [.contentTypeKey]).contentType)
            ?? UTType(filenameExtension: url.pathExtension)
        guard let mime = mimeType(type) else { throw Failure.unsupported(name: name) }
        // Coordinated read: a file provider may still have to download it.
        var coordinated: Data?
        var coordinationError: NSError?
        NSFileCoordinator().coordinate(readingItemAt: url, options: [], error: &coordinationError) { readable in
            coordinated = try? Data(contentsOf: readable)
        }
        guard coordinationError == nil, let bytes = coordinated else { throw Failure.unreadable(name: name) }
        return UploadFile(fileName: name, mimeType: mime, bytes: bytes)
    }

    /// `application/pdf`, `image/jpeg`, `image/png`; nil for anything else.
    private static func mimeType(_ type: UTType?) -> String? {
        guard let type else { return nil }
        if type.conforms(to: .pdf) { return "application/pdf" }
        if type.conforms(to: .jpeg) { return "image/jpeg" }
        if type.conforms(to: .png) { return "image/png" }
        return nil
    }
}

/// The system share sheet over files already written (the exported notice:
/// its PDFs and the JSON copy): "Save to Files", AirDrop, mail, print.
struct ShareSheet: UIViewControllerRepresentable {
    let items: [URL]

    func makeUIViewController(context: Context) -> UIActivityViewController {
        UIActivityViewController(activityItems: items, applicationActivities: nil)
    }

    func updateUIViewController(_ controller: UIActivityViewController, context: Context) {}
}

/// Exported files for `.sheet(item:)`: a new identity per export.
struct ExportedFiles: Identifiable {
    let id = UUID()
    let urls: [URL]
}

/// A PDF written for the viewer, for `.sheet(item:)`.
struct ShownFile: Identifiable {
    let url: URL

    var id: URL { url }
}

/// A notice's PDF in PDFKit (zoom, scroll, VoiceOver reads the text) with
/// "share" (`ShareLink` over the file the model wrote after the core checked
/// it against the city's SHA-512) and "done".
struct NoticePDFSheet: View {
    let url: URL
    @Environment(\.dismiss) private var dismiss
    @State private var data: Data?
    @State private var failed = false

    var body: some View {
        NavigationStack {
            Group {
                if let data {
                    PDFDocumentView(data: data)
                        .ignoresSafeArea(edges: .bottom)
                        .accessibilityLabel(Text(verbatim: url.lastPathComponent))
                } else if failed {
                    StatusView(symbol: "doc.questionmark", title: "notices.document.unreadable")
                } else {
                    ProgressView()
                }
            }
            .navigationTitle(Text(verbatim: url.lastPathComponent))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("action.done") { dismiss() }
                }
                ToolbarItem(placement: .primaryAction) {
                    ShareLink(item: url) {
                        Label("notices.document.share", systemImage: "square.and.arrow.up")
                    }
                }
            }
        }
        .task {
            let url = self.url
            data = await Task.detached { try? Data(contentsOf: url) }.value
            failed = data == nil
        }
    }
}
