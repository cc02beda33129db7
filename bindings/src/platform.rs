//! Platform services the shells implement: a secret store (Keychain,
//! Android Keystore) and a logger. Adapted here to the core's traits.

use std::{fmt, sync::Arc};

use leipzig_core::{Error as CoreError, platform as core};

/// Why a platform service failed.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum PlatformError {
    /// The service failed; `reason` must not contain the secret.
    #[error("{reason}")]
    Failed {
        /// Why.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for PlatformError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        PlatformError::Failed { reason: e.reason }
    }
}

/// Keeps tokens and keys in the platform's protected store: the iOS
/// Keychain (this device only, after first unlock) or an AES-GCM key in the
/// Android Keystore wrapping app-private, no-backup storage.
#[uniffi::export(foreign)]
pub trait SecretStore: Send + Sync {
    /// The secret under `key`, or null when there is none.
    fn get(&self, key: String) -> Result<Option<Vec<u8>>, PlatformError>;
    /// Stores `value` under `key`, replacing what was there.
    fn set(&self, key: String, value: Vec<u8>) -> Result<(), PlatformError>;
    /// Removes `key`; removing a missing key succeeds.
    fn delete(&self, key: String) -> Result<(), PlatformError>;
}

/// Severity of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    /// Detail for developers.
    Debug,
    /// Normal operation.
    Info,
    /// A failure the app recovers from.
    Warn,
    /// A failure the user notices.
    Error,
}

/// Receives the core's log lines (which never contain personal data).
#[uniffi::export(foreign)]
pub trait Logger: Send + Sync {
    /// One line from core module `target`.
    fn log(&self, level: LogLevel, target: String, message: String);
}

/// The shell's secret store seen through the core's trait.
pub(crate) struct SecretStoreAdapter(pub Arc<dyn SecretStore>);

impl fmt::Debug for SecretStoreAdapter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretStoreAdapter")
    }
}

impl core::SecretStore for SecretStoreAdapter {
    fn get(&self, key: &str) -> leipzig_core::Result<Option<Vec<u8>>> {
        self.0.get(key.to_owned()).map_err(|e| CoreError::SecretStore(e.to_string()))
    }

    fn set(&self, key: &str, value: &[u8]) -> leipzig_core::Result<()> {
        self.0
            .set(key.to_owned(), value.to_vec())
            .map_err(|e| CoreError::SecretStore(e.to_string()))
    }

    fn delete(&self, key: &str) -> leipzig_core::Result<()> {
        self.0.delete(key.to_owned()).map_err(|e| CoreError::SecretStore(e.to_string()))
    }
}

/// The shell's logger seen through the core's trait.
pub(crate) struct LoggerAdapter(pub Arc<dyn Logger>);

impl fmt::Debug for LoggerAdapter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LoggerAdapter")
    }
}

impl core::Logger for LoggerAdapter {
    fn log(&self, level: core::LogLevel, target: &str, message: &str) {
        let level = match level {
            core::LogLevel::Debug => LogLevel::Debug,
            core::LogLevel::Info => LogLevel::Info,
            core::LogLevel::Warn => LogLevel::Warn,
            core::LogLevel::Error => LogLevel::Error,
        };
        self.0.log(level, target.to_owned(), message.to_owned());
    }
}
