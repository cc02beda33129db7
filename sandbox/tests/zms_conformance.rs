//! Every answer of the sandbox's ZMS citizen API validates against the real
//! upstream JSON schemas (`fixtures/zms/schemas/`, it-at-m/eappointment
//! commit 7b670e4e6): offices and services, the calendar, every process
//! state, the captcha endpoints — and every endpoint's errors, in the
//! `{"errors": […]}` envelope (upstream publishes no schema for it; the one
//! below is written from the shape every upstream controller emits). Each
//! test checks that it reached every route of `sandbox/src/zms/mod.rs`, so
//! a new endpoint without its conformance check fails here.

use std::{
    collections::BTreeSet,
    path::PathBuf,
    sync::{Mutex, PoisonError},
};

use altcha::{Challenge, Payload, SolveChallengeOptions};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use leipzig_sandbox::SandboxOptions;
use serde_json::{Value, json};

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/zms/schemas")
        .canonicalize()
        .expect("schema dir")
}

/// Validates `value` against the schema file `name` (relative `$ref`s resolve
/// to the files next to it).
fn assert_valid(name: &str, value: &Value) {
    let path = schema_dir().join(name);
    let text = std::fs::read_to_string(&path).expect("schema file");
    let mut schema: Value = serde_json::from_str(&text).expect("schema JSON");
    schema["$id"] = json!(format!("file://{}", path.display()));
    let validator = jsonschema::options().build(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
    let errors: Vec<String> =
        validator.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}\n{value:#}");
}

/// The one place where upstream's schema and upstream's wire disagree:
/// `office.json` types `geo.lat`/`geo.lon` as numbers, but the real body
/// (asserted by `OfficesServicesRelationsControllerTest`) carries strings,
/// and the sandbox mirrors the wire. This checks they are numeric strings
/// and hands the schema numbers; everything else is validated unchanged.
fn numeric_geo(catalogue: &Value) -> Value {
    let mut copy = catalogue.clone();
    for office in copy["offices"].as_array_mut().expect("offices") {
        for key in ["lat", "lon"] {
            let text = office["geo"][key]
                .as_str()
                .unwrap_or_else(|| panic!("geo.{key} is a string on the wire"));
            let number: f64 =
                text.parse().unwrap_or_else(|_| panic!("geo.{key} is numeric: {text}"));
            office["geo"][key] = json!(number);
        }
    }
    copy
}

/// The error envelope: `{"errors": [{errorCode, errorMessage, statusCode,
/// errorType}]}`, one entry at least.
fn envelope_schema() -> Value {
    json!({
        "type": "object",
        "required": ["errors"],
        "additionalProperties": false,
        "properties": {"errors": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["errorCode", "errorMessage", "statusCode", "errorType"],
            "additionalProperties": false,
            "properties": {
                "errorCode": {"type": "string", "minLength": 1},
                "errorMessage": {"type": "string", "minLength": 1},
                "statusCode": {"type": "integer", "minimum": 400, "maximum": 599},
                "errorType": {"enum": ["error", "warning", "info"]}
            }
        }}}
    })
}

/// Asserts an error answer: the envelope, the HTTP status is its highest
/// `statusCode`, and the first code is `code`.
fn assert_error(what: &str, (status, body): &(u16, Value), expected: u16, code: &str) {
    let validator = jsonschema::validator_for(&envelope_schema()).expect("envelope schema");
    let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:?}\n{body:#}");
    let highest = body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["statusCode"].as_u64())
        .max();
    assert_eq!(highest, Some(u64::from(*status)), "{what}: status is the highest statusCode");
    assert_eq!(
        (*status, body["errors"][0]["errorCode"].as_str()),
        (expected, Some(code)),
        "{what}"
    );
}

/// The ZMS routes, from the router's source (`.route("/…/", …)`).
fn zms_routes() -> BTreeSet<String> {
    let source = include_str!("../src/zms/mod.rs");
    let routes: BTreeSet<String> = source
        .match_indices(".route(\"")
        .filter_map(|(at, m)| source[at + m.len()..].split('"').next())
        .map(|path| path.trim_matches('/').to_owned())
        .collect();
    assert!(routes.len() >= 11, "the routes were not found: {routes:?}");
    routes
}

struct Api {
    http: reqwest::Client,
    base: String,
    /// Endpoints answered, by name without slashes.
    seen: Mutex<BTreeSet<String>>,
}

