//! Configuration: where the data lives and which servers the app talks to.
//!
//! Read from TOML (keys as in DESIGN.md), then overridden from the
//! environment: `LEIPZIG_CONFIG` names the file, `LEIPZIG_DATA_DIR` the data
//! directory. Every base URL is configuration; the core hard-codes no host.
//! URLs must be `https`, except plain `http` to a loopback address (the
//! sandbox).

use std::{
    net::IpAddr,
    path::{Path, PathBuf},
    time::Duration,
};

use serde::Deserialize;
use url::Url;

use crate::error::{Error, Result};

/// Environment variable naming the config file.
pub const ENV_CONFIG: &str = "LEIPZIG_CONFIG";
/// Environment variable overriding `data_dir`.
pub const ENV_DATA_DIR: &str = "LEIPZIG_DATA_DIR";

/// Largest config file we read; a config is a few hundred bytes.
const MAX_CONFIG_BYTES: u64 = 64 * 1024;

/// The complete, validated configuration of one [`crate::App`].
#[derive(Debug, Clone)]
pub struct Config {
    /// Directory holding the database and other local files.
    pub data_dir: PathBuf,
    /// Base URLs of the municipal services.
    pub endpoints: Endpoints,
    /// When true the app never touches the network (reads SQLite only).
    pub offline: bool,
    /// Timeouts and retry policy of the HTTP client.
    pub http: HttpSettings,
    /// News feed settings.
    pub news: NewsSettings,
    /// Facility layer settings.
    pub facilities: FacilitySettings,
}

/// Facility layer settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilitySettings {
    /// Largest layer body accepted, in bytes.
    pub max_layer_bytes: u64,
}

impl Default for FacilitySettings {
    fn default() -> Self {
        Self { max_layer_bytes: 20 * 1024 * 1024 }
    }
}

/// Base URLs of the services, as in DESIGN.md. A missing one disables the
/// feature that needs it with [`Error::NotConfigured`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// RSS 2.0 (or Atom) feed of the city's press releases.
    pub news_feed: Option<Url>,
    /// ZMS citizen API base, e.g. `…/api/citizen/`.
    pub appointments: Option<Url>,
    /// Facility layer (GeoJSON).
    pub facilities: Option<Url>,
    /// The city's app API base, e.g. `…/v1/`.
    pub app_api: Option<Url>,
    /// OpenID Connect issuer.
    pub oidc_issuer: Option<Url>,
}

/// HTTP client policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    /// Time allowed to establish a connection.
    pub connect_timeout: Duration,
    /// Time allowed between two reads of a response.
    pub read_timeout: Duration,
    /// Time allowed for a whole request, body included.
    pub request_timeout: Duration,
    /// Retries after the first attempt for idempotent requests.
    pub max_retries: u32,
    /// First backoff step; doubled per retry, with full jitter.
    pub backoff_base: Duration,
    /// Upper bound of one backoff sleep, `Retry-After` included.
    pub backoff_cap: Duration,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            request_timeout: Duration::from_secs(30),
            max_retries: 3,
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(30),
        }
    }
}

/// News settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsSettings {
    /// Largest feed body accepted, in bytes.
    pub max_feed_bytes: u64,
    /// Items kept in the local archive; the oldest beyond this are pruned.
    pub max_items: u32,
}

impl Default for NewsSettings {
    fn default() -> Self {
        Self { max_feed_bytes: 5 * 1024 * 1024, max_items: 5_000 }
    }
}

