//! `leipzig demo`: a narrated walk through what the app does, end to end
//! against the embedded sandbox, on a fresh phone (a temporary data
//! directory), so every run tells the same story. Each feature adds a step.

use leipzig_core::news::RefreshOutcome;

use crate::{args::Global, fail::Failure, output, session::Session};

/// Runs the demo.
pub async fn run(global: &Global) -> Result<(), Failure> {
    let phone = tempfile::Builder::new().prefix("leipzig-demo-").tempdir()?;
    let data_dir = phone.path().to_path_buf();
    let mut say = Narrator::default();

    say.step("A fresh phone");
    let session = match &global.config {
        Some(path) => {
            say.line(&format!("Using the servers in {}.", path.display()));
            let mut config = leipzig_core::Config::from_file(path, Some(&data_dir))?;
            config.data_dir = data_dir.clone();
            Session::with_config(config, None)?
        }
        None => {
            let (config, sandbox) = crate::session::embedded(data_dir.clone(), false).await?;
            Session::with_config(config, sandbox)?
        }
    };
    if let Some(sandbox) = &session.sandbox {
        say.line(&format!("Started the sandbox of Leipzig's back ends at {}.", sandbox.base_url()));
    }
    let app = &session.app;
    say.line(&format!("The app keeps its data in {}.", data_dir.display()));

    say.step("City news");
    say.line("Fetching the press releases of the city (RSS 2.0)…");
    let outcome = app.news().refresh().await?;
    if let RefreshOutcome::Updated(stats) = outcome {
        say.line(&format!("Stored {} press releases in the phone's database.", stats.inserted));
    }
    let newest = app.news().list(5, 0)?;
    let mut table = output::table(&["ID", "Published", "Title"]);
    for item in &newest {
        table.add_row(vec![
            item.id.to_string(),
            output::local_time(item.published),
            item.title.clone(),
        ]);
    }
    println!("{table}");
    if let Some(first) = newest.first() {
        app.news().mark_read(first.id, true)?;
        say.line(&format!("Reading “{}”:", first.title));
        println!("    {}", first.summary.lines().next().unwrap_or_default());
        let (total, unread) = app.news().counts()?;
        say.line(&format!("It is now marked read ({unread} of {total} unread)."));
    }
    say.line("Refreshing again: the app sends If-None-Match with the stored ETag…");
    match app.news().refresh().await? {
        RefreshOutcome::NotModified => {
            say.line("…and the city answers 304 Not Modified: nothing downloaded, nothing written.")
        }
        RefreshOutcome::Updated(stats) => {
            say.line(&format!("…and the feed had changed: {} new items.", stats.inserted))
        }
    }

    let citizen = login_step(app, &mut say).await?;
    let booked = appointment_step(app, &citizen, &mut say).await?;
    facilities_step(app, &mut say).await?;
    payment_step(app, &mut say).await?;
    notice_step(app, &mut say).await?;
    super::demo_library::library_step(app, &mut say).await?;

    say.step("On the tram, without reception");
    app.set_offline(true);
    let offline = app.news().list(5, 0)?;
    say.line(&format!(
        "Offline, the news screen still shows {} items from the phone's database.",
        offline.len()
    ));
    match app.news().refresh().await {
        Err(e) => say.line(&format!("A refresh now fails cleanly: {e}.")),
        Ok(_) => say.line("(unexpected: a refresh succeeded offline)"),
    }
    let query = leipzig_core::facilities::FacilityQuery {
        text: "Bibliothek".to_owned(),
        limit: 3,
        ..Default::default()
    };
    let libraries = app.facilities().search(&query)?;
    say.line(&format!(
        "The facility finder still answers from the phone: {} libraries found for “Bibliothek”.",
        libraries.len()
    ));
    let pending = app.appointments().cancel(booked).await?;
    say.line(&format!(
        "Cancelling appointment {booked} offline: {} — saved on the phone, not yet at the city.",
        pending.sync_state.as_str()
    ));
    app.set_offline(false);
    say.line("Back online, the outbox delivers it (with its Idempotency-Key, exactly once):");
    app.sync().run().await;
    let done = app.appointments().appointment(booked)?;
    let receipt =
        app.outbox().list()?.into_iter().rev().find_map(|e| e.server_time).unwrap_or_default();
    say.line(&format!(
        "appointment {booked} is now {} (received by the city at {receipt}).",
        done.status.as_str()
    ));

    say.step("Logging out");
    let report = app.logout(false).await?;
    say.line(&format!(
        "The session ended at the provider ({}); tokens and every personal row on this phone are gone.",
        if report.ended_at_provider { "confirmed" } else { "not reachable" }
    ));

    say.step("Done");
    say.line(
        "Try it yourself: `leipzig news`, `leipzig login --sandbox-user demo-pass`, `leipzig whoami`, \
         `leipzig appointments slots`, `leipzig fees`, `leipzig pay fee ID --simulate card`, \
         `leipzig notices list`, `leipzig notices deadlines`, `leipzig library card-types`, \
         `leipzig facilities search Bürgerbüro --near 51.3397,12.3808 --open-now`, \
         `leipzig --offline facilities search Bibliothek`.",
    );
    Ok(())
}

