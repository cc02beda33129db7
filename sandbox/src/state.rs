//! The simulated city's state, optionally persisted to a directory.
//!
//! With a state directory, every change is written to `state.json` (via a
//! temporary file and a rename), so successive `leipzig` commands using the
//! embedded sandbox see one consistent city. Without one, the state lives
//! in memory only (tests).

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

use serde::{Deserialize, Serialize};

use chrono::{DateTime, Duration, Utc};

use crate::{
    app_api::{AppApiState, library::LibraryState, notices::NoticesState},
    epaybl::EpayblState,
    geo::GeoState,
    news::NewsState,
    oidc::state::OidcState,
    zms::state::ZmsState,
};

/// Name of the state file inside the state directory.
const STATE_FILE: &str = "state.json";

/// Everything the sandbox remembers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CityState {
    /// The press-release feed.
    #[serde(default)]
    pub news: NewsState,
    /// The ZMS citizen API: processes, mails, scenario.
    #[serde(default)]
    pub zms: ZmsState,
    /// The facility layer.
    #[serde(default = "GeoState::seeded")]
    pub geo: GeoState,
    /// The city's app API: idempotency records, slot watches, fees and
    /// payments (seeded from `fixtures/payments/`).
    #[serde(default)]
    pub app_api: AppApiState,
    /// The XBezahldienste payment service: transactions, tokens, settings.
    #[serde(default)]
    pub epaybl: EpayblState,
    /// Official notices, their retrievals and the replies received (seeded
    /// from `fixtures/notices/`, dated relative to the clock at seeding).
    #[serde(default)]
    pub notices: NoticesState,
    /// The library: card types with their fee table (seeded from
    /// `fixtures/library/`) and card registrations.
    #[serde(default)]
    pub library: LibraryState,
    /// The login provider: keys, lifetimes, codes, sessions.
    #[serde(default)]
    pub oidc: OidcState,
    /// Seconds the sandbox clock runs ahead of real time (`/_sandbox/clock`).
    #[serde(default)]
    pub clock_offset_seconds: i64,
}

impl CityState {
    /// The sandbox clock: real time shifted by the offset.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.clock_offset_seconds)
    }
}

/// Shared, persisted state.
#[derive(Debug, Clone)]
pub struct SharedState {
    inner: Arc<Mutex<CityState>>,
    dir: Option<PathBuf>,
}

/// Why the state could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Reading or writing the file failed.
    #[error("sandbox state file: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not valid state.
    #[error("sandbox state file is corrupt: {0}")]
    Corrupt(#[from] serde_json::Error),
}

impl SharedState {
    /// Loads the state from `dir` (seeding it when absent), or seeds a
    /// memory-only state when `dir` is `None`.
    pub fn open(dir: Option<&Path>) -> Result<Self, StateError> {
        let mut state: CityState = match dir {
            Some(dir) => match std::fs::read(dir.join(STATE_FILE)) {
                Ok(bytes) => serde_json::from_slice(&bytes)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => CityState::seeded(),
                Err(e) => return Err(e.into()),
            },
            None => CityState::seeded(),
        };
        // A request that was being handled when the sandbox stopped never
        // answered: its key may be used again.
        state.app_api.idempotency.records.retain(|_, r| r.status.is_some());
        // Likewise a payment whose provider call never finished: its key
        // keeps the payment id, so a retry starts it again under that id.
        state.app_api.payments.forget_unfinished();
        // A state file from before the notices: seed them on its clock.
        if state.notices.seeded_at.is_none() {
            state.notices = NoticesState::seeded(state.now());
        }
        let shared = Self { inner: Arc::new(Mutex::new(state)), dir: dir.map(Path::to_path_buf) };
        shared.save(&shared.lock())?;
        Ok(shared)
    }

    /// Reads the state.
    pub fn read<T>(&self, f: impl FnOnce(&CityState) -> T) -> T {
        f(&self.lock())
    }

    /// Changes the state and persists it before returning.
    pub fn update<T>(&self, f: impl FnOnce(&mut CityState) -> T) -> Result<T, StateError> {
        // Saved under the lock, so concurrent updates are written in order.
        let mut state = self.lock();
        let value = f(&mut state);
        self.save(&state)?;
        Ok(value)
    }

    /// Back to the seeded state (the login provider keeps its signing keys).
    pub fn reset(&self) -> Result<(), StateError> {
        self.update(CityState::reseed)
    }

    fn lock(&self) -> MutexGuard<'_, CityState> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn save(&self, state: &CityState) -> Result<(), StateError> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let bytes = serde_json::to_vec_pretty(state)?;
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!("{STATE_FILE}.tmp"));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, dir.join(STATE_FILE))?;
        Ok(())
    }
}

impl CityState {
    /// The state a fresh sandbox starts with, from the fixtures.
    pub fn seeded() -> Self {
        Self {
            news: NewsState::seeded(),
            zms: ZmsState::default(),
            geo: GeoState::seeded(),
            app_api: AppApiState::default(),
            epaybl: EpayblState::default(),
            notices: NoticesState::seeded(Utc::now()),
            library: LibraryState::default(),
            oidc: OidcState::default(),
            clock_offset_seconds: 0,
        }
    }

    /// Back to [`CityState::seeded`], keeping the login provider's signing
    /// keys: clients that cached the JWKS keep verifying.
    pub fn reseed(&mut self) {
        let keys = std::mem::take(&mut self.oidc.keys);
        *self = Self::seeded();
        self.oidc.keys = keys;
    }
}
