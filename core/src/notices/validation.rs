//! Checks of a reply before anything is queued: the notice's allowed
//! replies and limits, a reason and a binding confirmation for an
//! objection, file sizes and types checked against the bytes themselves.

use super::model::{AllowedReply, ReplyDraft};
use crate::error::{Error, Result};

/// Longest objection text.
pub const MAX_OBJECTION_CHARS: usize = 10_000;

/// The declaration shown before an objection is sent.
pub fn objection_declaration(aktenzeichen: Option<&str>) -> String {
    match aktenzeichen {
        Some(az) => format!("Ich erhebe hiermit verbindlich Widerspruch gegen den Bescheid {az}."),
        None => "Ich erhebe hiermit verbindlich Widerspruch gegen diesen Bescheid.".to_owned(),
    }
}

/// Checks a draft against the notice's rules; nothing is queued when it fails.
pub fn validate(draft: &ReplyDraft, allowed: &[AllowedReply]) -> Result<()> {
    let invalid =
        |field: &'static str, reason: &str| Error::Validation { field, reason: reason.to_owned() };
    let Some(rule) = allowed.iter().find(|a| a.kind == draft.kind()) else {
        return Err(invalid("reply", "the city does not accept this reply for this notice"));
    };
    match draft {
        ReplyDraft::Acknowledge => Ok(()),
        ReplyDraft::Objection { text, binding_confirmed, confirmation_text, .. } => {
            if text.trim().is_empty() {
                return Err(invalid("text", "an objection needs a reason"));
            }
            if text.chars().count() > MAX_OBJECTION_CHARS {
                return Err(invalid("text", "at most 10 000 characters"));
            }
            if !binding_confirmed || confirmation_text.trim().is_empty() {
                return Err(invalid("confirmation", "an objection must be confirmed as binding"));
            }
            Ok(())
        }
        ReplyDraft::Upload { files, note } => {
            if files.is_empty() {
                return Err(invalid("files", "choose at least one file"));
            }
            if note.as_deref().is_some_and(|n| n.chars().count() > 2_000) {
                return Err(invalid("note", "at most 2 000 characters"));
            }
            if files.len() > rule.max_files.unwrap_or(10) as usize {
                return Err(invalid("files", "too many files"));
            }
            let max = rule.max_bytes_per_file.unwrap_or(20 * 1024 * 1024);
            for f in files {
                if f.bytes.is_empty() {
                    return Err(invalid("files", "a file is empty"));
                }
                if f.bytes.len() as u64 > max {
                    return Err(invalid(
                        "files",
                        &format!("a file is larger than {} MB", max / (1024 * 1024)),
                    ));
                }
                if !rule.mime_types.iter().any(|m| m == &f.mime_type)
                    || !content_matches(&f.mime_type, &f.bytes)
                {
                    return Err(invalid("files", "only PDF, JPEG or PNG files are accepted"));
                }
                let name_ok = !f.file_name.trim().is_empty()
                    && f.file_name.len() <= 255
                    && !f.file_name.contains(['/', '\\', '"', '\r', '\n']);
                if !name_ok {
                    return Err(invalid("files", "a file name is not usable"));
                }
            }
            Ok(())
        }
    }
}

/// The bytes are what the MIME type claims (magic numbers).
fn content_matches(mime: &str, bytes: &[u8]) -> bool {
    match mime {
        "application/pdf" => bytes.starts_with(b"%PDF-"),
        "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::model::{ReplyKind, UploadFile};

    fn upload_rule() -> Vec<AllowedReply> {
        let kinds = [ReplyKind::Acknowledge, ReplyKind::Objection, ReplyKind::UploadDocument];
        kinds
            .into_iter()
            .map(|kind| AllowedReply {
                kind,
                max_files: Some(2),
                max_bytes_per_file: Some(1024),
                mime_types: vec!["application/pdf".into(), "image/png".into()],
            })
            .collect()
    }

    fn objection(text: &str, confirmed: bool) -> ReplyDraft {
        ReplyDraft::Objection {
            text: text.to_owned(),
            binding_confirmed: confirmed,
            confirmation_text: objection_declaration(Some("66.31")),
            requests_suspension: false,
        }
    }

    fn file(mime: &str, bytes: &[u8]) -> UploadFile {
        UploadFile { file_name: "a.pdf".into(), mime_type: mime.into(), bytes: bytes.to_vec() }
    }

    #[test]
    fn drafts_are_checked_before_anything_is_queued() {
        let rules = upload_rule();
        assert!(validate(&objection("Der Gehweg war frei.", true), &rules).is_ok());
        let field = |d: &ReplyDraft| match validate(d, &rules) {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(&objection("  ", true)), "text");
        assert_eq!(field(&objection("Grund", false)), "confirmation");
        assert_eq!(field(&objection(&"x".repeat(MAX_OBJECTION_CHARS + 1), true)), "text");
        let upload = |files| ReplyDraft::Upload { files, note: None };
        assert!(validate(&upload(vec![file("application/pdf", b"%PDF-1.4")]), &rules).is_ok());
        assert_eq!(field(&upload(vec![])), "files");
        assert_eq!(field(&upload(vec![file("text/plain", b"hello")])), "files");
        assert_eq!(field(&upload(vec![file("application/pdf", b"MZ not a pdf")])), "files");
        assert_eq!(field(&upload(vec![file("application/pdf", &[b'%'; 2048])])), "files");
        let three = vec![file("application/pdf", b"%PDF-1"); 3];
        assert_eq!(field(&upload(three)), "files");
        let pay_only = vec![AllowedReply {
            kind: ReplyKind::Pay,
            max_files: None,
            max_bytes_per_file: None,
            mime_types: vec![],
        }];
        assert!(matches!(
            validate(&ReplyDraft::Acknowledge, &pay_only),
            Err(Error::Validation { field: "reply", .. })
        ));
    }
}
