//! The app API's contract (`fixtures/openapi/app-api.yaml`) against the
//! sandbox that implements it, so that a route added without its contract
//! (or a contract without its route) fails here, before schemathesis
//! (`scripts/schemathesis`) checks the answers in depth:
//!
//! - every `.route(…)` under `sandbox/src/app_api/` (but the `/_sandbox`
//!   controls in `control.rs` files) is a path of the contract with the
//!   same methods, and every path of the contract is one of them;
//! - the running router agrees: `405` with exactly the contract's methods
//!   in `Allow`, never its `404` fallback;
//! - the contract's login and installation requirements are the sandbox's
//!   (`401` without them), public operations answer without any;
//! - every `POST` requires an `Idempotency-Key` that is a UUID, in the
//!   contract and in the sandbox.
//!
//! The contract is read line by line (it is written with two-space indents
//! and one key per line); the sources by their `.route(` calls.

mod notice_support;
mod payment_support;

use std::collections::{BTreeMap, BTreeSet};

use notice_support::{FEE_NOTICE, acknowledge, assert_problem, received, reply, uuid};
use payment_support::City;
use reqwest::{Method, StatusCode};
use serde_json::json;

const SPEC: &str = include_str!("../../fixtures/openapi/app-api.yaml");
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// One operation of the contract.
#[derive(Debug, Default)]
struct Operation {
    path: String,
    method: String,
    id: String,
    login: bool,
    parameters: Vec<String>,
}

impl Operation {
    fn uses(&self, parameter: &str) -> bool {
        self.parameters.iter().any(|p| p == parameter)
    }
}

/// The operations under `paths:`.
fn operations() -> Vec<Operation> {
    let mut operations: Vec<Operation> = Vec::new();
    let mut path = String::new();
    let lines = SPEC.lines().skip_while(|l| *l != "paths:").skip(1);
    for line in lines.take_while(|l| l.is_empty() || l.starts_with(' ')) {
        let indent = line.len() - line.trim_start().len();
        let text = line.trim();
        let key = text.trim_end_matches(':');
        if indent == 2 && text.starts_with('/') {
            key.clone_into(&mut path);
        } else if indent == 4 && METHODS.contains(&key) {
            operations.push(Operation {
                path: path.clone(),
                method: key.to_uppercase(),
                ..Operation::default()
            });
        } else if let Some(op) = operations.last_mut().filter(|_| indent > 4) {
            if let Some(id) = text.strip_prefix("operationId:") {
                id.trim().clone_into(&mut op.id);
            } else if text == "- cityLogin: []" {
                op.login = true;
            } else if let Some(name) = text.strip_prefix("- $ref: '#/components/parameters/") {
                op.parameters.push(name.trim_end_matches('\'').to_owned());
            }
        }
    }
    assert!(operations.len() >= 20, "the contract's paths were not found");
    operations
}

/// `/notices/{noticeId}` → `/notices/{}`: the router names parameters
/// differently.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_parameter = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_parameter = true;
                out.push_str("{}");
            }
            '}' => in_parameter = false,
            c if !in_parameter => out.push(c),
            _ => {}
        }
    }
    out
}

/// The contract's paths (shaped) with their methods.
fn contract() -> BTreeMap<String, BTreeSet<String>> {
    let mut paths: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in operations() {
        paths.entry(shape(&op.path)).or_default().insert(op.method);
    }
    paths
}

/// Every `.rs` file under `dir` but the test controls: by the sandbox's
/// convention a module's `/_sandbox/…` routes live in its `control.rs`.
fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("source dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "control.rs")
        {
            let text = std::fs::read_to_string(&path).expect("source");
            out.push((path.display().to_string(), text));
        }
    }
}

/// The text of the call whose `(` is at `open`, up to its `)`.
fn call(text: &str, open: usize) -> &str {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 1 => return &text[open..=open + i],
            ')' => depth -= 1,
            _ => {}
        }
    }
    panic!("unbalanced call at {open}");
}

/// The methods a `.route(…)` call gives its path: `get(…)`, `.post(…)`,
/// `idempotency::keyed(…)` (a guarded POST), ….
fn methods_of(call: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (word, method) in [
        ("get(", "GET"),
        ("post(", "POST"),
        ("put(", "PUT"),
        ("delete(", "DELETE"),
        ("patch(", "PATCH"),
        ("keyed(", "POST"),
    ] {
        let hits = call.match_indices(word).filter(|(at, _)| {
            call[..*at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        });
        if hits.count() > 0 {
            found.insert(method.to_owned());
        }
    }
    found
}

/// The router's paths under `/v1` (shaped) with their methods, from the
/// sources of `sandbox/src/app_api/`.
fn router() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app_api"), &mut files);
    let mut routes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in &files {
        for other in [".nest(", ".nest_service(", ".route_service("] {
            assert!(!text.contains(other), "{file}: {other} routes are not seen by this test");
        }
        for (at, _) in text.match_indices(".route(") {
            let call = call(text, at + ".route".len());
            let path = call.split('"').nth(1).expect("a literal path");
            let methods = methods_of(call);
            assert!(!methods.is_empty(), "{file}: no method for {path}");
            routes.entry(shape(path)).or_default().extend(methods);
        }
    }
    assert!(routes.len() >= 15, "the app API's routes were not found");
    routes
}

