//! Slot search across offices: one calendar request per office, a few in
//! parallel, all within the shared rate budget. An office that fails (its
//! captcha, a 503) does not sink the search: it is reported next to the
//! slots of the others.

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use futures_util::{StreamExt, stream};

use super::{
    api::ZmsClient,
    captcha::CaptchaTokens,
    model::{Office, Slot, SlotSearch},
};
use crate::error::{Error, Result};

/// Calendar requests in flight at once: one per Bürgerbüro (Leipzig has
/// 11-12), well inside the 60 requests a minute; the rate budget bounds the rest.
pub const DEFAULT_CONCURRENCY: usize = 12;
/// Attempts per office after 429s or an expired captcha.
const ATTEMPTS: u32 = 5;

/// Searches `offices` for `service` between `from` and `to` (Leipzig days).
pub async fn search(
    zms: &ZmsClient,
    captcha: &CaptchaTokens,
    offices: &[Office],
    service: u32,
    count: u32,
    (from, to): (NaiveDate, NaiveDate),
    concurrency: usize,
) -> SlotSearch {
    // The futures are built first and then driven a few at a time; building
    // them inside the stream's closure trips up the `Send` inference.
    let requests: Vec<_> = offices
        .iter()
        .map(|office| async move {
            (office.id, office_slots(zms, captcha, office, service, count, from, to).await)
        })
        .collect();
    let results: Vec<(u32, Result<Vec<Slot>>)> =
        stream::iter(requests).buffer_unordered(concurrency.max(1)).collect().await;
    let mut search = SlotSearch::default();
    for (office, result) in results {
        match result {
            Ok(slots) => search.slots.extend(slots),
            Err(e) => search.failed_offices.push((office, e.to_string())),
        }
    }
    search.slots.sort_by_key(|s| (s.timestamp, s.office_id));
    search.failed_offices.sort();
    search
}

async fn office_slots(
    zms: &ZmsClient,
    captcha: &CaptchaTokens,
    office: &Office,
    service: u32,
    count: u32,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Slot>> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let token = match office.captcha_required {
            true => Some(captcha.token(zms).await?),
            false => None,
        };
        match zms.calendar(office.id, service, count, from, to, token.as_deref()).await {
            Ok(calendar) => {
                let slots = calendar
                    .available_days
                    .into_iter()
                    .flat_map(|day| day.offices.unwrap_or_default())
                    .filter(|o| o.office_id.0 == i64::from(office.id))
                    .flat_map(|o| o.appointments.unwrap_or_default())
                    .map(|ts| ts.0)
                    // Only slots inside the asked range. "In the future" is the
                    // server's call: the phone's clock may be off.
                    .filter(|ts| in_range(*ts, from, to))
                    .map(|timestamp| Slot {
                        office_id: office.id,
                        office_name: office.name.clone(),
                        service_id: service,
                        timestamp,
                    })
                    .collect();
                return Ok(slots);
            }
            // The budget already waits for the window's reset before the next try.
            Err(Error::Zms(e)) if e.status == 429 && attempt < ATTEMPTS => {}
            Err(Error::Zms(e)) if e.code.wants_new_captcha() && attempt < ATTEMPTS => {
                captcha.forget()
            }
            Err(e) => return Err(e),
        }
    }
}

fn in_range(ts: i64, from: NaiveDate, to: NaiveDate) -> bool {
    Utc.timestamp_opt(ts, 0)
        .single()
        .map(|t| t.with_timezone(&Berlin).date_naive())
        .is_some_and(|day| day >= from && day <= to)
}
