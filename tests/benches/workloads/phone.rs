//! A phone for the home-screen benchmark: a citizen logged in at the
//! sandbox's provider, with the mailbox synced (one notice opened, so its
//! deadlines are fixed), two Bürgeramt appointments booked, and as many
//! stored news as asked. The same phone grows from 1,000 to 100,000 news,
//! so notices and appointments stay identical across sizes.

use std::{path::Path, sync::Arc};

use chrono::Utc;
use leipzig_core::{
    App, Config, Platform,
    appointments::{AppointmentStatus, BookingRequest, Contact, SlotQuery},
    db::{DB_FILE, Database},
    news::store,
    platform::{MemorySecretStore, NullLogger},
};
use leipzig_sandbox::RunningSandbox;
use tempfile::TempDir;

use super::{Fallible, HomeScreen, city, data};

/// The sandbox's test citizen with notices (fixtures/oidc/users.json).
const CITIZEN: &str = "demo-adult";
/// The password of every sandbox test user (a fixture, not a secret).
const PASSWORD: &str = "demo";
/// Personalausweis beantragen: offered by every Bürgerbüro.
const ID_CARD: u32 = 1_300_111;
/// Bürgerbüro Otto-Schill-Straße (no captcha).
const OFFICE: u32 = 10_401;

/// A phone: its data directory, its keystore and its app configuration.
#[derive(Debug)]
pub struct Phone {
    /// The data directory (removed on drop).
    pub dir: TempDir,
    secrets: Arc<MemorySecretStore>,
    config: Config,
    /// News stored so far (items `0..news`).
    news: u64,
}

impl Phone {
    /// A fresh phone against `sandbox`: logs in, syncs the mailbox, opens
    /// a notice, books two appointments. No news yet.
    pub async fn new(sandbox: &RunningSandbox) -> Fallible<Self> {
        let dir = tempfile::Builder::new().prefix("leipzig-bench-").tempdir()?;
        let config = city::config(sandbox, dir.path())?;
        let phone = Self { dir, secrets: Arc::new(MemorySecretStore::default()), config, news: 0 };
        let app = phone.open()?;
        log_in(&app).await?;
        app.notices().sync().await?;
        let notices = app.notices().list(false)?;
        let to_open = notices.iter().find(|n| n.subject.contains("Gehweg")).or(notices.first());
        if let Some(notice) = to_open {
            app.notices().open(&notice.id).await?;
        }
        book_two(&app).await?;
        Ok(phone)
    }

    /// Opens the app on this phone (what a cold start does).
    pub fn open(&self) -> Fallible<App> {
        let platform = Platform::new(self.secrets.clone(), Arc::new(NullLogger));
        Ok(App::open(self.config.clone(), platform)?)
    }

    /// Stores news until `total` are stored (written as a feed refresh
    /// writes them, 10,000 per transaction).
    pub fn grow_news(&mut self, total: u64) -> Fallible<()> {
        if total <= self.news {
            return Ok(());
        }
        let db = Database::open(&self.dir.path().join(DB_FILE))?;
        let now = Utc::now().timestamp();
        let mut from = self.news;
        while from < total {
            let to = (from + 10_000).min(total);
            let items = data::parsed_items(from..to)?;
            db.write(|tx| store::upsert(tx, &items, now))?;
            from = to;
        }
        self.news = total;
        Ok(())
    }

    /// News stored.
    pub fn news(&self) -> u64 {
        self.news
    }

    /// The home screen from cache, the core's way: open the app, then the
    /// next appointment, the open notices with their deadlines (decrypted,
    /// days left for today in Leipzig) and the newest 20 news.
    pub fn home_screen(&self) -> Fallible<HomeScreen> {
        let app = self.open()?;
        let now = Utc::now().timestamp();
        let next_appointment = app
            .appointments()
            .appointments()?
            .into_iter()
            .find(|a| a.status != AppointmentStatus::Deleted && a.timestamp >= now)
            .map(|a| a.process_id);
        let open_notices = app
            .notices()
            .list(false)?
            .into_iter()
            .map(|n| (n.id, n.deadlines.into_iter().map(|d| (d.name, d.days_left)).collect()))
            .collect();
        let newest_news = app.news().list(20, 0)?.into_iter().map(|n| n.guid).collect();
        Ok(HomeScreen { next_appointment, open_notices, newest_news })
    }

    /// Writes the same data as one JSON cache (see [`super::blob`]); its size.
    pub fn export_blob(&self, path: &Path) -> Fallible<u64> {
        let app = self.open()?;
        let (total, _) = app.news().counts()?;
        let news = app.news().list(u32::try_from(total)?, 0)?;
        let appointments = app.appointments().appointments()?;
        let notices = app.notices().list(true)?;
        super::blob::write(path, &news, &appointments, &notices)
    }
}

/// Logs the citizen in at the sandbox's provider, headlessly.
async fn log_in(app: &App) -> Fallible<()> {
    let redirect = "http://127.0.0.1:43117/callback";
    let request = app.account().begin_login(redirect).await?;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let answer =
        leipzig_sandbox::oidc::headless_login(&http, &request.url, CITIZEN, PASSWORD).await?;
    app.account().complete_login(&answer).await?;
    Ok(())
}

/// Books the first and the last free ID-card slot of the next two weeks.
async fn book_two(app: &App) -> Fallible<()> {
    let today = app.appointments().today();
    let query = SlotQuery {
        service_id: ID_CARD,
        count: 1,
        office_ids: vec![OFFICE],
        from: today,
        to: today + chrono::Duration::days(13),
    };
    let found = app.appointments().search_slots(&query).await?;
    let mut slots: Vec<_> = found.slots.first().into_iter().chain(found.slots.last()).collect();
    slots.dedup();
    for slot in slots {
        let request = BookingRequest {
            office_id: slot.office_id,
            service_id: slot.service_id,
            count: 1,
            timestamp: slot.timestamp,
            contact: Contact {
                family_name: "Mustermann".to_owned(),
                email: Some("erika.mustermann@example.org".to_owned()),
                telephone: None,
            },
        };
        app.appointments().book(&request).await?;
    }
    Ok(())
}
