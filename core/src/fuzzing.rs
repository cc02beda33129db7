//! Entry points of the fuzz targets (`fuzz/`, ADR 0016) and of their
//! regression test (`core/tests/fuzz_regressions.rs`).
//!
//! Each entry takes the raw bytes a target is given and drives them through
//! the functions production uses on outside data, after the same size check
//! the HTTP layer makes first. Inputs that carry several answers start with
//! one selector byte and separate the answers with [`SEPARATOR`]. Not an API
//! of the app: hidden from the docs, called by no screen.

use std::{
    collections::VecDeque,
    future::Future,
    path::Path,
    pin::pin,
    sync::{Arc, Mutex, PoisonError},
    task::{Context, Poll, Waker},
};

use chrono::{DateTime, NaiveDate, Utc};
use openidconnect::http;
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    account::{
        api::{Provider, Wire},
        store::PendingLogin,
    },
    app_api::RawAnswer,
    appointments::{
        Appointment, AppointmentStatus, Slot, SyncState, convert,
        delivery::matches_from_json,
        ics,
        wire::{CalendarDto, OfficesAndServices, ProcessDto, ZmsError, ZmsErrorCode},
    },
    clock::{Clock, ServerClock},
    config::{self, Config, FacilitySettings, NewsSettings},
    error::{Error, Result},
    facilities::{api as layer, fold, hours::Evaluator},
    http::parse_json,
    library::{self, api as lib},
    news::api as news,
    notices::{
        api::Retrieval,
        deadlines,
        wire::{self as notice, NoticePage, ReceiptList, WireNotice},
    },
    payments::{
        api::payment_id_from_return_link,
        wire::{FeeList, PaymentList, WirePayment, WireReceipt},
    },
};

/// Separates the answers inside one input (never part of JSON, XML or TOML text).
pub const SEPARATOR: u8 = 0x1E;

/// One fuzz target: raw input in, `Ok` or a typed error out.
pub type Target = fn(&[u8]) -> Result<()>;

/// The targets by name, as `fuzz/fuzz_targets/<name>.rs` and `fuzz/regressions/<name>/`.
pub const TARGETS: [(&str, Target); 7] = [
    ("news_feed", news_feed),
    ("facility_layer", facility_layer),
    ("zms", zms),
    ("app_api", app_api),
    ("oidc", oidc),
    ("config_toml", config_toml),
    ("deep_links", deep_links),
];

/// Largest ZMS body (`appointments::api`), app API body (`app_api`) and
/// identity provider answer (`account::api`) read.
const MAX_ZMS: usize = 2 * 1024 * 1024;
const MAX_APP_API: usize = 4 * 1024 * 1024;
const MAX_OIDC: usize = 1024 * 1024;
/// The issuer the OIDC target's discovery documents must name.
const ISSUER: &str = "http://127.0.0.1:8080/realms/leipzig";

/// A library card order of a fixture adult, checked against fuzzed card types.
const ORDER: &str = r#"{"card_type": "ADULT", "branch_id": "lsb-0", "applicant": {
    "givenName": "Erika", "familyName": "Mustermann", "birthdate": "1985-04-12",
    "street": "Karl-Liebknecht-Straße 112", "postcode": "04275", "city": "Leipzig",
    "email": "erika@example.org"}, "leipzig_pass": null, "guardian": null, "second_adult": null}"#;

/// 2026-11-26 10:00 UTC: a fixed "now", so a crash replays the same way.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_687_200, 0).unwrap_or_default()
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn selector(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((first, rest)) => (*first, rest),
        None => (0, &[]),
    }
}

fn part(data: &[u8], index: usize) -> &[u8] {
    data.split(|b| *b == SEPARATOR).nth(index).unwrap_or_default()
}

/// What `http::read_body` does with a body over the caller's limit.
fn within(body: &[u8], limit: usize) -> Result<()> {
    if body.len() > limit {
        return Err(Error::ResponseTooLarge { limit: limit as u64 });
    }
    Ok(())
}

fn text(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes)
        .map_err(|_| Error::InvalidResponse { what: "fuzz input", reason: "not UTF-8".to_owned() })
}