impl Api {
    fn new(base_url: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: format!("{base_url}api/citizen/"),
            seen: Mutex::default(),
        }
    }

    fn saw(&self, path: &str) {
        let endpoint = path.split('?').next().unwrap_or_default().trim_matches('/').to_owned();
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).insert(endpoint);
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.saw(path);
        let r = self.http.get(format!("{}{path}", self.base)).send().await.expect("get");
        (r.status().as_u16(), r.json().await.expect("json"))
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.saw(path);
        let r =
            self.http.post(format!("{}{path}", self.base)).json(&body).send().await.expect("post");
        (r.status().as_u16(), r.json().await.expect("json"))
    }

    /// Asserts that every route was answered.
    fn reached_every_route(&self, what: &str) {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let missing: Vec<_> = zms_routes().difference(&seen).cloned().collect();
        assert!(missing.is_empty(), "{what} not checked for: {missing:?}");
    }

    /// A captcha token: challenge, proof of work, verify (validated).
    async fn captcha_token(&self) -> String {
        let (status, challenge) = self.get("captcha-challenge/").await;
        assert_eq!(status, 200, "{challenge}");
        assert_valid("captcha/createChallengeResponse.json", &challenge);
        let challenge: Challenge = serde_json::from_value(challenge).expect("a challenge");
        let solution = altcha::solve_challenge(SolveChallengeOptions::new(&challenge))
            .expect("solve")
            .expect("a solution");
        let payload = serde_json::to_vec(&Payload { challenge, solution }).expect("payload");
        let (status, verified) =
            self.post("captcha-verify/", json!({"payload": URL_SAFE_NO_PAD.encode(payload)})).await;
        assert_eq!(status, 200, "{verified}");
        assert_valid("captcha/verifySolutionResponse.json", &verified["data"]);
        verified["token"].as_str().expect("token").to_owned()
    }
}

#[tokio::test]
async fn every_answer_matches_the_upstream_schemas() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("sandbox");
    let api = Api::new(sandbox.base_url());

    let (status, catalogue) = api.get("offices-and-services/").await;
    assert_eq!(status, 200);
    assert_valid("collections/officeServiceAndRelationList.json", &numeric_geo(&catalogue));

    let today = chrono::Utc::now().date_naive();
    let end = today + chrono::Duration::days(13);
    let (status, calendar) = api
        .get(&format!("available-calendar/?startDate={today}&endDate={end}&officeIds=10401,10402&serviceIds=1300111&serviceCounts=1"))
        .await;
    assert_eq!(status, 200);
    assert_valid("availableCalendar.json", &calendar);

    let timestamp =
        calendar["availableDays"][0]["offices"][0]["appointments"][0].as_i64().expect("a slot");
    let office: u32 = calendar["availableDays"][0]["offices"][0]["officeId"]
        .as_str()
        .expect("string id")
        .parse()
        .expect("id");
    let (status, reserved) = api
        .post("reserve-appointment/", json!({"officeId": office, "serviceId": ["1300111"], "serviceCount": [1], "timestamp": timestamp.to_string()}))
        .await;
    assert_eq!(status, 200, "{reserved}");
    assert_valid("thinnedProcess.json", &reserved);
    let auth = json!({"processId": reserved["processId"], "authKey": reserved["authKey"]});
    let mut contact = auth.clone();
    contact["familyName"] = json!("Mustermann");
    contact["email"] = json!("erika@example.org");
    contact["telephone"] = json!("+4934112345");
    for (path, body) in [
        ("update-appointment/", contact),
        ("preconfirm-appointment/", auth.clone()),
        ("confirm-appointment/", auth.clone()),
    ] {
        let (status, process) = api.post(path, body).await;
        assert_eq!(status, 200, "{path}: {process}");
        assert_valid("thinnedProcess.json", &process);
    }
    let (status, viewed) = api
        .get(&format!(
            "appointment/?processId={}&authKey={}",
            reserved["processId"],
            reserved["authKey"].as_str().expect("key")
        ))
        .await;
    assert_eq!(status, 200);
    assert_valid("thinnedProcess.json", &viewed);
    let (status, cancelled) = api.post("cancel-appointment/", auth).await;
    assert_eq!((status, cancelled["status"].as_str()), (200, Some("deleted")));
    assert_valid("thinnedProcess.json", &cancelled);

    let (_, details) = api.get("captcha-details/").await;
    assert_valid("captcha/altchaCaptcha.json", &details);
    let (status, failed) =
        api.post("captcha-verify/", json!({"payload": "bm90IGEgc29sdXRpb24"})).await;
    assert_eq!(status, 400);
    assert_valid("captcha/verifySolutionResponse.json", &failed["data"]);

    // The captcha office (Paunsdorf-Center) with a solved captcha.
    let token = api.captcha_token().await;
    let (status, calendar) = api
        .get(&format!("available-calendar/?startDate={today}&endDate={end}&officeIds=10404&serviceIds=1300111&serviceCounts=1&captchaToken={token}"))
        .await;
    assert_eq!(status, 200, "{calendar}");
    assert_valid("availableCalendar.json", &calendar);
    api.reached_every_route("a success answer");

    // The other mount point serves the same API.
    let other =
        format!("{}terminvereinbarung/api/citizen/offices-and-services/", sandbox.base_url());
    let same: Value = api.http.get(other).send().await.expect("get").json().await.expect("json");
    assert_eq!(same, catalogue);
}

