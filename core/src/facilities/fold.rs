//! German-aware search folding: case, umlauts and ß, other diacritics.
//!
//! Citizens type "Bürgerbüro", "buergerbuero" or "burgerburo". Every word is
//! indexed in two spellings — umlauts as `ae/oe/ue` and as plain `a/o/u` (ß
//! is always `ss`; other accents are dropped) — and every query word is
//! matched, as a prefix, against both. Query words are reduced to letters and
//! digits and quoted, so FTS5 syntax (`"`, `*`, `NEAR`, `-`) in a query is
//! just text, never an error.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

fn fold(word: &str, umlaut_as_e: bool) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' if umlaut_as_e => out.push_str("ae"),
            'ö' if umlaut_as_e => out.push_str("oe"),
            'ü' if umlaut_as_e => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c => out.extend(c.to_string().nfd().filter(|c| !is_combining_mark(*c))),
        }
    }
    out.retain(|c| c.is_ascii_alphanumeric());
    out
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// The text to index for `fields`: every word in both spellings.
pub fn index_text<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut out: Vec<String> = Vec::new();
    for field in fields {
        for word in words(field) {
            for variant in [fold(word, true), fold(word, false)] {
                if !variant.is_empty() && !out.contains(&variant) {
                    out.push(variant);
                }
            }
        }
    }
    out.join(" ")
}

/// An FTS5 MATCH expression for a typed query: every word must match (as a
/// prefix, in either spelling). `None` when the query has no words.
pub fn match_expression(query: &str) -> Option<String> {
    let terms: Vec<String> = words(query)
        .take(12)
        .filter_map(|word| {
            let mut variants = vec![fold(word, true), fold(word, false)];
            variants.retain(|v| !v.is_empty());
            variants.dedup();
            (!variants.is_empty()).then(|| {
                let alternatives: Vec<String> =
                    variants.iter().map(|v| format!("\"{v}\"*")).collect();
                format!("({})", alternatives.join(" OR "))
            })
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_are_indexed() {
        assert_eq!(
            index_text(["Bürgerbüro Otto-Schill-Straße"]),
            "buergerbuero burgerburo otto schill strasse"
        );
        assert_eq!(index_text(["Café Größe"]), "cafe groesse grosse");
    }

    #[test]
    fn queries_are_prefixes_in_both_spellings_and_never_syntax() {
        assert_eq!(match_expression("Bürgerb").as_deref(), Some(r#"("buergerb"* OR "burgerb"*)"#));
        assert_eq!(match_expression("buergerbuero").as_deref(), Some(r#"("buergerbuero"*)"#));
        assert_eq!(
            match_expression(r#"NEAR "otto" -schill*"#).as_deref(),
            Some(r#"("near"*) AND ("otto"*) AND ("schill"*)"#)
        );
        assert_eq!(match_expression(r#"" * - ()"#), None);
    }
}
