//! Platform capabilities the shells hand in at [`crate::App::open`].
//!
//! Android implements [`SecretStore`] on the Keystore, iOS on the Keychain;
//! the CLI uses [`FileSecretStore`] (a 0600 file — weaker than a hardware
//! keystore, documented as such) and tests use [`MemorySecretStore`]. Log
//! lines go to a [`Logger`]; the core only ever logs ids, kinds and counts.

use std::{
    collections::BTreeMap,
    fmt,
    io::Write,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, PoisonError},
};

use crate::error::{Error, Result};

/// Keeps secrets (tokens, keys) outside SQLite and plain files.
pub trait SecretStore: Send + Sync + fmt::Debug {
    /// The secret stored under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>>;
    /// Stores `value` under `key`, replacing what was there.
    fn set(&self, key: &str, value: &[u8]) -> Result<()>;
    /// Removes `key`; removing a missing key is not an error.
    fn delete(&self, key: &str) -> Result<()>;
}

/// Severity of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    /// Detail for developers.
    Debug,
    /// Normal operation worth recording.
    Info,
    /// Something failed but the app carries on.
    Warn,
    /// Something failed that the user will notice.
    Error,
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LogLevel::Debug => "DEBUG",
            LogLevel::Info => "INFO",
            LogLevel::Warn => "WARN",
            LogLevel::Error => "ERROR",
        })
    }
}

/// Receives the core's log lines. Lines carry no personal data.
pub trait Logger: Send + Sync + fmt::Debug {
    /// Records one line; `target` names the core module, e.g. `news`.
    fn log(&self, level: LogLevel, target: &str, message: &str);
}

/// What a shell provides to the core.
#[derive(Debug, Clone)]
pub struct Platform {
    /// Where tokens and keys live.
    pub secrets: Arc<dyn SecretStore>,
    /// Where log lines go.
    pub logger: Arc<dyn Logger>,
    /// The device's clock ([`crate::clock::SystemClock`] outside tests).
    pub clock: Arc<dyn crate::clock::Clock>,
}

impl Platform {
    /// Secrets and logger as given, the system clock.
    pub fn new(secrets: Arc<dyn SecretStore>, logger: Arc<dyn Logger>) -> Self {
        Self { secrets, logger, clock: Arc::new(crate::clock::SystemClock) }
    }

    /// In-memory secrets and a discarding logger: for tests and benchmarks.
    pub fn in_memory() -> Self {
        Self::new(Arc::new(MemorySecretStore::default()), Arc::new(NullLogger))
    }
}

/// A cheap handle the services log through.
#[derive(Debug, Clone)]
pub struct Log {
    logger: Arc<dyn Logger>,
    target: &'static str,
}

impl Log {
    /// A handle writing to `logger` under `target`.
    pub fn new(logger: Arc<dyn Logger>, target: &'static str) -> Self {
        Self { logger, target }
    }

    /// The same logger under another target.
    pub fn with_target(&self, target: &'static str) -> Self {
        Self { logger: Arc::clone(&self.logger), target }
    }

    /// Logs at debug level.
    pub fn debug(&self, message: &str) {
        self.logger.log(LogLevel::Debug, self.target, message);
    }

    /// Logs at info level.
    pub fn info(&self, message: &str) {
        self.logger.log(LogLevel::Info, self.target, message);
    }

    /// Logs at warn level.
    pub fn warn(&self, message: &str) {
        self.logger.log(LogLevel::Warn, self.target, message);
    }

    /// Logs at error level.
    pub fn error(&self, message: &str) {
        self.logger.log(LogLevel::Error, self.target, message);
    }
}

// ---- secret stores --------------------------------------------------------

/// Secrets in memory, gone when the process ends. For tests.
#[derive(Default)]
pub struct MemorySecretStore {
    entries: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl fmt::Debug for MemorySecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the secrets themselves.
        let n = self.entries.lock().unwrap_or_else(PoisonError::into_inner).len();
        f.debug_struct("MemorySecretStore").field("entries", &n).finish()
    }
}

impl SecretStore for MemorySecretStore {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.entries.lock().unwrap_or_else(PoisonError::into_inner).get(key).cloned())
    }

    fn set(&self, key: &str, value: &[u8]) -> Result<()> {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.to_owned(), value.to_vec());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<()> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).remove(key);
        Ok(())
    }
}

/// Secrets in one file readable only by the user (mode 0600), hex-encoded
/// JSON, replaced atomically. For the terminal client: it protects against
/// other users of the machine, not against the user's own processes, so it
/// is weaker than the Keychain or the Android Keystore.
#[derive(Debug)]
pub struct FileSecretStore {
    path: PathBuf,
    lock: Mutex<()>,
}