/// Runs the target `name` on `data`; `None` for an unknown name.
pub fn run(name: &str, data: &[u8]) -> Option<Result<()>> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, target)| target(data))
}

/// News feed: content type check, then RSS/Atom parsing, HTML to text, dates.
pub fn news_feed(data: &[u8]) -> Result<()> {
    const TYPES: [Option<&str>; 6] = [
        None,
        Some("application/rss+xml"),
        Some("application/atom+xml; charset=utf-8"),
        Some("text/xml"),
        Some("text/plain"),
        Some("application/feed+json"),
    ];
    let (sel, body) = selector(data);
    within(body, NewsSettings::default().max_feed_bytes as usize)?;
    news::check_content_type(TYPES[usize::from(sel) % TYPES.len()], body)?;
    let feed = news::parse_feed(body)?;
    for item in &feed.items {
        // What the store keys and shows must be plain, bounded text.
        debug_assert!(item.title.chars().count() <= 300 && !item.guid.is_empty());
    }
    Ok(())
}

/// Facility layer: GeoJSON (WGS84 or EPSG:25833 converted with proj4rs),
/// then what the finder derives from it: search words and opening hours.
pub fn facility_layer(data: &[u8]) -> Result<()> {
    within(data, FacilitySettings::default().max_layer_bytes as usize)?;
    layer::check_content_type(Some("application/geo+json"), data)?;
    let parsed = layer::parse_layer(data)?;
    let mut hours = Evaluator::new(now());
    for f in &parsed.facilities {
        let _ = fold::index_text([f.name.as_str(), f.category.as_str()]);
        let _ = hours.state(f.opening_hours.as_deref());
        let _ = hours.opening(f.opening_hours.as_deref());
    }
    Ok(())
}

/// ZMS citizen API: catalogue, calendar, process, error envelope, captcha.
pub fn zms(data: &[u8]) -> Result<()> {
    let (sel, body) = selector(data);
    within(body, MAX_ZMS)?;
    match sel % 5 {
        0 => {
            let catalogue = convert::catalogue(parse_json::<OfficesAndServices>(body, "ZMS")?);
            for office in &catalogue.offices {
                let _ = office.address();
            }
        }
        1 => {
            let calendar: CalendarDto = parse_json(body, "ZMS calendar")?;
            for day in calendar.available_days {
                for office in day.offices.unwrap_or_default() {
                    for ts in office.appointments.unwrap_or_default() {
                        let slot = Slot {
                            office_id: u32::try_from(office.office_id.0).unwrap_or_default(),
                            office_name: String::new(),
                            service_id: 1,
                            timestamp: ts.0,
                        };
                        let _ = slot.start_rfc3339();
                    }
                }
            }
        }
        2 => {
            // As `AppointmentsService::book` keeps a reservation, then the calendar file.
            let process: ProcessDto = parse_json(body, "ZMS process")?;
            let appointment = Appointment {
                process_id: u32::try_from(process.process_id.0).unwrap_or_default(),
                status: AppointmentStatus::parse(process.status.as_deref().unwrap_or("reserved")),
                sync_state: SyncState::Synced,
                timestamp: process.timestamp.map_or(0, |t| t.0),
                slot_count: process.slot_count.and_then(|s| u32::try_from(s.0).ok()).unwrap_or(1),
                office_id: 1,
                office_name: process.office_name.unwrap_or_default(),
                address: String::new(),
                service_id: 1,
                service_name: String::new(),
                count: 1,
            };
            let _ = (appointment.start_rfc3339(), appointment.end_timestamp());
            let _ = ics::ics(&appointment, process.captcha_token.as_deref());
        }
        3 => {
            let status = 400 + u16::from(sel / 5) % 200;
            let e = ZmsError::from_body(status, body);
            let _ = (e.to_string(), e.code.wants_new_captcha());
            let _ = e.has(&ZmsErrorCode::AppointmentNotFound);
        }
        _ if sel & 0x80 == 0 => drop(parse_json::<altcha::Challenge>(body, "ZMS captcha")?),
        _ => {
            // `ZmsClient::captcha_verify`.
            let answer: Value = parse_json(body, "ZMS captcha verification")?;
            let _ = answer.get("token").and_then(Value::as_str);
        }
    }
    Ok(())
}

