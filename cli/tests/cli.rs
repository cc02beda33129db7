//! The `leipzig` binary as a user runs it.

mod common;

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
};

use common::{leipzig, ok_json, path, stderr};
use serde_json::Value;

#[test]
fn news_json_then_the_same_items_offline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = path(dir.path());
    let online = ok_json(&["--data-dir", d, "--json", "news"]);
    let items = online.as_array().expect("array");
    assert_eq!(items.len(), 20);
    for item in items {
        for key in ["id", "title", "published", "link", "summary", "categories", "read"] {
            assert!(item.get(key).is_some(), "missing {key} in {item}");
        }
        let published = item["published"].as_str().expect("published");
        assert!(chrono::DateTime::parse_from_rfc3339(published).is_ok(), "{published}");
        assert!(published.ends_with("+01:00") || published.ends_with("+02:00"), "{published}");
        assert_eq!(item["read"], Value::Bool(false));
    }

    let offline = ok_json(&["--data-dir", d, "--offline", "--json", "news"]);
    assert_eq!(offline, online, "offline shows exactly what the online run stored");

    let id = items[0]["id"].as_i64().expect("id").to_string();
    let read = ok_json(&["--data-dir", d, "--offline", "--json", "news", "read", &id]);
    assert_eq!(read["read"], Value::Bool(true));
    let after = ok_json(&["--data-dir", d, "--offline", "--json", "news", "--limit", "1"]);
    assert_eq!(after[0]["read"], Value::Bool(true));

    let table = leipzig(&["--data-dir", d, "--offline", "news", "--limit", "3"]);
    assert!(table.status.success());
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains(items[0]["title"].as_str().expect("title")), "{text}");
}

#[test]
fn offline_with_nothing_stored_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = leipzig(&["--data-dir", path(dir.path()), "--offline", "news"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no news stored"), "{}", stderr(&out));
}

#[test]
fn an_unreachable_feed_fails_without_cache_and_warns_with_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = path(dir.path());
    // Port 9 (discard) is closed on loopback: connections are refused.
    let dead = dir.path().join("dead.toml");
    std::fs::write(
        &dead,
        "[endpoints]\nnews_feed = \"http://127.0.0.1:9/newsfeed/rss.xml\"\n[http]\nmax_retries = 1\nbackoff_base_ms = 10\n",
    )
    .expect("write config");
    let dead = path(&dead);

    let out = leipzig(&["--config", dead, "--data-dir", d, "--json", "news"]);
    assert!(!out.status.success(), "no cache and no server must fail");
    assert!(stderr(&out).contains("could not be fetched"), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "nothing on stdout");

    // Fill the cache from the embedded sandbox, then point at the dead server.
    let stored = ok_json(&["--data-dir", d, "--json", "news"]);
    let out = leipzig(&["--config", dead, "--data-dir", d, "--json", "news", "--refresh"]);
    assert!(out.status.success(), "a usable cache is shown: {}", stderr(&out));
    assert!(stderr(&out).contains("warning: could not refresh"), "{}", stderr(&out));
    let shown: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(shown, stored);
}

#[test]
fn the_standalone_sandbox_writes_a_working_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("client.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_leipzig"))
        .args(["sandbox", "--port", "0", "--write-config", path(&config)])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn sandbox");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("url");
    assert!(line.starts_with("http://127.0.0.1:"), "{line}");

    let text = std::fs::read_to_string(&config).expect("config written");
    for key in ["news_feed", "appointments", "facilities", "app_api", "oidc_issuer"] {
        assert!(text.contains(key), "{key} missing in {text}");
    }
    let data = dir.path().join("data");
    let items = ok_json(&["--config", path(&config), "--data-dir", path(&data), "--json", "news"]);
    assert_eq!(items.as_array().map(Vec::len), Some(20));
    child.kill().expect("kill");
    let _ = child.wait();
}

