//! The app object the shells create once at start.

use std::{path::PathBuf, sync::Arc};

use leipzig_core::{Config, Platform, platform::NullLogger};

use crate::{
    account::Account,
    appointments::Appointments,
    error::ApiError,
    facilities::Facilities,
    library::Library,
    news::News,
    notices::Notices,
    outbox::Outbox,
    payments::Payments,
    platform::{Logger, LoggerAdapter, SecretStore, SecretStoreAdapter},
    sync::Sync,
};

/// One running app: its database, HTTP client and services.
#[derive(Debug, uniffi::Object)]
pub struct App {
    inner: leipzig_core::App,
}

#[uniffi::export]
impl App {
    /// Opens the app. `config_toml` holds the `[endpoints]` (DESIGN.md
    /// keys); `data_dir` is the app-private directory for the database and
    /// wins over any `data_dir` in the TOML. Creates and migrates the
    /// database; does no network I/O, so it is safe at start-up.
    #[uniffi::constructor]
    pub fn open(
        config_toml: String,
        data_dir: String,
        secret_store: Arc<dyn SecretStore>,
        logger: Option<Arc<dyn Logger>>,
    ) -> Result<Arc<Self>, ApiError> {
        let data_dir = PathBuf::from(data_dir);
        let mut config = Config::from_toml(&config_toml, Some(&data_dir))?;
        config.data_dir = data_dir;
        let logger: Arc<dyn leipzig_core::platform::Logger> = match logger {
            Some(logger) => Arc::new(LoggerAdapter(logger)),
            None => Arc::new(NullLogger),
        };
        let platform = Platform::new(Arc::new(SecretStoreAdapter(secret_store)), logger);
        let inner = leipzig_core::App::open(config, platform)?;
        Ok(Arc::new(Self { inner }))
    }

    /// City-hall news.
    pub fn news(&self) -> Arc<News> {
        Arc::new(News::new(self.inner.clone()))
    }

    /// Bürgeramt appointments.
    pub fn appointments(&self) -> Arc<Appointments> {
        Arc::new(Appointments::new(self.inner.clone()))
    }

    /// The citizen's login.
    pub fn account(&self) -> Arc<Account> {
        Arc::new(Account::new(self.inner.clone()))
    }

    /// Public facilities: search, near me, open now.
    pub fn facilities(&self) -> Arc<Facilities> {
        Arc::new(Facilities::new(self.inner.clone()))
    }

    /// Library cards.
    pub fn library(&self) -> Arc<Library> {
        Arc::new(Library::new(self.inner.clone()))
    }

    /// Official notices (Bescheide).
    pub fn notices(&self) -> Arc<Notices> {
        Arc::new(Notices::new(self.inner.clone()))
    }

    /// Fees and payments.
    pub fn payments(&self) -> Arc<Payments> {
        Arc::new(Payments::new(self.inner.clone()))
    }

    /// Actions on their way to the city.
    pub fn outbox(&self) -> Arc<Outbox> {
        Arc::new(Outbox::new(self.inner.clone()))
    }

    /// Background sync, for WorkManager / BGTaskScheduler.
    pub fn sync(&self) -> Arc<Sync> {
        Arc::new(Sync::new(self.inner.clone()))
    }

    /// Deletes everything the app stored on this device ("delete all my
    /// data"); every listener then sees empty data. Refuses with
    /// `ApiError.PendingActions` while actions are not yet received by the
    /// city, unless `force` (the citizen chose to discard them).
    pub fn wipe_local_data(&self, force: bool) -> Result<(), ApiError> {
        Ok(self.inner.wipe_local_data(force)?)
    }

    /// Switches offline mode (e.g. when the OS reports no network): while
    /// on, nothing touches the network and refreshes fail with `Offline`.
    pub fn set_offline(&self, offline: bool) {
        self.inner.set_offline(offline);
    }

    /// True while offline mode is on.
    pub fn is_offline(&self) -> bool {
        self.inner.is_offline()
    }
}
