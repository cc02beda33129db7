//! The entry point: [`App::open`] and the handles of every domain.

use std::sync::Arc;

use crate::{
    config::Config,
    db::{DB_FILE, Database},
    error::Result,
    http::HttpClient,
    news::NewsService,
    platform::{Log, Platform},
    sync::SyncService,
};

/// What every service shares: configuration, database, HTTP, platform.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub config: Arc<Config>,
    pub db: Arc<Database>,
    pub http: Arc<HttpClient>,
    pub log: Log,
    #[allow(dead_code)] // read by the account and outbox services
    pub platform: Platform,
}

impl Context {
    /// Current time in unix seconds.
    pub fn now(&self) -> i64 {
        chrono::Utc::now().timestamp()
    }
}

/// One running app: a database, an HTTP client and the domain services.
/// Cheap to clone; clones share everything.
#[derive(Debug, Clone)]
pub struct App {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    ctx: Context,
    news: NewsService,
}

impl App {
    /// Opens the database in `config.data_dir` (creating and migrating it)
    /// and builds the services. Does no network I/O.
    pub fn open(config: Config, platform: Platform) -> Result<Self> {
        config.validate()?;
        crate::platform::create_private_dir(&config.data_dir)?;
        let log = Log::new(Arc::clone(&platform.logger), "app");
        let db = Arc::new(Database::open(&config.data_dir.join(DB_FILE))?);
        let http = Arc::new(HttpClient::new(&config.http, config.offline, log.with_target("http")));
        let ctx = Context { config: Arc::new(config), db, http, log, platform };
        let news = NewsService::new(Context { log: ctx.log.with_target("news"), ..ctx.clone() });
        ctx.log.info(&format!("opened, schema v{}", crate::db::LATEST_VERSION));
        Ok(Self { inner: Arc::new(Inner { ctx, news }) })
    }

    /// City-hall news.
    pub fn news(&self) -> &NewsService {
        &self.inner.news
    }

    /// Background sync, for the platform's scheduler.
    pub fn sync(&self) -> SyncService<'_> {
        SyncService::new(self)
    }

    /// Deletes every row the app stored (news, validators, and later the
    /// citizen's data), zeroing the freed pages, and tells every listener.
    /// The citizen's "delete all data on this phone" (BSI O.Data_17).
    pub fn wipe_local_data(&self) -> Result<()> {
        self.inner.ctx.db.wipe()?;
        self.inner.ctx.log.info("local data wiped");
        self.inner.news.notify_changed();
        Ok(())
    }

    /// The configuration the app was opened with.
    pub fn config(&self) -> &Config {
        &self.inner.ctx.config
    }

    /// Switches offline mode at runtime (e.g. when the OS reports no network).
    pub fn set_offline(&self, offline: bool) {
        self.inner.ctx.http.set_offline(offline);
    }

    /// True while offline mode is on.
    pub fn is_offline(&self) -> bool {
        self.inner.ctx.http.is_offline()
    }
}