#[test]
fn the_demo_walks_through_every_feature() {
    let out = leipzig(&["demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("City news"), "{text}");
    assert!(text.contains("304 Not Modified"), "{text}");
    assert!(text.contains("Logged in as Erika Mustermann"), "{text}");
    assert!(text.contains("Contact data comes from the login"), "{text}");
    assert!(text.contains("Booked: Vorgangsnummer"), "{text}");
    assert!(text.contains("The session ended at the provider (confirmed)"), "{text}");
    assert!(text.contains("Stored 58 facilities"), "{text}");
    assert!(text.contains("Offline, the news screen still shows 5 items"), "{text}");
    assert!(text.contains("still answers from the phone: 3 libraries"), "{text}");
    assert!(text.contains("PAYED: 25,00 € with PAYPAL"), "{text}");
    assert!(text.contains("already paid: true"), "{text}");
    assert!(text.contains("matched the city's SHA-512"), "{text}");
    assert!(text.contains("only now does it meet the deadline"), "{text}");
    assert!(text.contains("offline at the counter: card LSB"), "{text}");
}

#[test]
fn facilities_near_a_place_in_distance_order_then_offline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = path(dir.path());
    let near = ok_json(&[
        "--data-dir",
        d,
        "--json",
        "facilities",
        "search",
        "Bürgerbüro",
        "--near",
        "51.3397,12.3808",
        "--limit",
        "5",
    ]);
    let hits = near.as_array().expect("array");
    assert_eq!(hits.len(), 5);
    let distances: Vec<f64> =
        hits.iter().map(|h| h["distance_m"].as_f64().expect("distance_m")).collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    for key in ["id", "name", "category", "address", "lat", "lon", "open_now", "wheelchair"] {
        assert!(hits[0].get(key).is_some(), "{key} in {}", hits[0]);
    }
    let id = hits[0]["id"].as_str().expect("id");
    // A Wednesday at 10:00 in Leipzig, then the same hour on Buß- und Bettag.
    let open = ok_json(&[
        "--data-dir",
        d,
        "--offline",
        "--json",
        "facilities",
        "show",
        id,
        "--at",
        "2026-11-25T10:00:00+01:00",
    ]);
    assert_eq!(open["open_now"], Value::Bool(true), "{open}");
    let holiday = ok_json(&[
        "--data-dir",
        d,
        "--offline",
        "--json",
        "facilities",
        "show",
        id,
        "--at",
        "2026-11-18T10:00:00+01:00",
    ]);
    assert_eq!(holiday["open_now"], Value::Bool(false), "{holiday}");

    let text = leipzig(&["--data-dir", d, "--offline", "facilities", "search", "Buergerbuero"]);
    assert!(text.status.success(), "{}", stderr(&text));
    assert!(
        String::from_utf8_lossy(&text.stdout).contains(hits[0]["name"].as_str().expect("name"))
    );
    let unknown = leipzig(&["--data-dir", d, "--offline", "facilities", "show", "nope-1"]);
    assert!(!unknown.status.success());
}

#[test]
fn bad_config_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[endpoints]\nnews_feed = \"http://www.leipzig.de/feed\"\n")
        .expect("write");
    let out = leipzig(&["--config", path(&bad), "--data-dir", path(dir.path()), "news"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("https"), "{}", stderr(&out));
}

#[test]
fn environment_names_config_and_data_dir() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("from-env");
    let config = dir.path().join("env.toml");
    // A config whose own data_dir is overridden by LEIPZIG_DATA_DIR.
    std::fs::write(&config, "data_dir = \"/nonexistent/should-not-be-used\"\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_leipzig"))
        .args(["--offline", "news"])
        .env("LEIPZIG_CONFIG", &config)
        .env("LEIPZIG_DATA_DIR", &data)
        .output()
        .expect("runs");
    assert!(!out.status.success(), "nothing stored yet");
    assert!(stderr(&out).contains("no news stored"), "{}", stderr(&out));
    assert!(data.join("leipzig.db").exists(), "the database went to LEIPZIG_DATA_DIR");

    // Without a config, LEIPZIG_DATA_DIR still decides where the embedded city lives.
    let embedded = dir.path().join("embedded");
    let out = Command::new(env!("CARGO_BIN_EXE_leipzig"))
        .args(["--json", "news", "--limit", "1"])
        .env_remove("LEIPZIG_CONFIG")
        .env("LEIPZIG_DATA_DIR", &embedded)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(embedded.join("sandbox").join("state.json").exists());
}