// ---- TOML shape -----------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    data_dir: Option<PathBuf>,
    #[serde(default)]
    offline: bool,
    #[serde(default)]
    endpoints: RawEndpoints,
    #[serde(default)]
    http: RawHttp,
    #[serde(default)]
    news: RawNews,
    #[serde(default)]
    facilities: RawFacilities,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacilities {
    max_layer_bytes: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEndpoints {
    news_feed: Option<String>,
    appointments: Option<String>,
    facilities: Option<String>,
    app_api: Option<String>,
    oidc_issuer: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHttp {
    connect_timeout_ms: Option<u64>,
    read_timeout_ms: Option<u64>,
    request_timeout_ms: Option<u64>,
    max_retries: Option<u32>,
    backoff_base_ms: Option<u64>,
    backoff_cap_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNews {
    max_feed_bytes: Option<u64>,
    max_items: Option<u32>,
}

impl Config {
    /// A configuration with no endpoints, storing data in `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            endpoints: Endpoints::default(),
            offline: false,
            http: HttpSettings::default(),
            news: NewsSettings::default(),
            facilities: FacilitySettings::default(),
        }
    }

    /// Parses TOML text. `data_dir` falls back to `default_data_dir` when the
    /// text does not set one.
    pub fn from_toml(text: &str, default_data_dir: Option<&Path>) -> Result<Self> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| Error::Config(e.message().to_owned()))?;
        let data_dir = raw
            .data_dir
            .or_else(|| default_data_dir.map(Path::to_path_buf))
            .ok_or_else(|| Error::Config("`data_dir` is not set".to_owned()))?;
        let defaults = HttpSettings::default();
        let ms = |v: Option<u64>, d: Duration| v.map(Duration::from_millis).unwrap_or(d);
        let http = HttpSettings {
            connect_timeout: ms(raw.http.connect_timeout_ms, defaults.connect_timeout),
            read_timeout: ms(raw.http.read_timeout_ms, defaults.read_timeout),
            request_timeout: ms(raw.http.request_timeout_ms, defaults.request_timeout),
            max_retries: raw.http.max_retries.unwrap_or(defaults.max_retries),
            backoff_base: ms(raw.http.backoff_base_ms, defaults.backoff_base),
            backoff_cap: ms(raw.http.backoff_cap_ms, defaults.backoff_cap),
        };
        let news_defaults = NewsSettings::default();
        let news = NewsSettings {
            max_feed_bytes: raw.news.max_feed_bytes.unwrap_or(news_defaults.max_feed_bytes),
            max_items: raw.news.max_items.unwrap_or(news_defaults.max_items),
        };
        let e = raw.endpoints;
        let config = Self {
            data_dir,
            endpoints: Endpoints {
                news_feed: parse_endpoint("news_feed", e.news_feed)?,
                appointments: parse_endpoint("appointments", e.appointments)?,
                facilities: parse_endpoint("facilities", e.facilities)?,
                app_api: parse_endpoint("app_api", e.app_api)?,
                oidc_issuer: parse_endpoint("oidc_issuer", e.oidc_issuer)?,
            },
            offline: raw.offline,
            http,
            news,
            facilities: FacilitySettings {
                max_layer_bytes: raw
                    .facilities
                    .max_layer_bytes
                    .unwrap_or(FacilitySettings::default().max_layer_bytes),
            },
        };
        config.validate()?;
        Ok(config)
    }

    /// Reads a TOML file (see [`Config::from_toml`]).
    pub fn from_file(path: &Path, default_data_dir: Option<&Path>) -> Result<Self> {
        let meta = std::fs::metadata(path)
            .map_err(|e| Error::Config(format!("cannot read config file: {e}")))?;
        if meta.len() > MAX_CONFIG_BYTES {
            return Err(Error::Config(format!("config file larger than {MAX_CONFIG_BYTES} bytes")));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Config(format!("cannot read config file: {e}")))?;
        Self::from_toml(&text, default_data_dir)
    }

    /// The config file named by `explicit`, else by `LEIPZIG_CONFIG`, or
    /// `None` when neither is given.
    pub fn path_from_env(explicit: Option<PathBuf>) -> Option<PathBuf> {
        explicit.or_else(|| std::env::var_os(ENV_CONFIG).map(PathBuf::from))
    }

    /// Applies `LEIPZIG_DATA_DIR` when set (an explicit override wins).
    pub fn apply_env(&mut self, explicit_data_dir: Option<PathBuf>) {
        if let Some(dir) =
            explicit_data_dir.or_else(|| std::env::var_os(ENV_DATA_DIR).map(PathBuf::from))
        {
            self.data_dir = dir;
        }
    }

    /// Checks values that would only fail later and more confusingly.
    pub fn validate(&self) -> Result<()> {
        if self.data_dir.as_os_str().is_empty() {
            return Err(Error::Config("`data_dir` is empty".to_owned()));
        }
        let h = &self.http;
        if h.connect_timeout.is_zero() || h.read_timeout.is_zero() || h.request_timeout.is_zero() {
            return Err(Error::Config("HTTP timeouts must be positive".to_owned()));
        }
        if h.max_retries > 10 {
            return Err(Error::Config("`http.max_retries` must be at most 10".to_owned()));
        }
        if self.news.max_items == 0 {
            return Err(Error::Config("`news.max_items` must be positive".to_owned()));
        }
        Ok(())
    }

    /// Renders the endpoints as TOML, the format [`Config::from_toml`] reads.
    pub fn endpoints_toml(endpoints: &Endpoints) -> String {
        let mut out = String::from("[endpoints]\n");
        let rows = [
            ("news_feed", &endpoints.news_feed),
            ("appointments", &endpoints.appointments),
            ("facilities", &endpoints.facilities),
            ("app_api", &endpoints.app_api),
            ("oidc_issuer", &endpoints.oidc_issuer),
        ];
        for (key, url) in rows {
            if let Some(url) = url {
                // A TOML string, escaped: a URL may hold `\` or `"` (in its fragment).
                let value = toml::Value::String(url.to_string());
                out.push_str(&format!("{key:<12} = {value}\n"));
            }
        }
        out
    }
}

