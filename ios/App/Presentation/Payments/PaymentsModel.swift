// "My payments" and their receipts (Quittungen). Mirrors PaymentsStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// What "my payments" shows. Mirrors `PaymentsState`.
struct PaymentsState: Equatable {
    /// The phone is read for the first time.
    var loading = true
    /// Every payment on the phone, newest first.
    var rows: [PaymentRow] = []
    /// Payments the city is still asked about ("Zahlung wird geprüft").
    var checking = 0
    /// The city is asked about every payment now.
    var refreshing = false
    /// The last refresh or export failed.
    var error: ErrorKind?
}

/// A receipt written to files for sharing: the PDF and, beside it, the same
/// facts as JSON. Mirrors `ExportedReceipt`.
struct ExportedReceipt: Equatable, Sendable {
    let pdf: URL
    let json: URL?
    let receipt: ReceiptDetails
}

/// "My payments" and their receipts: every payment stored on the phone
/// (works offline), updated by the core's listener; `refresh` asks the city
/// about all of them (late successes, receipts still missing). Receipts are
/// read from the phone, so they can be shown, shared and exported offline.
/// Mirrors PaymentsStateHolder.kt.
@MainActor
final class PaymentsModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = PaymentsState()

    private static let open: Set<PaymentStatus> = [.saved, .open, .debitPending]

    private let payments: Payments
    /// nil until the listener's first list.
    private var items: [Payment]?
    private var refreshing = false
    private var error: ErrorKind?
    private var formats: Formats
    private var changes: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(payments: Payments, language: LanguageSetting) {
        self.payments = payments
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        changes = Task { [weak self] in
            // Subscribing reads SQLite: off the main actor.
            let stream = await Task.detached { payments.changes() }.value
            for await items in stream {
                self?.items = items
                self?.render()
            }
        }
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        changes?.cancel()
    }

    /// Pull to refresh: asks the city about every payment; a no-op while one
    /// runs. The task ends with it (`.refreshable` keeps its spinner).
    @discardableResult
    func refresh() -> Task<Void, Never> {
        if refreshing { return Task {} }
        refreshing = true
        error = nil
        render()
        return Task { [payments] in
            do {
                _ = try await payments.reconcile()
            } catch {
                self.error = ErrorKind(error)
            }
            self.refreshing = false
            self.render()
        }
    }

    /// The receipt of payment `id` from the phone; nil (and `error`) when there is none.
    func receipt(_ id: String) async -> ReceiptDetails? {
        let formats = self.formats
        return await guarded { [payments] in
            try await Task.detached { try payments.receipt(id: id) }.value.details(formats)
        }
    }

    /// The receipt's PDF bytes from the phone, e.g. to show it.
    func receiptPdf(_ id: String) async -> Data? {
        await guarded { [payments] in try await Task.detached { try payments.receiptPdf(id: id) }.value }
    }

    /// Writes the receipt of payment `id` into `directory` as
    /// `Quittung-<number>.pdf` (and the JSON beside it) for sharing or
    /// saving; nil (and `error`) when it failed.
    func exportReceipt(_ id: String, directory: URL) async -> ExportedReceipt? {
        let formats = self.formats
        return await guarded { [payments] in try await payments.exportReceipt(id, to: directory, formats: formats) }
    }

    /// The error was shown.
    func dismissError() {
        error = nil
        render()
    }

    private func guarded<T>(_ block: () async throws -> T) async -> T? {
        error = nil
        render()
        do {
            return try await block()
        } catch {
            self.error = ErrorKind(error)
            render()
            return nil
        }
    }

    private func render() {
        let rows = (items ?? []).map { $0.row(formats) }
        let next = PaymentsState(
            loading: items == nil,
            rows: rows,
            checking: rows.filter { Self.open.contains($0.status) }.count,
            refreshing: refreshing,
            error: error
        )
        if next != state { state = next }
    }
}

extension Payments {
    /// Writes the receipt of payment `id` into `directory` as
    /// `Quittung-<number>.pdf`, with the same facts as JSON beside it (the
    /// core writes both; its blocking calls run off the main actor). Kotlin's
    /// `Payments.exportReceiptTo`, shared by `PaymentsModel` and `PaymentModel`.
    func exportReceipt(_ id: String, to directory: URL, formats: Formats) async throws -> ExportedReceipt {
        let receipt = try await Task.detached { try self.receipt(id: id) }.value.details(formats)
        let target = directory.appendingPathComponent(receipt.fileName)
        let files = try await Task.detached { () -> [String] in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try self.exportReceipt(id: id, path: target.path(percentEncoded: false))
        }.value
        guard let pdf = files.first else { throw ApiError.Other(reason: "no receipt file written") }
        let json = files.count > 1 ? URL(fileURLWithPath: files[1]) : nil
        return ExportedReceipt(pdf: URL(fileURLWithPath: pdf), json: json, receipt: receipt)
    }
}
