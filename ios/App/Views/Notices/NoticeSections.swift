// Parts of the notice screen: the header, the facts (Aktenzeichen, issuer,
// delivery) and one reply.
import LeipzigCore
import SwiftUI

/// The notice's subject, kind and office, date of issue, and — when the
/// city's retrieval window passed unused — that it can no longer be
/// retrieved there.
struct NoticeHeaderSection: View {
    let notice: NoticeDetail

    var body: some View {
        Section {
            VStack(alignment: .leading, spacing: 6) {
                Text(verbatim: notice.subject)
                    .font(.title3.weight(.semibold))
                    .accessibilityAddTraits(.isHeader)
                (notice.bescheid
                    ? Text("notices.kind.bescheid \(notice.office ?? notice.authority)")
                    : Text("notices.kind.mitteilung \(notice.office ?? notice.authority)"))
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
                Text("notices.issued \(notice.issued)")
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
                if let amount = notice.amount {
                    HStack(spacing: 8) {
                        Text(verbatim: amount)
                            .font(.title2.weight(.semibold))
                            .monospacedDigit()
                        if notice.paid {
                            Label("notices.paid", systemImage: "checkmark.seal.fill")
                                .font(.subheadline.weight(.semibold))
                                .foregroundStyle(.green)
                        }
                    }
                }
                if notice.archived {
                    Label("notices.archived", systemImage: "archivebox")
                        .font(.caption)
                        .foregroundStyle(.secondary)
                }
                if !notice.retrievable && notice.retrievedAt == nil {
                    Label("notices.notRetrievable.long", systemImage: "clock.badge.xmark")
                        .font(.caption)
                        .foregroundStyle(.secondary)
                }
            }
            .padding(.vertical, 4)
            .accessibilityElement(children: .combine)
        }
    }
}

/// The references, who issued it (phone and e-mail as links) and how it
/// was delivered and announced — the city's dates, shown as they came.
struct NoticeFactsSections: View {
    let notice: NoticeDetail

    var body: some View {
        Section("notices.references") {
            if let aktenzeichen = notice.aktenzeichen {
                NoticeFact(label: "notices.aktenzeichen", value: aktenzeichen)
            }
            if let kassenzeichen = notice.kassenzeichen {
                NoticeFact(label: "notices.kassenzeichen", value: kassenzeichen)
            }
            NoticeFact(label: "notices.issuedAt", value: notice.issued)
        }
        Section("notices.issuer") {
            NoticeFact(label: "notices.authority", value: notice.authority)
            if let office = notice.office { NoticeFact(label: "notices.office", value: office) }
            if let official = notice.officialName { NoticeFact(label: "notices.official", value: official) }
            if let address = notice.address { NoticeFact(label: "notices.address", value: address) }
            if let phone = notice.phone {
                contact("notices.phone", value: phone, url: URL(string: "tel:" + phone.filter { "+0123456789".contains($0) }))
            }
            if let email = notice.email {
                contact("notices.email", value: email, url: URL(string: "mailto:" + email))
            }
        }
        Section("notices.delivery") {
            NoticeFact(label: "notices.channel", value: notice.channel)
            if let provided = notice.providedAt { NoticeFact(label: "notices.providedAt", value: provided) }
            if let retrieved = notice.retrievedAt { NoticeFact(label: "notices.retrievedAt", value: retrieved) }
            if let ends = notice.provisionEnds { NoticeFact(label: "notices.provisionEnds", value: ends) }
            if let bekanntgabe = notice.bekanntgabe {
                NoticeFact(label: "notices.bekanntgabe", value: bekanntgabe)
            } else {
                LabeledContent {
                    Text("notices.bekanntgabe.pending")
                        .multilineTextAlignment(.trailing)
                } label: {
                    Text("notices.bekanntgabe")
                }
                .accessibilityElement(children: .combine)
            }
        }
    }

    /// A phone number or e-mail address the system can open (it asks first for calls).
    @ViewBuilder
    private func contact(_ label: LocalizedStringKey, value: String, url: URL?) -> some View {
        if let url {
            Link(destination: url) {
                LabeledContent {
                    Text(verbatim: value)
                } label: {
                    Text(label).foregroundStyle(Color.primary)
                }
            }
            .accessibilityElement(children: .combine)
        } else {
            NoticeFact(label: label, value: value)
        }
    }
}

/// One reply: what it was, where it stands (the shared text: "Noch nicht
/// beim Amt eingegangen" dashed, "Beim Amt eingegangen am …" with the
/// building), when it was made, the receipt number, the text or files.
struct ReplyRowView: View {
    let row: ReplyRow

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            Label(row.kind.titleKey, systemImage: row.kind.symbol)
                .font(.headline)
            ReplyStatusBadge(status: row.status, text: row.statusText)
            Text("notices.reply.created \(row.created)")
                .font(.caption)
                .foregroundStyle(.secondary)
            if let receipt = row.receiptId {
                Text("notices.reply.receipt \(receipt)")
                    .font(.caption)
                    .foregroundStyle(.secondary)
                    .textSelection(.enabled)
            }
            if let text = row.text {
                Text(verbatim: text)
                    .font(.subheadline)
                    .lineLimit(4)
            }
            ForEach(row.fileNames, id: \.self) { name in
                Label {
                    Text(verbatim: name)
                } icon: {
                    Image(systemName: "doc")
                }
                .font(.caption)
            }
        }
        .padding(.vertical, 4)
        .accessibilityElement(children: .combine)
    }
}
