//! A very small PDF 1.4 writer: one A4 page of text and rules in Helvetica
//! (regular and bold, the standard 14 fonts, so nothing is embedded),
//! WinAnsi-encoded so umlauts, `ß`, `€` and `–` print as such.
//!
//! The file is ASCII apart from the binary-marker comment: strings escape
//! `(`, `)`, `\` and write non-ASCII bytes as octal escapes. The cross
//! reference table carries each object's exact byte offset and the file
//! ends with `%%EOF`.

use std::fmt::Write as _;

/// A4 width in points.
pub const PAGE_WIDTH: u32 = 595;
/// A4 height in points.
pub const PAGE_HEIGHT: u32 = 842;

/// A font of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// Helvetica.
    Regular,
    /// Helvetica-Bold.
    Bold,
}

/// The content of the one page, drawn in order.
#[derive(Debug, Clone, Default)]
pub struct Page {
    content: String,
}

impl Page {
    /// An empty page.
    pub fn new() -> Self {
        Self::default()
    }

    /// Text with its baseline starting at (`x`, `y`), origin bottom left.
    pub fn text(&mut self, font: Font, size: u32, x: u32, y: u32, text: &str) {
        let name = match font {
            Font::Regular => "F1",
            Font::Bold => "F2",
        };
        let _ = writeln!(self.content, "BT /{name} {size} Tf {x} {y} Td ({}) Tj ET", encode(text));
    }

    /// A straight line of `width` points.
    pub fn rule(&mut self, x1: u32, y1: u32, x2: u32, y2: u32, width: f32) {
        let _ = writeln!(self.content, "{width:.1} w {x1} {y1} m {x2} {y2} l S");
    }
}

/// The bytes of a PDF string literal's inside: WinAnsi bytes, with
/// delimiters escaped and everything outside printable ASCII as `\ooo`.
/// Characters WinAnsi lacks become `?`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let byte = win_ansi(c).unwrap_or(b'?');
        match byte {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(char::from(byte));
            }
            0x20..=0x7e => out.push(char::from(byte)),
            _ => {
                let _ = write!(out, "\\{byte:03o}");
            }
        }
    }
    out
}

/// The WinAnsiEncoding (cp1252) byte of `c`.
fn win_ansi(c: char) -> Option<u8> {
    let code = u32::from(c);
    match code {
        0x20..=0x7e | 0xa0..=0xff => u8::try_from(code).ok(),
        _ => Some(match c {
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => return None,
        }),
    }
}

/// The whole file: catalog, page tree, page, two fonts, content, info.
/// `created` is a PDF date (`D:20260503101500Z`).
pub fn document(page: &Page, title: &str, created: &str) -> Vec<u8> {
    let content = page.content.as_bytes();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
             /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        {
            let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
            stream.extend_from_slice(content);
            stream.extend_from_slice(b"\nendstream");
            stream
        },
        format!(
            "<< /Title ({}) /Producer (leipzig-sandbox) /CreationDate ({}) >>",
            encode(title),
            encode(created)
        )
        .into_bytes(),
    ];
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref}\n%%EOF",
        objects.len() + 1
    );
    out.extend_from_slice(table.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_win_ansi() {
        assert_eq!(encode("Gebühr (25,00 €) – a\\b"), "Geb\\374hr \\(25,00 \\200\\) \\226 a\\\\b");
        assert_eq!(encode("Straße ✓"), "Stra\\337e ?");
    }

    #[test]
    fn the_xref_points_at_every_object() {
        let mut page = Page::new();
        page.text(Font::Bold, 20, 56, 780, "Quittung");
        page.rule(56, 770, 539, 770, 0.5);
        let pdf = document(&page, "Quittung", "D:20260503101500Z");
        assert!(pdf.starts_with(b"%PDF-1.4\n") && pdf.ends_with(b"%%EOF"));
        let find = |needle: &[u8]| pdf.windows(needle.len()).rposition(|w| w == needle);
        let at = find(b"startxref\n").expect("startxref") + "startxref\n".len();
        let tail = std::str::from_utf8(&pdf[at..]).expect("ascii");
        let start: usize = tail.lines().next().and_then(|n| n.parse().ok()).expect("offset");
        assert!(pdf[start..].starts_with(b"xref\n0 8\n"));
        let table = std::str::from_utf8(&pdf[start..]).expect("ascii");
        for (i, entry) in table.split('\n').skip(3).take(7).enumerate() {
            assert_eq!(entry.len(), 19, "{entry:?} is 20 bytes with its EOL");
            let offset: usize = entry[..10].parse().expect("offset");
            assert!(pdf[offset..].starts_with(format!("{} 0 obj\n", i + 1).as_bytes()));
        }
        let stream =
            format!("<< /Length {} >>\nstream\n{}\nendstream", page.content.len(), page.content);
        assert!(find(stream.as_bytes()).is_some());
    }
}
