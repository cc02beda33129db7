// The receipt (Quittung): its facts, the city's PDF (PDFKit) and "share".
import LeipzigCore
import SwiftUI

/// The receipt of a paid payment, from the phone (offline too): the facts
/// the citizen may be asked for (Kassenzeichen, amount, when, how, to whom,
/// receipt number), the city's PDF below them, and "share" (`ShareLink`:
/// save to Files, mail, print) for the PDF the core writes on demand
/// (`exportReceipt`, `Quittung-<number>.pdf`). Reads through `PaymentsModel`
/// (Kotlin: `PaymentsStateHolder.receipt`, `receiptPdf`, `exportReceipt`).
@MainActor
struct ReceiptView: View {
    @StateObject private var model: PaymentsModel
    private let paymentId: String
    @State private var receipt: ReceiptDetails?
    @State private var pdf: Data?
    @State private var loaded = false

    init(payments: Payments, paymentId: String, language: LanguageSetting) {
        self.paymentId = paymentId
        _model = StateObject(wrappedValue: PaymentsModel(payments: payments, language: language))
    }

    var body: some View {
        content
            .navigationTitle(Text("receipt.title"))
            .toolbar {
                ToolbarItem(placement: .primaryAction) {
                    if let receipt, pdf != nil {
                        ShareLink(
                            item: file(),
                            preview: SharePreview(
                                Text("receipt.shareTitle \(receipt.number)"),
                                image: Image(systemName: "doc.richtext")
                            )
                        ) {
                            Label("receipt.share", systemImage: "square.and.arrow.up")
                        }
                    }
                }
            }
            .task { await load() }
    }

    @ViewBuilder
    private var content: some View {
        if let receipt {
            List {
                facts(receipt)
                Section("receipt.document") {
                    if let pdf {
                        PDFDocumentView(data: pdf)
                            .frame(minHeight: 480)
                            .listRowInsets(EdgeInsets())
                            .accessibilityLabel(Text("receipt.document"))
                    } else {
                        Text("receipt.noPdf")
                            .foregroundStyle(.secondary)
                    }
                }
            }
        } else if !loaded {
            ProgressView("receipt.loading")
                .frame(maxWidth: .infinity, maxHeight: .infinity)
        } else {
            let error = model.state.error ?? .notFound
            StatusView(symbol: error.symbol, title: "receipt.error.title", message: error.messageKey) {
                Task { await load() }
            }
        }
    }

    private func facts(_ receipt: ReceiptDetails) -> some View {
        Section {
            PaymentFact(label: "receipt.for", value: receipt.title)
            PaymentFact(label: "receipt.amount", value: receipt.amount)
            PaymentFact(label: "receipt.reference", value: receipt.reference)
            if let method = receipt.method {
                PaymentFact(label: "receipt.method", value: method)
            }
            PaymentFact(label: "receipt.paidAt", value: receipt.paidAt)
            PaymentFact(label: "receipt.payee", value: "\(receipt.payee), \(receipt.payeeAddress)")
            PaymentFact(label: "receipt.number", value: receipt.number)
            PaymentFact(label: "receipt.issuedAt", value: receipt.issuedAt)
            PaymentFact(label: "receipt.paymentId", value: receipt.paymentId)
        }
    }

    /// Reads the receipt and its PDF from the phone (also "try again").
    private func load() async {
        loaded = false
        receipt = await model.receipt(paymentId)
        if receipt != nil {
            pdf = await model.receiptPdf(paymentId)
            // The PDF may be missing while the facts are stored; that is no error.
            if pdf == nil { model.dismissError() }
        }
        loaded = true
    }

    /// The PDF as a file, written by the core only when the share sheet asks.
    private func file() -> ReceiptFile {
        let model = self.model
        let id = paymentId
        return ReceiptFile {
            await model.exportReceipt(id, directory: ReceiptFile.directory)?.pdf
        }
    }
}