impl FileSecretStore {
    /// A store kept in `path` (created on first write).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), lock: Mutex::new(()) }
    }

    fn load(&self) -> Result<BTreeMap<String, String>> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|_| Error::SecretStore("secret file is corrupt".to_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(Error::SecretStore(format!("cannot read secret file: {}", e.kind()))),
        }
    }

    fn save(&self, entries: &BTreeMap<String, String>) -> Result<()> {
        let bytes = serde_json::to_vec(entries)
            .map_err(|_| Error::SecretStore("cannot encode secrets".to_owned()))?;
        write_private_file(&self.path, &bytes)
            .map_err(|e| Error::SecretStore(format!("cannot write secret file: {}", e.kind())))
    }
}

impl SecretStore for FileSecretStore {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        match self.load()?.get(key) {
            Some(value) => hex::decode(value)
                .map(Some)
                .map_err(|_| Error::SecretStore("secret file is corrupt".to_owned())),
            None => Ok(None),
        }
    }

    fn set(&self, key: &str, value: &[u8]) -> Result<()> {
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let mut entries = self.load()?;
        entries.insert(key.to_owned(), hex::encode(value));
        self.save(&entries)
    }

    fn delete(&self, key: &str) -> Result<()> {
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let mut entries = self.load()?;
        if entries.remove(key).is_some() {
            self.save(&entries)?;
        }
        Ok(())
    }
}

/// Creates `dir` (and parents) readable only by the user (0700 on Unix).
/// On the phones the app's directory is private already; on a laptop this
/// keeps other users out of the database.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Writes `bytes` to `path` via a fsynced temporary file and a rename, with
/// mode 0600 on Unix, so a crash leaves either the old or the new file.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    create_private_dir(dir)?;
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)?;
    // The rename is durable only once the directory entry is on disk.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

// ---- loggers --------------------------------------------------------------

/// Discards every line.
#[derive(Debug, Default)]
pub struct NullLogger;

impl Logger for NullLogger {
    fn log(&self, _level: LogLevel, _target: &str, _message: &str) {}
}

/// One captured log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecord {
    /// Severity.
    pub level: LogLevel,
    /// Core module.
    pub target: String,
    /// The text.
    pub message: String,
}

/// Keeps every line in memory, so tests can inspect what was logged.
#[derive(Debug, Default)]
pub struct MemoryLogger {
    records: Mutex<Vec<LogRecord>>,
}

impl MemoryLogger {
    /// Everything logged so far.
    pub fn records(&self) -> Vec<LogRecord> {
        self.records.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl Logger for MemoryLogger {
    fn log(&self, level: LogLevel, target: &str, message: &str) {
        self.records.lock().unwrap_or_else(PoisonError::into_inner).push(LogRecord {
            level,
            target: target.to_owned(),
            message: message.to_owned(),
        });
    }
}

/// Appends lines at or above a level to a file (the CLI's log).
#[derive(Debug)]
pub struct FileLogger {
    file: Mutex<std::fs::File>,
    min_level: LogLevel,
}

impl FileLogger {
    /// Opens (or creates) `path` for appending.
    pub fn open(path: &Path, min_level: LogLevel) -> Result<Self> {
        if let Some(dir) = path.parent() {
            create_private_dir(dir)?;
        }
        let file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self { file: Mutex::new(file), min_level })
    }
}

impl Logger for FileLogger {
    fn log(&self, level: LogLevel, target: &str, message: &str) {
        if level < self.min_level {
            return;
        }
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        // A failing log write must never fail the operation being logged.
        let _ = writeln!(file, "{now} {level} {target}: {message}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_store_round_trips_and_is_private() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("secrets.json");
        let store = FileSecretStore::new(&path);
        assert_eq!(store.get("k").expect("get"), None);
        store.set("k", b"\x00secret\xff").expect("set");
        assert_eq!(store.get("k").expect("get"), Some(b"\x00secret\xff".to_vec()));
        let again = FileSecretStore::new(&path);
        assert_eq!(again.get("k").expect("get"), Some(b"\x00secret\xff".to_vec()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        store.delete("k").expect("delete");
        store.delete("k").expect("delete twice");
        assert_eq!(store.get("k").expect("get"), None);
    }

    #[test]
    fn corrupt_secret_file_is_a_typed_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("secrets.json");
        std::fs::write(&path, b"{not json").expect("write");
        let err = FileSecretStore::new(&path).get("k").expect_err("corrupt");
        assert!(matches!(err, Error::SecretStore(_)));
    }

    #[test]
    fn debug_output_hides_secrets() {
        let store = MemorySecretStore::default();
        store.set("refresh_token", b"very-secret").expect("set");
        assert!(!format!("{store:?}").contains("very-secret"));
    }
}
