//! The entry point: [`App::open`] and the handles of every domain.

use std::sync::Arc;

use crate::{
    account::{AccountService, LogoutReport},
    app_api::AppApiClient,
    appointments::AppointmentsService,
    config::Config,
    db::{DB_FILE, Database},
    error::Result,
    facilities::FacilitiesService,
    http::HttpClient,
    library::LibraryService,
    news::NewsService,
    notices::NoticesService,
    outbox::Outbox,
    payments::PaymentsService,
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
    pub platform: Platform,
}

impl Context {
    /// The device's time in unix seconds (the platform's clock).
    pub fn now(&self) -> i64 {
        self.platform.clock.now().timestamp()
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
    outbox: Arc<Outbox>,
    appointments: AppointmentsService,
    facilities: FacilitiesService,
    account: Arc<AccountService>,
    payments: PaymentsService,
    notices: NoticesService,
    library: LibraryService,
    /// A paid payment changes its notice's payment deadline.
    _payments_to_notices: crate::listeners::Subscription,
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
        let scoped = |target| Context { log: ctx.log.with_target(target), ..ctx.clone() };
        let news = NewsService::new(scoped("news"));
        let outbox = Arc::new(Outbox::new(scoped("outbox")));
        let app_api = ctx.config.endpoints.app_api.clone().map(|base| {
            Arc::new(AppApiClient::new(
                Arc::clone(&ctx.http),
                base,
                Arc::clone(&ctx.platform.secrets),
            ))
        });
        let appointments =
            AppointmentsService::new(scoped("appointments"), Arc::clone(&outbox), app_api.clone());
        let facilities = FacilitiesService::new(scoped("facilities"));
        let account = Arc::new(AccountService::new(scoped("account")));
        let payments = PaymentsService::new(
            scoped("payments"),
            Arc::clone(&outbox),
            Arc::clone(&account),
            app_api.clone(),
        );
        let notices = NoticesService::new(
            scoped("notices"),
            Arc::clone(&outbox),
            Arc::clone(&account),
            app_api.clone(),
        );
        let library = LibraryService::new(
            scoped("library"),
            Arc::clone(&outbox),
            Arc::clone(&account),
            app_api,
        );
        ctx.log.info(&format!("opened, schema v{}", crate::db::LATEST_VERSION));
        let (notice_listeners, library_listeners) = (notices.listeners(), library.listeners());
        let _payments_to_notices = payments.on_change(move || {
            notice_listeners.notify();
            library_listeners.notify();
        });
        let inner = Inner {
            ctx,
            news,
            outbox,
            appointments,
            facilities,
            account,
            payments,
            notices,
            library,
            _payments_to_notices,
        };
        Ok(Self { inner: Arc::new(inner) })
    }

    /// City-hall news.
    pub fn news(&self) -> &NewsService {
        &self.inner.news
    }

    /// Bürgeramt appointments.
    pub fn appointments(&self) -> &AppointmentsService {
        &self.inner.appointments
    }

    /// Public facilities.
    pub fn facilities(&self) -> &FacilitiesService {
        &self.inner.facilities
    }

    /// The citizen's login.
    pub fn account(&self) -> &AccountService {
        &self.inner.account
    }

    /// Fees and payments.
    pub fn payments(&self) -> &PaymentsService {
        &self.inner.payments
    }

    /// Official notices (Bescheide) and replies to them.
    pub fn notices(&self) -> &NoticesService {
        &self.inner.notices
    }

    /// Library cards.
    pub fn library(&self) -> &LibraryService {
        &self.inner.library
    }

    /// Pays the fee of library registration `id`; the registration follows
    /// the payment (`library().refresh()`).
    pub async fn pay_library(&self, id: &str) -> Result<crate::payments::StartedPayment> {
        let r = self.inner.library.registration(id)?;
        let due = r.state == crate::library::RegistrationState::PaymentPending;
        let subject =
            r.payment_subject.filter(|_| due).ok_or_else(|| crate::Error::Validation {
                field: "registration",
                reason: "no fee is due for this registration".to_owned(),
            })?;
        self.inner.payments.start(subject).await
    }

    /// Pays what notice `id` demands, through the payments service.
    pub async fn pay_notice(&self, id: &str) -> Result<crate::payments::StartedPayment> {
        let subject = self.inner.notices.payment_subject(id)?;
        let started = self.inner.payments.start(subject).await;
        self.inner.notices.notify_changed();
        started
    }

    /// The app was just opened or came back to the foreground: settles
    /// bookings a previous run left unfinished, delivers saved actions, asks the city about every payment that may have
    /// changed meanwhile (the app may have died on the payment page) and
    /// fetches the mailbox.
    /// [`App::open`] itself stays free of network I/O, so the first screen
    /// shows at once; shells call this right after it.
    pub async fn resume(&self) -> crate::sync::ResumeReport {
        let sync = self.sync();
        if let Err(e) = self.inner.appointments.finish_interrupted_bookings().await {
            self.inner.ctx.log.warn(&format!("interrupted bookings not settled: {e}"));
        }
        let outbox = sync.run_outbox().await;
        let payments = sync.reconcile_payments(true).await;
        let notices = sync.sync_notices().await;
        crate::sync::ResumeReport { outbox, payments, notices }
    }

    /// Logs out: ends the session at the identity provider (when it can be
    /// reached), then wipes tokens, keys and every personal row on the
    /// phone. Refuses with [`crate::Error::PendingOutbox`] while actions are
    /// not yet received by the city, unless `force`.
    pub async fn logout(&self, force: bool) -> Result<LogoutReport> {
        let pending = self.inner.outbox.unfinished_count()?;
        if pending > 0 && !force {
            return Err(crate::Error::PendingOutbox { count: pending });
        }
        let ended_at_provider = self.inner.account.end_session().await?;
        self.wipe_local_data(true)?;
        self.inner.ctx.log.info("logged out");
        Ok(LogoutReport { ended_at_provider })
    }

    /// Actions on their way to the city.
    pub fn outbox(&self) -> &Outbox {
        &self.inner.outbox
    }

    /// Background sync, for the platform's scheduler.
    pub fn sync(&self) -> SyncService<'_> {
        SyncService::new(self)
    }

    /// Deletes every row the app stored, the login and the secrets that
    /// belong to them, zeroing the freed pages, and tells every listener: the
    /// citizen's "delete all data on this phone" (BSI O.Data_17). Refuses
    /// with [`crate::Error::PendingOutbox`] while actions are not yet
    /// received by the city, unless `force`: nothing is dropped silently.
    pub fn wipe_local_data(&self, force: bool) -> Result<()> {
        let pending = self.inner.outbox.unfinished_count()?;
        if pending > 0 && !force {
            return Err(crate::Error::PendingOutbox { count: pending });
        }
        let appointments = self.inner.appointments.appointments()?;
        self.inner.ctx.db.wipe()?;
        // The login goes too, and with the data key every sealed copy left
        // in freed pages or the WAL (crypto-shredding).
        self.inner.account.forget()?;
        for a in appointments {
            // Crypto-shredding: without its key a process id is worthless.
            let _ = self
                .inner
                .ctx
                .platform
                .secrets
                .delete(&crate::appointments::delivery::auth_key_name(a.process_id));
        }
        self.inner.ctx.log.info("local data wiped");
        self.inner.news.notify_changed();
        self.inner.appointments.notify_changed();
        self.inner.facilities.notify_changed();
        self.inner.account.notify_changed();
        self.inner.payments.notify_changed();
        self.inner.notices.notify_changed();
        self.inner.library.listeners().notify();
        self.inner.outbox.notify();
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