#[test]
fn every_route_of_the_sandbox_is_in_the_contract_and_back() {
    let (router, contract) = (router(), contract());
    for (path, methods) in &router {
        assert_eq!(
            contract.get(path),
            Some(methods),
            "/v1{path}: the sandbox serves {methods:?}; add it to fixtures/openapi/app-api.yaml"
        );
    }
    for path in contract.keys() {
        assert!(router.contains_key(path), "/v1{path} is in the contract but not routed");
    }
}

#[test]
fn every_post_requires_a_uuid_idempotency_key_in_the_contract() {
    for op in operations().iter().filter(|op| op.method == "POST") {
        assert!(op.uses("IdempotencyKey"), "{} ({}) has no Idempotency-Key", op.id, op.path);
    }
    let parameter = SPEC.split("    IdempotencyKey:\n").nth(1).expect("the parameter");
    let parameter: String = parameter.lines().take_while(|l| l.starts_with("      ")).collect();
    assert!(parameter.contains("required: true") && parameter.contains("format: uuid"));
}

/// `path` with every parameter filled in.
fn concrete(path: &str) -> String {
    format!("v1{}", shape(path).replace("{}", "4f1c2a3b-0000-4000-8000-000000000001"))
}

#[tokio::test]
async fn the_running_router_has_the_contracts_methods_and_identities() {
    let city = City::start().await;
    let contract = contract();
    for (path, methods) in &contract {
        let url = city.url(&concrete(path));
        let answer = city.http.put(&url).send().await.expect("put");
        assert_eq!(answer.status(), StatusCode::METHOD_NOT_ALLOWED, "PUT {path}");
        let allow: BTreeSet<String> = answer
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(',')
            .map(|m| m.trim().to_owned())
            .filter(|m| m != "HEAD")
            .collect();
        assert_eq!(&allow, methods, "Allow of {path}");
    }
    for op in operations() {
        let method = Method::from_bytes(op.method.as_bytes()).expect("method");
        let request = city.http.request(method, city.url(&concrete(&op.path)));
        let answer = request.send().await.expect("request");
        let status = answer.status();
        let what = format!("{} ({} {}) without credentials", op.id, op.method, op.path);
        if op.login || op.uses("InstallationId") {
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}");
            let kind = answer.headers().get("content-type").and_then(|v| v.to_str().ok());
            assert_eq!(kind, Some("application/problem+json"), "{what}");
        } else {
            assert!(status.is_success() || status.is_redirection(), "{what}: {status}");
        }
        if op.login {
            let challenge = answer.headers().get("www-authenticate").and_then(|v| v.to_str().ok());
            assert!(challenge.is_some_and(|c| c.starts_with("Bearer ")), "{what}");
        }
    }
    let unknown = city.http.get(city.url("v1/nothing-here")).send().await.expect("get");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_post_without_a_uuid_key_is_refused_and_changes_nothing() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    for op in operations().into_iter().filter(|op| op.method == "POST") {
        for key in ["", "not-a-uuid", "4f1c2a3b00004000800000000000000a"] {
            let mut request = city.http.post(city.url(
                &concrete(&op.path).replace("4f1c2a3b-0000-4000-8000-000000000001", FEE_NOTICE),
            ));
            request = request.bearer_auth(&token).header("x-installation-id", "conformance");
            if !key.is_empty() {
                request = request.header("idempotency-key", key);
            }
            let answer =
                payment_support::Answer::of(request.json(&json!({})).send().await.expect("post"))
                    .await;
            let what = format!("{} with key {key:?}", op.id);
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{what}: {}", answer.body);
            assert_eq!(answer.body["code"], "VALIDATION_ERROR", "{what}");
        }
    }
    // A valid reply under a malformed key is not recorded either.
    let id = uuid();
    let refused = reply(&city, &token, FEE_NOTICE, "reply-1", acknowledge(FEE_NOTICE, &id)).await;
    assert_problem(&refused, StatusCode::BAD_REQUEST, "VALIDATION_ERROR", None);
    assert!(received(&city).await.is_empty());
}

#[tokio::test]
async fn a_declaration_is_checked_whatever_the_reply_type() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let id = uuid();
    let mut body = acknowledge(FEE_NOTICE, &id);
    body["declaration"] =
        json!({"bindingConfirmed": true, "confirmationText": "Ja", "confirmedAt": ""});
    let answer = reply(&city, &token, FEE_NOTICE, &id, body.clone()).await;
    assert_problem(
        &answer,
        StatusCode::BAD_REQUEST,
        "VALIDATION_ERROR",
        Some("declaration.confirmedAt"),
    );
    body["declaration"] = json!("ja");
    let answer = reply(&city, &token, FEE_NOTICE, &uuid(), body.clone()).await;
    assert_problem(&answer, StatusCode::BAD_REQUEST, "VALIDATION_ERROR", Some("declaration"));
    assert!(received(&city).await.is_empty(), "nothing was recorded");
    body["declaration"] = json!(null);
    let answer = reply(&city, &token, FEE_NOTICE, &uuid(), body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
}
