//! The notices' PDFs, made with the sandbox's PDF writer from the notice
//! itself, so the bytes are the same on every start: the Bescheid (letter
//! head, addressee, file numbers, text, payment, Rechtsbehelfsbelehrung)
//! and enclosures (a heading and lines). `sha512` and `sizeBytes` on the
//! wire are of exactly these bytes; a tampered attachment is served with
//! one character of its text changed (same size, valid PDF, other hash).

use sha2::{Digest, Sha512};

use super::model::{AttachmentRole, AttachmentSpec, Notice};
use crate::{
    app_api::pdf::{self, Font, Page},
    epaybl::amount::german,
    oidc::users,
};

const LEFT: u32 = 56;
/// Lowest baseline on the page.
const BOTTOM: u32 = 60;
/// Characters per line of 10 pt Helvetica across the text width.
const WRAP: usize = 92;

/// Hex SHA-512 of `bytes` (as `sha512sum` prints it).
pub fn sha512_hex(bytes: &[u8]) -> String {
    hex::encode(Sha512::digest(bytes))
}

/// `dd.mm.yyyy`.
fn german_date(day: chrono::NaiveDate) -> String {
    day.format("%d.%m.%Y").to_string()
}

/// Lines of at most `width` characters, broken at spaces; paragraphs
/// (`\n`) stay apart.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let len = line.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// Writes lines downwards from `y`, stopping at the bottom margin.
struct Cursor<'a> {
    page: &'a mut Page,
    y: u32,
}

impl Cursor<'_> {
    fn line(&mut self, font: Font, size: u32, text: &str) {
        if self.y < BOTTOM {
            return;
        }
        if !text.is_empty() {
            self.page.text(font, size, LEFT, self.y, text);
        }
        self.y = self.y.saturating_sub(size + 3);
    }

    fn paragraph(&mut self, text: &str) {
        for line in wrap(text, WRAP) {
            self.line(Font::Regular, 10, &line);
        }
    }

    fn gap(&mut self, points: u32) {
        self.y = self.y.saturating_sub(points);
    }
}

/// The bytes of attachment `spec` of `notice`.
pub fn render(notice: &Notice, spec: &AttachmentSpec) -> Vec<u8> {
    let mut page = Page::new();
    let issuer = &notice.issuer;
    page.text(Font::Bold, 12, LEFT, 800, &issuer.authority);
    page.text(Font::Regular, 10, LEFT, 786, &issuer.office);
    if let Some(unit) = &issuer.organisational_unit {
        page.text(Font::Regular, 10, LEFT, 773, unit);
    }
    page.text(
        Font::Regular,
        8,
        LEFT,
        740,
        &format!("{} · {}", issuer.office, issuer.contact.address),
    );
    let mut right = 720;
    let mut info = |label: &str, value: &str| {
        page.text(Font::Regular, 9, 360, right, &format!("{label}: {value}"));
        right -= 13;
    };
    info("Aktenzeichen", &notice.references.aktenzeichen);
    if let Some(kassenzeichen) = &notice.references.kassenzeichen {
        info("Kassenzeichen", kassenzeichen);
    }
    info("Datum", &german_date(notice.issued_at));
    info("Telefon", &issuer.contact.phone);
    info("E-Mail", &issuer.contact.email);
    if let Some(user) = users::by_sub(&notice.owner) {
        let name = format!("{} {}", user.given_name, user.family_name);
        let city = format!("{} {}", user.address.postal_code, user.address.locality);
        for (i, line) in [name.as_str(), &user.address.street_address, &city].iter().enumerate() {
            let offset = u32::try_from(i).unwrap_or(0) * 13;
            page.text(Font::Regular, 10, LEFT, 720 - offset, line);
        }
    }
    let mut cursor = Cursor { page: &mut page, y: 640 };
    match spec.role {
        AttachmentRole::Bescheid => bescheid(&mut cursor, notice),
        AttachmentRole::Anlage => {
            let heading = format!(
                "Anlage zum Schreiben vom {}, Az. {}",
                german_date(notice.issued_at),
                notice.references.aktenzeichen
            );
            cursor.line(Font::Regular, 9, &heading);
            cursor.gap(8);
            cursor.line(Font::Bold, 14, &spec.title);
            cursor.gap(6);
            for line in &spec.lines {
                cursor.paragraph(line);
            }
        }
    }
    let created = format!("D:{}070000Z", notice.issued_at.format("%Y%m%d"));
    let title = if spec.title.is_empty() { &notice.subject } else { &spec.title };
    pdf::document(&page, title, &created)
}

