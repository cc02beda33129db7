// The notice texts that depend on the city's dates and on where a reply
// stands. Mirrors NoticeTexts.kt word for word (not in Localizable.strings):
// every shell says exactly the same about a deadline.
import Foundation
import LeipzigCore

/// The notice texts that depend on the city's dates and on where a reply
/// stands, in one language: days left, deadline names, the loud "not yet
/// received" warning, the channel a notice came by, file sizes. Ported from
/// NoticeTexts.kt; everything else on the notice screens is in
/// Localizable.strings.
struct NoticeTexts {
    private let german: Bool

    init(_ language: AppLanguage) {
        german = language == .german
    }

    /// "noch 5 Tage", "noch 1 Tag", "heute", "abgelaufen", … for a deadline in `status`.
    func remaining(_ status: DeadlineStatus, daysLeft: Int64?, kind: DeadlineKind) -> String {
        switch status {
        case .notFixed:
            return german ? "Frist beginnt mit dem Abruf" : "Starts when you open the notice"
        case .open:
            let days = daysLeft ?? 0
            if german { return days == 1 ? "noch 1 Tag" : "noch \(days) Tage" }
            return days == 1 ? "1 day left" : "\(days) days left"
        case .today:
            return german ? "heute" : "today"
        case .passed:
            return german ? "abgelaufen" : "expired"
        case .met:
            switch kind {
            case .payment: return german ? "bezahlt" : "paid"
            case .objection: return german ? "Widerspruch eingegangen" : "objection received"
            case .other: return german ? "erledigt" : "done"
            }
        }
    }

    /// "Widerspruchsfrist", "Zahlungsfrist", else the city's name of the deadline.
    func deadlineName(_ kind: DeadlineKind, name: String) -> String {
        switch kind {
        case .objection: return german ? "Widerspruchsfrist" : "Objection deadline"
        case .payment: return german ? "Zahlungsfrist" : "Payment due"
        case .other:
            // Kotlin's `lowercase().replaceFirstChar { it.titlecase() }`.
            let lowered = name.lowercased()
            return lowered.prefix(1).uppercased() + lowered.dropFirst()
        }
    }

    /// The loud warning while a reply is only on this phone.
    var notReceived: String {
        german ? "Noch nicht beim Amt eingegangen" : "Not yet received by the office"
    }

    /// Why `notReceived` matters.
    var notReceivedDetail: String {
        german
            ? "Ihre Antwort ist nur auf diesem Telefon gespeichert und wahrt die Frist erst, wenn das Amt "
                + "den Eingang bestätigt. Sie wird gesendet, sobald eine Verbindung besteht."
            : "Your reply is only saved on this phone; it meets the deadline once the office confirms "
                + "receipt. It is sent as soon as there is a connection."
    }

    /// "Beim Amt eingegangen am 26.11.2026, 10:15".
    func received(at: String) -> String {
        german ? "Beim Amt eingegangen am \(at)" : "Received by the office on \(at)"
    }

    /// A reply the city refused, with its reason when there is one.
    func refused(reason: String?) -> String {
        let head = german ? "Vom Amt nicht angenommen" : "Not accepted by the office"
        guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return head }
        return "\(head): \(reason)"
    }

    /// How the notice came: "Leipzig-App", "BundID-Postfach", "Post".
    func channel(_ channel: String) -> String {
        switch channel.uppercased() {
        case "LEIPZIG_APP": return "Leipzig-App"
        case "BUNDID_POSTFACH": return german ? "BundID-Postfach" : "BundID mailbox"
        case "POST": return german ? "Post" : "Letter"
        default: return channel
        }
    }

    /// `840 KB`, `1,2 MB` / `1.2 MB`; bytes below a kilobyte as `512 B`.
    func fileSize(_ bytes: Int64) -> String {
        let separator = german ? "," : "."
        if bytes < 1_024 { return "\(bytes)\u{00A0}B" }
        if bytes < 1_024 * 1_024 { return "\((bytes + 512) / 1_024)\u{00A0}KB" }
        let tenths = (bytes * 10 + 512 * 1_024) / (1_024 * 1_024)
        return "\(tenths / 10)\(separator)\(tenths % 10)\u{00A0}MB"
    }
}
