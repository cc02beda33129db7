//! Notices as read from the phone, deadlines evaluated for today in
//! Leipzig; the SHA-512 check of PDFs; file names safe to write.

use chrono_tz::Europe::Berlin;
use sha2::{Digest, Sha512};

use super::{deadlines, model::Notice, store};
use crate::{
    app::Context,
    crypto::Sealer,
    error::{Error, Result},
    payments::Subject,
};

/// Notices as read from the phone, deadlines evaluated (also for
/// listeners, which outlive a borrow of the service).
#[derive(Debug, Clone)]
pub(super) struct NoticesView {
    pub(super) ctx: Context,
    pub(super) sealer: Sealer,
}

impl NoticesView {
    pub(super) fn get(&self, id: &str) -> Result<Option<Notice>> {
        let Some(mut n) = self.ctx.db.read(|c| store::get(c, &self.sealer, id))? else {
            return Ok(None);
        };
        let replies = self.ctx.db.read(|c| store::replies(c, &self.sealer, Some(id)))?;
        let paid_here = |s: &Subject| {
            self.ctx.db.read(|c| crate::payments::store::paid_for(c, s)).ok().flatten().is_some()
        };
        let paid =
            n.payment.as_ref().is_some_and(|p| p.paid || p.subject.as_ref().is_some_and(paid_here));
        let today = self.ctx.platform.clock.now().with_timezone(&Berlin).date_naive();
        deadlines::evaluate(&mut n.deadlines, &replies, today, paid);
        Ok(Some(n))
    }

    pub(super) fn list(&self, include_archived: bool) -> Result<Vec<Notice>> {
        let ids = self.ctx.db.read(|c| store::ids(c, include_archived))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.get(&id)?);
        }
        Ok(out)
    }
}

/// Refuses bytes whose SHA-512 is not the city's.
pub(super) fn verify(bytes: &[u8], sha512: &str) -> Result<()> {
    if hex::encode(Sha512::digest(bytes)) == sha512 {
        Ok(())
    } else {
        Err(Error::InvalidResponse {
            what: "attachment",
            reason: "its SHA-512 does not match the notice".to_owned(),
        })
    }
}

/// A file name without path separators or control characters.
pub(super) fn safe_file_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':') { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim().to_owned();
    if cleaned.is_empty() { fallback.to_owned() } else { cleaned }
}