/// The letter's text.
fn bescheid(cursor: &mut Cursor<'_>, notice: &Notice) {
    cursor.line(Font::Bold, 13, &notice.subject);
    cursor.gap(8);
    cursor.paragraph(&notice.body);
    if let Some(p) = &notice.payment {
        cursor.gap(6);
        cursor.line(Font::Bold, 10, "Zahlungshinweise");
        cursor.paragraph(&format!(
            "Bitte zahlen Sie {} € bis zum {} an {}, IBAN {}, Verwendungszweck: {}.",
            german(p.amount_due_cents),
            german_date(p.due_date),
            p.recipient,
            p.iban,
            p.purpose
        ));
    }
    cursor.gap(6);
    let heading = match notice.kind {
        super::model::NoticeKind::Bescheid => "Rechtsbehelfsbelehrung",
        super::model::NoticeKind::Mitteilung => "Hinweis",
    };
    cursor.line(Font::Bold, 10, heading);
    cursor.paragraph(&notice.rechtsbehelfsbelehrung);
    cursor.gap(10);
    cursor.line(Font::Regular, 10, "Mit freundlichen Grüßen");
    cursor.line(Font::Regular, 10, &notice.issuer.official_name);
    cursor.gap(10);
    cursor.line(
        Font::Regular,
        8,
        "Dieses Schreiben wurde elektronisch erstellt und ist ohne Unterschrift gültig.",
    );
}

/// The bytes served for `spec`: a tampered attachment has one letter of
/// its text changed.
pub fn served(notice: &Notice, spec: &AttachmentSpec, tampered: bool) -> Vec<u8> {
    let mut bytes = render(notice, spec);
    if tampered {
        tamper(&mut bytes);
    }
    bytes
}

/// Changes the last letter or digit of the first text string that ends in
/// one (`…X) Tj`), keeping the file a valid PDF of the same size.
fn tamper(bytes: &mut [u8]) {
    let marker = b") Tj";
    let mut from = 0;
    while let Some(at) = bytes[from..].windows(marker.len()).position(|w| w == marker) {
        let end = from + at;
        if let Some(byte) = end.checked_sub(1).and_then(|i| bytes.get_mut(i))
            && byte.is_ascii_alphanumeric()
        {
            *byte = if *byte == b'X' { b'Y' } else { b'X' };
            return;
        }
        from = end + marker.len();
    }
    // No text at all: change the version digit of the header instead.
    if let Some(byte) = bytes.get_mut(7) {
        *byte = byte.wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_keeps_paragraphs() {
        let lines = wrap("eins zwei drei vier\nfünf", 10);
        assert_eq!(lines, ["eins zwei", "drei vier", "fünf"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn tampering_keeps_the_size_and_changes_the_hash() {
        let mut page = Page::new();
        page.text(Font::Regular, 10, 56, 700, "Gebühr 48,50 €");
        let original = pdf::document(&page, "t", "D:20260101070000Z");
        let mut changed = original.clone();
        tamper(&mut changed);
        assert_eq!(changed.len(), original.len());
        assert_ne!(sha512_hex(&changed), sha512_hex(&original));
        assert!(changed.starts_with(b"%PDF-") && changed.ends_with(b"%%EOF"));
    }
}
