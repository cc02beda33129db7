//! `leipzig login | logout | whoami | profile`: the citizen's account.
//!
//! `login` follows RFC 8252 for desktop apps: a one-shot listener on
//! 127.0.0.1 (any free port) receives the browser's redirect. With
//! `--sandbox-user` the login form is filled in by the client itself —
//! only against a loopback provider (the sandbox), never a real one.

use std::time::Duration;

use leipzig_core::{
    App,
    account::{Identity, Profile},
    config::is_loopback,
};
use serde::Serialize;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

use crate::{
    args::{Global, LoginArgs, LogoutArgs, ProfileCommand, ProfileSetArgs},
    fail::Failure,
    output,
};

/// How long `login` waits for the browser.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(300);
/// The sandbox's demo users share this password (fixtures/oidc/README.md).
const SANDBOX_PASSWORD: &str = "demo";

/// `whoami --json`.
#[derive(Debug, Serialize)]
struct WhoamiJson<'a> {
    sub: &'a str,
    name: Option<&'a str>,
    email: Option<&'a str>,
    birthdate: Option<&'a str>,
    address: Option<String>,
    acr: Option<&'a str>,
}

impl<'a> From<&'a Identity> for WhoamiJson<'a> {
    fn from(who: &'a Identity) -> Self {
        let parts = [&who.street_address, &who.postal_code, &who.locality];
        let address = parts.iter().any(|p| p.is_some()).then(|| {
            leipzig_core::address::postal(
                who.street_address.as_deref(),
                who.postal_code.as_deref(),
                who.locality.as_deref(),
            )
        });
        Self {
            sub: &who.sub,
            name: who.name.as_deref(),
            email: who.email.as_deref(),
            birthdate: who.birthdate.as_deref(),
            address,
            acr: who.acr.as_deref(),
        }
    }
}

/// `leipzig login`.
pub async fn login(app: &App, global: &Global, args: &LoginArgs) -> Result<(), Failure> {
    if args.sandbox_user.is_some() {
        sandbox_only(app)?;
    }
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let redirect_uri = format!("http://127.0.0.1:{}/callback", listener.local_addr()?.port());
    let request = app.account().begin_login(&redirect_uri).await?;
    let answer = match &args.sandbox_user {
        Some(user) => sandbox_form(app, &request.url, user).await?,
        None => {
            eprintln!("Open this address in your browser to log in:\n\n  {}\n", request.url);
            if !args.no_browser {
                open_browser(&request.url);
            }
            tokio::time::timeout(BROWSER_TIMEOUT, receive_redirect(&listener))
                .await
                .map_err(|_| Failure::new("no answer from the browser within 5 minutes"))??
        }
    };
    let who = app.account().complete_login(&answer).await?;
    if global.json {
        output::json(&WhoamiJson::from(&who))
    } else {
        println!("Logged in as {}.", who.name.as_deref().unwrap_or(&who.sub));
        Ok(())
    }
}

/// Refuses unless the identity provider is the loopback sandbox.
pub fn sandbox_only(app: &App) -> Result<(), Failure> {
    let issuer = app.config().endpoints.oidc_issuer.as_ref();
    if issuer.is_some_and(|i| i.scheme() == "http" && is_loopback(i)) {
        Ok(())
    } else {
        Err(Failure::new(
            "--sandbox-user works only against the sandbox's provider (a loopback issuer)",
        ))
    }
}

/// Fills in the sandbox provider's login form as `user`: the redirect URL.
/// Refused unless the provider is on loopback (never a real one).
pub async fn sandbox_form(app: &App, authorize_url: &str, user: &str) -> Result<String, Failure> {
    sandbox_only(app)?;
    leipzig_core::http::install_crypto_provider();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|_| Failure::new("no HTTP client"))?;
    leipzig_sandbox::oidc::headless_login(&http, authorize_url, user, SANDBOX_PASSWORD)
        .await
        .map_err(|e| Failure::new(format!("sandbox login failed: {e}")))
}