/// Parses one endpoint URL and enforces the transport rule.
pub fn parse_endpoint(key: &'static str, value: Option<String>) -> Result<Option<Url>> {
    let Some(value) = value else { return Ok(None) };
    let url = Url::parse(value.trim())
        .map_err(|e| Error::Config(format!("`endpoints.{key}` is not a URL: {e}")))?;
    check_transport(&url).map_err(|reason| Error::Config(format!("`endpoints.{key}` {reason}")))?;
    Ok(Some(url))
}

/// `https` everywhere; plain `http` only to loopback (the sandbox).
pub fn check_transport(url: &Url) -> std::result::Result<(), &'static str> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err("must use https (plain http is allowed only for loopback)"),
        _ => Err("must be an http(s) URL"),
    }
}

/// True for `localhost`, 127.0.0.0/8 and ::1.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
data_dir = "/tmp/leipzig-test"
[endpoints]
news_feed    = "http://127.0.0.1:8080/newsfeed/rss.xml"
appointments = "http://127.0.0.1:8080/api/citizen/"
facilities   = "http://127.0.0.1:8080/geo/facilities.geojson"
app_api      = "http://127.0.0.1:8080/v1/"
oidc_issuer  = "http://127.0.0.1:8080/realms/leipzig"
"#;

    #[test]
    fn reads_the_design_keys() {
        let c = Config::from_toml(FULL, None).expect("valid config");
        assert_eq!(c.data_dir, PathBuf::from("/tmp/leipzig-test"));
        assert_eq!(
            c.endpoints.news_feed.as_ref().map(Url::as_str),
            Some("http://127.0.0.1:8080/newsfeed/rss.xml")
        );
        assert!(c.endpoints.oidc_issuer.is_some());
        assert_eq!(c.http, HttpSettings::default());
    }

    #[test]
    fn round_trips_endpoints() {
        let c = Config::from_toml(FULL, None).expect("valid config");
        let text = format!("data_dir = \"/x\"\n{}", Config::endpoints_toml(&c.endpoints));
        let again = Config::from_toml(&text, None).expect("valid config");
        assert_eq!(again.endpoints, c.endpoints);
    }

    #[test]
    fn refuses_plain_http_to_remote_hosts() {
        let err = Config::from_toml(
            "data_dir='/x'\n[endpoints]\nnews_feed='http://www.leipzig.de/newsfeed/rss.xml'",
            None,
        )
        .expect_err("plain http to a remote host");
        assert!(err.to_string().contains("https"), "{err}");
        assert!(
            Config::from_toml("data_dir='/x'\n[endpoints]\nnews_feed='http://[::1]:9/f'", None)
                .is_ok()
        );
        assert!(
            Config::from_toml("data_dir='/x'\n[endpoints]\nnews_feed='ftp://127.0.0.1/f'", None)
                .is_err()
        );
    }

    #[test]
    fn refuses_unknown_keys_and_bad_values() {
        assert!(
            Config::from_toml("data_dir='/x'\n[endpoints]\nnewsfeed='https://a'", None).is_err()
        );
        assert!(Config::from_toml("data_dir='/x'\n[http]\nmax_retries=99", None).is_err());
        assert!(Config::from_toml("data_dir='/x'\n[http]\nconnect_timeout_ms=0", None).is_err());
        assert!(Config::from_toml("data_dir = [", None).is_err());
        assert!(Config::from_toml("", None).is_err(), "no data_dir anywhere");
        let c = Config::from_toml("", Some(Path::new("/d"))).expect("default dir");
        assert_eq!(c.data_dir, PathBuf::from("/d"));
    }

    #[test]
    fn explicit_data_dir_wins() {
        let mut c = Config::from_toml(FULL, None).expect("valid config");
        c.apply_env(Some(PathBuf::from("/override")));
        assert_eq!(c.data_dir, PathBuf::from("/override"));
    }
}
