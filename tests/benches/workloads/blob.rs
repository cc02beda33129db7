//! The whole-cache approach of JavaScript city apps, reimplemented for
//! comparison (never used by the app).
//!
//! Such apps keep everything they show offline as ONE JSON document (a
//! persisted store in AsyncStorage or a file in the app's documents): the
//! news, the appointments, the notices. At start they read it whole, parse
//! it whole, and the screens filter arrays in memory. The home screen's
//! four answers therefore cost a read and a parse of the whole cache, which
//! grows with every stored news item.
//!
//! The reimplementation is generous to that approach: it parses into typed
//! structs with serde (faster than `JSON.parse` into generic objects), picks
//! the newest 20 by partial selection instead of sorting everything, and
//! keeps notices in plain text (no decryption, unlike the core).

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Europe::Berlin;
use leipzig_core::{
    appointments::{Appointment as CoreAppointment, AppointmentStatus},
    news::NewsItem,
    notices::Notice,
};
use serde::{Deserialize, Serialize};

use super::{Fallible, HomeScreen};

/// The whole cache.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Blob {
    /// Every stored press release.
    pub news: Vec<News>,
    /// Every appointment.
    pub appointments: Vec<Appointment>,
    /// Every notice, as the city sent it.
    pub notices: Vec<Notice>,
}

/// A press release as such an app keeps it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct News {
    id: i64,
    guid: String,
    title: String,
    link: Option<String>,
    summary: String,
    image_url: Option<String>,
    /// ISO 8601 in UTC (`…Z`): sorts as text in time order.
    published: Option<String>,
    categories: Vec<String>,
    read: bool,
}

/// An appointment as such an app keeps it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    process_id: u32,
    status: String,
    timestamp: i64,
    slot_count: u32,
    office_id: u32,
    office_name: String,
    address: String,
    service_id: u32,
    service_name: String,
    count: u32,
}

/// Writes the cache holding exactly this data; returns its size in bytes.
pub fn write(
    path: &Path,
    news: &[NewsItem],
    appointments: &[CoreAppointment],
    notices: &[Notice],
) -> Fallible<u64> {
    let blob = Blob {
        news: news
            .iter()
            .map(|n| News {
                id: n.id,
                guid: n.guid.clone(),
                title: n.title.clone(),
                link: n.link.clone(),
                summary: n.summary.clone(),
                image_url: n.image_url.clone(),
                published: n.published.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
                categories: n.categories.clone(),
                read: n.read,
            })
            .collect(),
        appointments: appointments
            .iter()
            .map(|a| Appointment {
                process_id: a.process_id,
                status: a.status.as_str().to_owned(),
                timestamp: a.timestamp,
                slot_count: a.slot_count,
                office_id: a.office_id,
                office_name: a.office_name.clone(),
                address: a.address.clone(),
                service_id: a.service_id,
                service_name: a.service_name.clone(),
                count: a.count,
            })
            .collect(),
        notices: notices.to_vec(),
    };
    let bytes = serde_json::to_vec(&blob)?;
    std::fs::write(path, &bytes)?;
    Ok(bytes.len() as u64)
}

/// The home screen the whole-cache way: read and parse the cache, then the
/// next appointment, the open notices with days left, the newest 20 news.
pub fn home_screen(path: &Path, now: DateTime<Utc>) -> Fallible<HomeScreen> {
    let bytes = std::fs::read(path)?;
    let blob: Blob = serde_json::from_slice(&bytes)?;

    let deleted = AppointmentStatus::Deleted.as_str();
    let next_appointment = blob
        .appointments
        .iter()
        .filter(|a| a.status != deleted && a.timestamp >= now.timestamp())
        .min_by_key(|a| a.timestamp)
        .map(|a| a.process_id);

    let today = now.with_timezone(&Berlin).date_naive();
    let mut open: Vec<&Notice> = blob.notices.iter().filter(|n| !n.archived).collect();
    // Newest first, as the mailbox shows them.
    open.sort_by(|a, b| b.received_at.cmp(&a.received_at));
    let open_notices = open
        .into_iter()
        .map(|n| {
            let deadlines = n
                .deadlines
                .iter()
                .map(|d| {
                    let due = d.due_at.as_deref().and_then(|t| t.parse::<chrono::NaiveDate>().ok());
                    (d.name.clone(), due.map(|due| (due - today).num_days()))
                })
                .collect();
            (n.id.clone(), deadlines)
        })
        .collect();

    // Newest 20 without sorting the rest: select, then order the few.
    let mut refs: Vec<&News> = blob.news.iter().collect();
    let newest_first =
        |a: &&News, b: &&News| b.published.cmp(&a.published).then_with(|| b.id.cmp(&a.id));
    let top = refs.len().min(20);
    if top > 0 && top < refs.len() {
        refs.select_nth_unstable_by(top - 1, newest_first);
    }
    refs.truncate(top);
    refs.sort_by(newest_first);
    let newest_news = refs.into_iter().map(|n| n.guid.clone()).collect();

    Ok(HomeScreen { next_appointment, open_notices, newest_news })
}