/// Logs the demo citizen in at the sandbox's identity provider, headlessly.
async fn login_step(
    app: &leipzig_core::App,
    say: &mut Narrator,
) -> Result<leipzig_core::account::Identity, Failure> {
    say.step("Logging in");
    let redirect = "http://127.0.0.1:43117/callback";
    let request = app.account().begin_login(redirect).await?;
    say.line("The app opens the city's login page (OpenID Connect, code flow with PKCE S256)…");
    let answer = super::account::sandbox_form(app, &request.url, "demo-adult").await?;
    say.line("…the citizen logs in as demo-adult; the browser comes back with a one-time code.");
    let who = app.account().complete_login(&answer).await?;
    say.line(&format!(
        "Logged in as {} — ID token verified, refresh token in the secret store, access token only in memory.",
        who.name.as_deref().unwrap_or(&who.sub)
    ));
    Ok(who)
}

/// Finds a slot for an ID card across all Bürgerbüros and books it, with
/// the logged-in citizen's contact data (nothing to retype).
async fn appointment_step(
    app: &leipzig_core::App,
    citizen: &leipzig_core::account::Identity,
    say: &mut Narrator,
) -> Result<u32, Failure> {
    use leipzig_core::appointments::{BookingRequest, Contact, SlotQuery};
    say.step("A Bürgeramt appointment");
    let services = app.appointments().services().await?;
    let service = services
        .iter()
        .find(|s| s.name == "Personalausweis beantragen")
        .ok_or_else(|| Failure::new("the catalogue has no ID card service"))?;
    let today = app.appointments().today();
    let query = SlotQuery {
        service_id: service.id,
        count: 1,
        office_ids: Vec::new(),
        from: today,
        to: today + chrono::Duration::days(13),
    };
    let found = app.appointments().search_slots(&query).await?;
    say.line(&format!(
        "\"{}\": {} free slots across the Bürgerbüros in the next two weeks (searched in parallel, within the city's rate limit).",
        service.name,
        found.slots.len()
    ));
    let slot = found.slots.first().ok_or_else(|| Failure::new("no free slot in the sandbox"))?;
    say.line(&format!(
        "Booking the earliest: {} at {}…",
        output::local_epoch(slot.timestamp),
        slot.office_name
    ));
    let contact = Contact {
        family_name: citizen.family_name.clone().unwrap_or_else(|| "Mustermann".to_owned()),
        email: citizen.email.clone(),
        telephone: citizen.phone_number.as_ref().map(|p| p.replace(' ', "")),
    };
    say.line("Contact data comes from the login: nothing to retype.");
    let request = BookingRequest {
        office_id: slot.office_id,
        service_id: slot.service_id,
        count: 1,
        timestamp: slot.timestamp,
        contact,
    };
    let booked = app.appointments().book(&request).await?;
    say.line(&format!("Booked: Vorgangsnummer {}, {}.", booked.process_id, booked.status.as_str()));
    let ics = app.appointments().ics(booked.process_id)?;
    say.line(&format!(
        "Calendar file ready ({} bytes, with reminders the day before and two hours before).",
        ics.len()
    ));
    Ok(booked.process_id)
}

/// Fetches the facility layer and asks the questions a citizen asks of it.
async fn facilities_step(app: &leipzig_core::App, say: &mut Narrator) -> Result<(), Failure> {
    use leipzig_core::facilities::{FacilityQuery, LayerRefresh};
    say.step("Public facilities near you");
    say.line("Fetching the city's facility layer (GeoJSON in EPSG:25833, converted to WGS84)…");
    if let LayerRefresh::Replaced(report) = app.facilities().refresh().await? {
        say.line(&format!("Stored {} facilities with their opening hours.", report.stored));
    }
    let augustusplatz = (51.3397, 12.3808);
    let query = FacilityQuery {
        category: Some("buergerbuero".to_owned()),
        near: Some(augustusplatz),
        limit: 3,
        ..Default::default()
    };
    say.line("The three Bürgerbüros nearest to Augustusplatz, with their state right now:");
    let mut table = output::table(&["Name", "Distance", "Now"]);
    for hit in app.facilities().search(&query)? {
        table.add_row(vec![
            hit.facility.name.clone(),
            hit.distance_m.map(super::facilities::distance).unwrap_or_default(),
            super::facilities::status(&hit),
        ]);
    }
    println!("{table}");
    let open_query = FacilityQuery { open_now: true, wheelchair: true, ..query };
    let open = app.facilities().search(&open_query)?;
    match open.first() {
        Some(hit) => say.line(&format!(
            "Open right now and step-free: {}, {}.",
            hit.facility.name,
            hit.distance_m.map(super::facilities::distance).unwrap_or_default()
        )),
        None => say.line(
            "No Bürgerbüro is open and step-free right now (the hours know Saxony's holidays).",
        ),
    }
    Ok(())
}