#[test]
fn appointments_book_cancel_offline_and_deliver_on_the_next_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = path(dir.path());
    let services = ok_json(&["--data-dir", d, "--json", "appointments", "services"]);
    assert_eq!(services.as_array().map(Vec::len), Some(15));
    assert!(services[0].get("id").is_some() && services[0].get("name").is_some());
    let offices =
        ok_json(&["--data-dir", d, "--json", "appointments", "offices", "--service", "1300111"]);
    assert_eq!(offices.as_array().map(Vec::len), Some(11));

    let slots = ok_json(&[
        "--data-dir",
        d,
        "--json",
        "appointments",
        "slots",
        "--service",
        "1300111",
        "--office",
        "10401",
        "--limit",
        "3",
    ]);
    let slot = &slots[0];
    for key in ["office_id", "office", "service_id", "timestamp", "start"] {
        assert!(slot.get(key).is_some(), "{key} in {slot}");
    }
    let timestamp = slot["timestamp"].as_i64().expect("timestamp").to_string();
    let booked = ok_json(&[
        "--data-dir",
        d,
        "--json",
        "appointments",
        "book",
        "--service",
        "1300111",
        "--office",
        "10401",
        "--timestamp",
        &timestamp,
        "--name",
        "Mustermann",
        "--email",
        "erika@example.org",
    ]);
    for key in ["process_id", "status", "start", "office_id", "service_id", "sync_state"] {
        assert!(booked.get(key).is_some(), "{key} in {booked}");
    }
    assert_eq!(booked["status"], "confirmed");
    let id = booked["process_id"].as_i64().expect("id").to_string();

    // The same slot again: taken, with alternatives, and a non-zero exit.
    let again = leipzig(&[
        "--data-dir",
        d,
        "appointments",
        "book",
        "--service",
        "1300111",
        "--office",
        "10401",
        "--timestamp",
        &timestamp,
        "--name",
        "Mustermann",
        "--email",
        "erika@example.org",
    ]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("Next free slots"), "{}", stderr(&again));

    let ics = leipzig(&["--data-dir", d, "appointments", "ics", &id]);
    assert!(String::from_utf8_lossy(&ics.stdout).contains("BEGIN:VEVENT"));

    let pending = ok_json(&["--data-dir", d, "--offline", "--json", "appointments", "cancel", &id]);
    assert_eq!(pending["sync_state"], "cancel_pending");
    let outbox = ok_json(&["--data-dir", d, "--offline", "--json", "outbox"]);
    assert_eq!(outbox[0]["state"], "pending");

    // Any online command delivers the outbox first, like a phone coming to the foreground.
    let list = ok_json(&["--data-dir", d, "--json", "appointments", "list"]);
    assert_eq!(list[0]["status"], "deleted");
    assert_eq!(list[0]["sync_state"], "synced");
    let outbox = ok_json(&["--data-dir", d, "--offline", "--json", "outbox"]);
    assert_eq!(outbox[0]["state"], "acked");
    assert!(outbox[0]["received_at"].is_string());
}

#[test]
fn login_as_a_sandbox_user_whoami_offline_then_logout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = path(dir.path());
    let who = ok_json(&["--data-dir", d, "--json", "login", "--sandbox-user", "demo-pass"]);
    assert_eq!(who["name"], "Aylin Demir");
    let offline = ok_json(&["--data-dir", d, "--offline", "--json", "whoami"]);
    for key in ["sub", "name", "email"] {
        assert_eq!(offline[key], who[key], "{key}");
    }
    assert_eq!(offline["address"], "Eisenbahnstraße 54, 04315 Leipzig");
    let out = ok_json(&["--data-dir", d, "--json", "logout"]);
    assert_eq!(out["ended_at_provider"], Value::Bool(true));
    let gone = leipzig(&["--data-dir", d, "whoami"]);
    assert!(!gone.status.success());
    assert!(stderr(&gone).contains("not logged in"), "{}", stderr(&gone));
    let secrets = std::fs::read_to_string(dir.path().join("secrets.json")).expect("secrets file");
    assert!(!secrets.contains("oidc."), "no token left: {secrets}");
}

#[test]
fn sandbox_users_are_refused_for_a_real_provider() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("real.toml");
    std::fs::write(
        &config,
        "[endpoints]\noidc_issuer = \"https://login.leipzig.de/realms/leipzig\"\n",
    )
    .expect("write");
    let out = leipzig(&[
        "--config",
        path(&config),
        "--data-dir",
        path(dir.path()),
        "login",
        "--sandbox-user",
        "demo-adult",
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("only against the sandbox"), "{}", stderr(&out));
}