/// App API answers: payments, fees, receipts, notices, retrievals, replies,
/// the library, slot watches and problem+json, each with its checks.
pub fn app_api(data: &[u8]) -> Result<()> {
    const STATUSES: [u16; 8] = [200, 201, 204, 400, 404, 409, 422, 503];
    let (sel, rest) = selector(data);
    let (status, body) = selector(rest);
    within(body, MAX_APP_API)?;
    let answer = RawAnswer {
        status: StatusCode::from_u16(STATUSES[usize::from(status) % STATUSES.len()])
            .unwrap_or(StatusCode::OK),
        body: bytes::Bytes::copy_from_slice(body),
        content_type: Some("application/json".to_owned()),
        etag: None,
        server_time: None,
    };
    if !answer.status.is_success() {
        // `PaymentsApi::create` reads these before deciding what the error means.
        let _ = (answer.problem_code(), answer.problem_member("paymentId"));
        return Err(answer.into_error());
    }
    let notices = |list: Vec<WireNotice>| -> Result<()> {
        for n in list {
            let mut checked = n.checked()?.notice;
            let paid = checked.payment.as_ref().is_some_and(|p| p.paid);
            deadlines::evaluate(&mut checked.deadlines, &[], today(), paid);
        }
        Ok(())
    };
    match sel % 11 {
        0 => drop(answer.into_json::<WirePayment>("payment")?.value.into_details()?),
        1 => {
            for p in answer.into_json::<PaymentList>("payment list")?.value.payments {
                p.into_details()?;
            }
        }
        2 => {
            for f in answer.into_json::<FeeList>("fee list")?.value.fees {
                f.checked()?;
            }
        }
        3 => drop(answer.into_json::<WireReceipt>("receipt")?.value.checked()?),
        4 => notices(answer.into_json::<NoticePage>("notice list")?.value.notices)?,
        5 => notices(vec![answer.into_json::<WireNotice>("notice")?.value])?,
        6 => {
            let retrieval = answer.into_json::<Retrieval>("retrieval")?.value;
            deadlines::evaluate(&mut notice::deadlines(retrieval.deadlines), &[], today(), false);
        }
        7 => drop(answer.into_json::<ReceiptList>("reply list")?.value.replies),
        8 => {
            let types = answer.into_json::<lib::CardTypes>("card types")?.value.card_types;
            let order: library::CardOrder = parse_json(ORDER.as_bytes(), "order")?;
            library::validation::validate(&order, &types, &["lsb-0".to_owned()], today())?;
        }
        9 => {
            for r in answer.into_json::<lib::Registrations>("registrations")?.value.registrations {
                if let Some(card) = r.checked()?.card {
                    library::barcode::draw(&card)?;
                }
            }
        }
        _ => {
            // `WatchesService::refresh_watches`.
            let items = answer.into_json::<Value>("slot watches")?.value;
            for item in items.as_array().into_iter().flatten() {
                if let Some(matches) = item.get("matches") {
                    for slot in matches_from_json(matches) {
                        let _ = slot.start_rfc3339();
                    }
                }
            }
        }
    }
    Ok(())
}

/// Clock of the OIDC target: always [`now`].
#[derive(Debug)]
struct FixedClock;

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        now()
    }
}

/// An identity provider answering from memory, in order of the requests.
#[derive(Debug)]
struct Answers {
    queue: Mutex<VecDeque<(u16, Vec<u8>)>>,
    clock: ServerClock,
}

impl Answers {
    fn push(&self, status: u16, body: &[u8]) {
        self.queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back((status, body.to_vec()));
    }
}

impl<'c> openidconnect::AsyncHttpClient<'c> for &Answers {
    type Error = Error;
    type Future = std::future::Ready<Result<http::Response<Vec<u8>>>>;