#[tokio::test]
async fn every_endpoint_answers_errors_in_the_envelope() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("sandbox");
    let api = Api::new(sandbox.base_url());

    let both = api.get("available-calendar/?officeIds=1&serviceIds=1&serviceCounts=1").await;
    assert_error("calendar without dates", &both, 400, "invalidStartDate");
    let codes: Vec<&str> = both.1["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["errorCode"].as_str())
        .collect();
    assert_eq!(codes, ["invalidStartDate", "invalidEndDate"]);
    let captcha = api.get("available-calendar/?startDate=2026-12-01&endDate=2026-12-02&officeIds=10404&serviceIds=1300111&serviceCounts=1").await;
    assert_error("calendar at the captcha office", &captcha, 400, "captchaMissing");
    // Upstream quirk: codes missing from its message map surface as 520.
    let reversed = api.get("available-calendar/?startDate=2026-12-02&endDate=2026-12-01&officeIds=10401&serviceIds=1300111&serviceCounts=1").await;
    assert_error("calendar backwards", &reversed, 520, "unknownError");

    let late = api
        .post(
            "reserve-appointment/",
            json!({"officeId": 10401, "serviceId": [1300111], "serviceCount": [1], "timestamp": 1}),
        )
        .await;
    assert_error("reserve at 1970", &late, 400, "invalidTimestamp");
    let unknown = json!({"processId": 123456, "authKey": "abcd"});
    let mut contact = unknown.clone();
    contact["familyName"] = json!("Mustermann");
    contact["email"] = json!("erika@example.org");
    let update = api.post("update-appointment/", contact).await;
    assert_error("update of nothing", &update, 404, "appointmentNotFound");
    let preconfirm = api.post("preconfirm-appointment/", unknown.clone()).await;
    assert_error("preconfirm of nothing", &preconfirm, 404, "appointmentNotFound");
    let confirm = api.post("confirm-appointment/", json!({"processId": 123456})).await;
    assert_error("confirm without a key", &confirm, 400, "invalidAuthKey");
    let cancel = api.post("cancel-appointment/", unknown).await;
    assert_error("cancel of nothing", &cancel, 404, "appointmentNotFound");
    let view = api.get("appointment/?processId=abc&authKey=abcd").await;
    assert_error("appointment by a non-number", &view, 400, "invalidProcessId");
    for (path, method) in [
        ("offices-and-services/", "POST"),
        ("captcha-details/", "POST"),
        ("captcha-challenge/", "POST"),
        ("captcha-verify/", "GET"),
    ] {
        let answer =
            if method == "POST" { api.post(path, json!({})).await } else { api.get(path).await };
        assert_error(&format!("{method} {path}"), &answer, 405, "requestMethodNotAllowed");
    }
    let nothing = api.get("no-such-endpoint/").await;
    assert_error("an unknown endpoint", &nothing, 404, "notFound");
    api.reached_every_route("an error answer");

    // The rate limit answers every route with the envelope too.
    let limit = format!("{}_sandbox/zms/rate-limit", sandbox.base_url());
    let set = api.http.post(limit).json(&json!({"max": 1, "windowSeconds": 60})).send().await;
    assert!(set.expect("control").status().is_success());
    let (first, _) = api.get("captcha-details/").await;
    assert_eq!(first, 200);
    let limited = api.get("offices-and-services/").await;
    assert_error("over the rate limit", &limited, 429, "rateLimitExceeded");
}