/// Waits for the browser's one request and answers it with a page that
/// can be closed; returns the full redirect URL.
async fn receive_redirect(listener: &TcpListener) -> Result<String, Failure> {
    let port = listener.local_addr()?.port();
    loop {
        let (mut stream, _) = listener.accept().await?;
        let mut buffer = vec![0u8; 16 * 1024];
        let read = stream.read(&mut buffer).await?;
        let head = String::from_utf8_lossy(&buffer[..read]);
        let target = head.lines().next().and_then(|line| {
            let mut parts = line.split(' ');
            (parts.next() == Some("GET")).then(|| parts.next()).flatten()
        });
        // Browsers also ask for /favicon.ico; only the callback counts.
        let Some(target) = target.filter(|t| t.starts_with("/callback")) else {
            let _ = stream
                .write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await;
            continue;
        };
        let page = "<!doctype html><html lang=\"de\"><meta charset=\"utf-8\"><title>Leipzig nah bei mir</title>\
                    <p>Anmeldung abgeschlossen. Sie können dieses Fenster schließen.</p></html>";
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        );
        let _ = stream.write_all(response.as_bytes()).await;
        return Ok(format!("http://127.0.0.1:{port}{target}"));
    }
}

/// Best effort: the address is printed anyway.
/// Opens `url` in the desktop's browser (best effort).
pub fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// `leipzig logout`.
pub async fn logout(app: &App, global: &Global, args: &LogoutArgs) -> Result<(), Failure> {
    let report = app.logout(args.force).await?;
    if global.json {
        return output::json(&serde_json::json!({ "ended_at_provider": report.ended_at_provider }));
    }
    if report.ended_at_provider {
        println!("Logged out; everything personal on this machine is deleted.");
    } else {
        output::warn("the identity provider could not be reached; its session ends on its own");
        println!("Logged out here; everything personal on this machine is deleted.");
    }
    Ok(())
}

/// `leipzig whoami`.
pub fn whoami(app: &App, global: &Global) -> Result<(), Failure> {
    let Some(who) = app.account().whoami()? else {
        return Err(Failure::new("not logged in (leipzig login)"));
    };
    if global.json {
        return output::json(&WhoamiJson::from(&who));
    }
    let json = WhoamiJson::from(&who);
    for (label, value) in [
        ("Name", json.name.map(str::to_owned)),
        ("E-mail", json.email.map(str::to_owned)),
        ("Born", json.birthdate.map(str::to_owned)),
        ("Address", json.address),
        ("Subject", Some(who.sub.clone())),
    ] {
        println!("{label:<8} {}", value.unwrap_or_else(|| "—".to_owned()));
    }
    Ok(())
}

/// `leipzig profile show | set`.
pub fn profile(app: &App, global: &Global, command: &ProfileCommand) -> Result<(), Failure> {
    let stored =
        app.account().profile()?.ok_or_else(|| Failure::new("not logged in (leipzig login)"))?;
    let shown = match command {
        ProfileCommand::Show => stored,
        ProfileCommand::Set(args) => app.account().set_profile(changed(stored, args))?,
    };
    if global.json {
        return output::json(&serde_json::json!({
            "given_name": shown.given_name, "family_name": shown.family_name,
            "birthdate": shown.birthdate, "street": shown.street_address,
            "postcode": shown.postal_code, "city": shown.locality, "email": shown.email,
            "phone": shown.phone, "leipzig_pass": shown.leipzig_pass,
        }));
    }
    for (label, value) in [
        ("Given name", &shown.given_name),
        ("Family name", &shown.family_name),
        ("Born", &shown.birthdate),
        ("Street", &shown.street_address),
        ("Postcode", &shown.postal_code),
        ("City", &shown.locality),
        ("E-mail", &shown.email),
        ("Phone", &shown.phone),
        ("Leipzig-Pass", &shown.leipzig_pass),
    ] {
        println!("{label:<12} {}", value.as_deref().unwrap_or("—"));
    }
    Ok(())
}

/// `stored` with the fields given on the command line replaced.
fn changed(mut p: Profile, args: &ProfileSetArgs) -> Profile {
    let set = |field: &mut Option<String>, value: &Option<String>| {
        if let Some(value) = value {
            *field = Some(value.clone());
        }
    };
    set(&mut p.given_name, &args.given_name);
    set(&mut p.family_name, &args.family_name);
    set(&mut p.birthdate, &args.birthdate);
    set(&mut p.street_address, &args.street);
    set(&mut p.postal_code, &args.postcode);
    set(&mut p.locality, &args.city);
    set(&mut p.email, &args.email);
    set(&mut p.phone, &args.phone);
    set(&mut p.leipzig_pass, &args.leipzig_pass);
    p
}