    fn call(&'c self, _request: http::Request<Vec<u8>>) -> Self::Future {
        let next = self.queue.lock().unwrap_or_else(PoisonError::into_inner).pop_front();
        let (status, body) = next.unwrap_or((404, Vec::new()));
        let mut answer = http::Response::new(body);
        *answer.status_mut() = StatusCode::from_u16(status).unwrap_or_default();
        answer.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json;charset=UTF-8"),
        );
        std::future::ready(Ok(answer))
    }
}

impl Wire for &Answers {
    fn clock(&self) -> &ServerClock {
        &self.clock
    }
}

/// Drives a future whose I/O is all in memory.
fn finish<F: Future>(future: F) -> Result<F::Output> {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..64 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return Ok(out);
        }
    }
    Err(Error::InvalidResponse { what: "fuzz input", reason: "future did not finish".to_owned() })
}

/// OpenID Connect: discovery and JWKS, the authorization URL for a redirect
/// URI, a code exchange or refresh (token answer, ID token checks) and
/// userinfo claims. Parts: discovery, JWKS, token answer, userinfo, redirect URI.
pub fn oidc(data: &[u8]) -> Result<()> {
    let (sel, rest) = selector(data);
    let answers =
        Answers { queue: Mutex::default(), clock: ServerClock::new(Arc::new(FixedClock)) };
    for (index, status) in [(0, 200), (1, 200)] {
        within(part(rest, index), MAX_OIDC)?;
        answers.push(status, part(rest, index));
    }
    let issuer = url::Url::parse(ISSUER).map_err(|e| Error::Config(e.to_string()))?;
    let provider = finish(Provider::discover(&answers, &issuer))??;
    let redirect = text(part(rest, 4)).unwrap_or_default();
    let _ = provider.authorize(if redirect.is_empty() {
        "de.leipzig.nahbeimir:/login"
    } else {
        redirect
    });
    let pending = PendingLogin {
        state: "fuzz-state".to_owned(),
        nonce: "fuzz-nonce".to_owned(),
        pkce_verifier: "fuzz-verifier-fuzz-verifier-fuzz-verifier-0123".to_owned(),
        redirect_uri: "de.leipzig.nahbeimir:/login".to_owned(),
    };
    let token_status = [200, 400, 401, 500][usize::from(sel >> 1) % 4];
    within(part(rest, 2), MAX_OIDC)?;
    answers.push(token_status, part(rest, 2));
    let tokens = if sel & 1 == 0 {
        finish(provider.exchange(&answers, "fuzz-code".to_owned(), &pending))?
    } else {
        finish(provider.refresh(&answers, "fuzz-refresh"))?
    };
    let sub = match &tokens {
        Ok(t) => t.identity.as_ref().map(|i| i.sub.clone()).unwrap_or_default(),
        Err(_) => "fuzz-sub".to_owned(),
    };
    within(part(rest, 3), MAX_OIDC)?;
    answers.push(200, part(rest, 3));
    finish(provider.userinfo(&answers, "fuzz-access", &sub))??;
    tokens.map(drop)
}

/// Configuration TOML; what is accepted must write back and read the same.
pub fn config_toml(data: &[u8]) -> Result<()> {
    let dir = Path::new("fuzz-data");
    let config = Config::from_toml(text(data)?, Some(dir))?;
    let again = Config::from_toml(&Config::endpoints_toml(&config.endpoints), Some(dir))?;
    assert_eq!(again.endpoints, config.endpoints, "endpoints_toml must round-trip");
    Ok(())
}

/// Links the app accepts: a payment return link (https app link or custom
/// scheme), a login redirect URI, a configured endpoint.
pub fn deep_links(data: &[u8]) -> Result<()> {
    let link = text(data)?;
    let payment = payment_id_from_return_link(link);
    if let Ok(id) = &payment {
        assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }
    let endpoint = config::parse_endpoint("app_api", Some(link.to_owned()));
    if let Ok(Some(url)) = &endpoint {
        assert!(config::check_transport(url).is_ok());
    }
    // Accepted as either is a success; refused by both, the payment link's error.
    payment.map(drop).or_else(|e| endpoint.map(drop).map_err(|_| e))
}