/// Pays the library card's annual fee on the sandbox's payment page.
async fn payment_step(app: &leipzig_core::App, say: &mut Narrator) -> Result<(), Failure> {
    use leipzig_core::payments::{PaymentState, format_eur};
    say.step("Paying a fee");
    let fees = app.payments().refresh_fees().await?;
    say.line(&format!("The city lists {} item(s) this citizen owes:", fees.len()));
    for f in &fees {
        println!("    {}  {}  {}", f.subject.id, format_eur(f.amount_cents), f.title);
    }
    let Some(fee) = fees.iter().find(|f| f.payable && f.title.contains("Bibliothek")) else {
        say.line("(no payable library fee in this city)");
        return Ok(());
    };
    say.line(&format!("Paying “{}”: the payment is saved on the phone first…", fee.title));
    let started = app.payments().start(fee.subject.clone()).await?;
    let page = started.paypage_url.clone().unwrap_or_default();
    say.line("…then the city asks its payment service (XBezahldienste) for a transaction;");
    say.line(&format!("the phone opens its page in the system browser: {page}"));
    say.line("A person picks PayPal there; the browser comes back through the return link,");
    say.line("which says nothing about the outcome — the app asks the city:");
    let choice = leipzig_sandbox::epaybl::PayChoice::Paypal;
    let paid = match super::payments::click_through(&page, choice).await? {
        Some(link) => app.payments().handle_return(&link).await?,
        None => app.payments().settle(&started.payment.id).await?,
    };
    if paid.state == PaymentState::Payed {
        let receipt = app.payments().receipt(&paid.id)?;
        say.line(&format!(
            "PAYED: {} with {}, Kassenzeichen {}; receipt {} stored (sealed) for offline use.",
            format_eur(receipt.amount_cents),
            receipt.payment_method.as_deref().unwrap_or("–"),
            receipt.transaction_reference,
            receipt.receipt_number,
        ));
    } else {
        say.line(&format!("The payment is {} (unexpected in the demo).", paid.state.as_str()));
    }
    say.line("Tapping “pay” again gives the same receipt, never a second charge:");
    let again = app.payments().start(fee.subject.clone()).await?;
    say.line(&format!("already paid: {}.", again.already_paid));
    Ok(())
}

/// Reads an official notice and objects to it.
async fn notice_step(app: &leipzig_core::App, say: &mut Narrator) -> Result<(), Failure> {
    use leipzig_core::notices::{DeadlineKind, ReplyDraft};
    say.step("An official notice (Bescheid)");
    let sync = app.notices().sync().await?;
    say.line(&format!(
        "The mailbox brought {} notice(s), stored sealed on the phone.",
        sync.changed
    ));
    let Some(notice) =
        app.notices().list(false)?.into_iter().find(|n| n.subject.contains("Gehweg"))
    else {
        say.line("(no Gehweg notice in this city)");
        return Ok(());
    };
    say.line(&format!(
        "Opening “{}” reports its first retrieval to the city, once:",
        notice.subject
    ));
    let opened = app.notices().open(&notice.id).await?;
    say.line(&format!(
        "the city fixed the day it counts as announced: {} (§ 41 Abs. 2a VwVfG: the day after).",
        opened.delivery.bekanntgabe_at.as_deref().unwrap_or("–")
    ));
    if let Some(d) = opened.deadlines.iter().find(|d| d.kind == DeadlineKind::Objection) {
        say.line(&format!(
            "Objection (Widerspruch) until {} — {} days left.",
            d.due_at.as_deref().unwrap_or("–"),
            d.days_left.unwrap_or_default()
        ));
    }
    if let Some(pdf) = opened.attachments.first() {
        let bytes = app.notices().attachment(&opened.id, &pdf.id).await?;
        say.line(&format!(
            "The PDF {} ({} bytes) matched the city's SHA-512.",
            pdf.file_name,
            bytes.len()
        ));
    }
    let declaration = app.notices().objection_declaration(&opened.id)?;
    say.line(&format!("Objecting, after confirming: “{declaration}”"));
    let draft = ReplyDraft::Objection {
        text: "Der Gehweg wurde an den genannten Tagen nicht genutzt.".to_owned(),
        binding_confirmed: true,
        confirmation_text: declaration,
        requests_suspension: false,
    };
    let reply = app.notices().reply(&opened.id, draft).await?;
    say.line(&format!(
        "Received by the city at {} (receipt {}): only now does it meet the deadline.",
        reply.received_at.as_deref().unwrap_or("–"),
        reply.receipt_id.as_deref().unwrap_or("–")
    ));
    Ok(())
}

/// Prints numbered steps and indented narration.
#[derive(Debug, Default)]
pub(super) struct Narrator {
    step: u32,
}

impl Narrator {
    pub(super) fn step(&mut self, title: &str) {
        self.step += 1;
        println!();
        println!("── {}. {} ──", self.step, title);
    }

    pub(super) fn line(&self, text: &str) {
        println!("  {text}");
    }
}
