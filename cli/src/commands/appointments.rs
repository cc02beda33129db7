//! `leipzig appointments …`: Bürgeramt appointments.

use chrono::{Duration, NaiveDate};
use leipzig_core::{
    App, Error,
    appointments::{
        Appointment, BookingRequest, Contact, Office, Service, Slot, SlotQuery, model::SlotWatch,
    },
};
use serde::Serialize;
use serde_json::json;

use crate::{
    args::{AppointmentsCommand, ContactArgs, Global, WatchCommand},
    fail::Failure,
    output,
};

#[derive(Serialize)]
struct ServiceJson<'a> {
    id: u32,
    name: &'a str,
    max_quantity: u32,
}

#[derive(Serialize)]
struct OfficeJson {
    id: u32,
    name: String,
    address: String,
    lat: Option<f64>,
    lon: Option<f64>,
    email_required: bool,
    telephone_required: bool,
}

impl From<&Office> for OfficeJson {
    fn from(o: &Office) -> Self {
        Self {
            id: o.id,
            name: o.name.clone(),
            address: o.address(),
            lat: o.lat,
            lon: o.lon,
            email_required: o.email_required,
            telephone_required: o.telephone_required,
        }
    }
}

/// A slot as `--json` prints it.
#[derive(Serialize)]
pub struct SlotJson {
    office_id: u32,
    office: String,
    service_id: u32,
    timestamp: i64,
    start: String,
}

impl From<&Slot> for SlotJson {
    fn from(s: &Slot) -> Self {
        Self {
            office_id: s.office_id,
            office: s.office_name.clone(),
            service_id: s.service_id,
            timestamp: s.timestamp,
            start: s.start_rfc3339(),
        }
    }
}

/// An appointment as `--json` prints it.
#[derive(Serialize)]
pub struct AppointmentJson {
    process_id: u32,
    status: &'static str,
    sync_state: &'static str,
    start: String,
    timestamp: i64,
    office_id: u32,
    office: String,
    address: String,
    service_id: u32,
    service: String,
    count: u32,
}

impl From<&Appointment> for AppointmentJson {
    fn from(a: &Appointment) -> Self {
        Self {
            process_id: a.process_id,
            status: a.status.as_str(),
            sync_state: a.sync_state.as_str(),
            start: a.start_rfc3339(),
            timestamp: a.timestamp,
            office_id: a.office_id,
            office: a.office_name.clone(),
            address: a.address.clone(),
            service_id: a.service_id,
            service: a.service_name.clone(),
            count: a.count,
        }
    }
}

/// Runs `leipzig appointments …`.
pub async fn run(app: &App, global: &Global, command: &AppointmentsCommand) -> Result<(), Failure> {
    let appointments = app.appointments();
    match command {
        AppointmentsCommand::Services => {
            let services = appointments.services().await?;
            print_services(global, &services)
        }
        AppointmentsCommand::Offices { service } => {
            let offices = appointments.offices(*service).await?;
            if global.json {
                return output::json(&offices.iter().map(OfficeJson::from).collect::<Vec<_>>());
            }
            let mut table = output::table(&["ID", "Office", "Address"]);
            for o in &offices {
                table.add_row(vec![o.id.to_string(), o.name.clone(), o.address()]);
            }
            println!("{table}");
            Ok(())
        }
        AppointmentsCommand::Slots { service, offices, from, to, count, limit } => {
            let (from, to) = period(appointments.today(), from.as_deref(), to.as_deref())?;
            let query = SlotQuery {
                service_id: *service,
                count: *count,
                office_ids: offices.clone(),
                from,
                to,
            };
            let found = output::with_spinner(
                "Asking the Bürgerbüros…",
                global.json,
                appointments.search_slots(&query),
            )
            .await?;
            for (office, reason) in &found.failed_offices {
                output::warn(&format!("office {office} could not be asked: {reason}"));
            }
            let slots: Vec<&Slot> = found.slots.iter().take(*limit).collect();
            if global.json {
                return output::json(&slots.iter().map(|s| SlotJson::from(*s)).collect::<Vec<_>>());
            }
            if slots.is_empty() {
                println!(
                    "No free slots between {from} and {to}. Try `leipzig appointments watch add --service {service}`."
                );
                return Ok(());
            }
            let mut table = output::table(&["Start", "Office", "Timestamp (for book)"]);
            for s in slots {
                table.add_row(vec![
                    output::local_epoch(s.timestamp),
                    s.office_name.clone(),
                    s.timestamp.to_string(),
                ]);
            }
            println!("{table}");
            Ok(())
        }
        AppointmentsCommand::Book { service, office, timestamp, count, contact } => {
            let request = BookingRequest {
                office_id: *office,
                service_id: *service,
                count: *count,
                timestamp: *timestamp,
                contact: contact_from(contact)?,
            };
            match output::with_spinner("Booking…", global.json, appointments.book(&request)).await
            {
                Ok(a) => print_appointment(global, &a),
                Err(Error::SlotTaken { alternatives }) => {
                    if global.json {
                        output::json(
                            &json!({"error": "slot_taken", "alternatives": alternatives.iter().map(SlotJson::from).collect::<Vec<_>>()}),
                        )?;
                    } else {
                        eprintln!("Someone else took this slot. Next free slots at this office:");
                        for s in &alternatives {
                            eprintln!(
                                "  {}  --timestamp {}",
                                output::local_epoch(s.timestamp),
                                s.timestamp
                            );
                        }
                    }
                    Err(Failure::new("the slot is no longer available"))
                }
                Err(e) => Err(e.into()),
            }
        }
        AppointmentsCommand::List => {
            let list = appointments.appointments()?;
            if global.json {
                return output::json(&list.iter().map(AppointmentJson::from).collect::<Vec<_>>());
            }
            let mut table = output::table(&["ID", "Start", "Service", "Office", "Status"]);
            for a in &list {
                table.add_row(vec![
                    a.process_id.to_string(),
                    output::local_epoch(a.timestamp),
                    a.service_name.clone(),
                    a.office_name.clone(),
                    status_text(a),
                ]);
            }
            println!("{table}");
            Ok(())
        }
        AppointmentsCommand::Show { id } => {
            print_appointment(global, &appointments.appointment(*id)?)
        }
        AppointmentsCommand::Cancel { id } => {
            let a = appointments.cancel(*id).await?;
            print_appointment(global, &a)
        }
        AppointmentsCommand::Rebook { id, timestamp, office, contact } => {
            let (new, old) =
                appointments.rebook(*id, *timestamp, *office, contact_from(contact)?).await?;
            if global.json {
                return output::json(
                    &json!({"booked": AppointmentJson::from(&new), "replaced": AppointmentJson::from(&old)}),
                );
            }
            println!(
                "Booked: {} at {} ({}).",
                output::local_epoch(new.timestamp),
                new.office_name,
                new.process_id
            );
            println!("Replaced: {} — {}.", old.process_id, status_text(&old));
            Ok(())
        }
        AppointmentsCommand::Ics { id, out } => {
            let ics = appointments.ics(*id)?;
            match out {
                Some(path) => {
                    std::fs::write(path, ics)?;
                    eprintln!("Written to {}", path.display());
                }
                None => print!("{ics}"),
            }
            Ok(())
        }
        AppointmentsCommand::Watch(command) => watch(app, global, command).await,
    }
}

async fn watch(app: &App, global: &Global, command: &WatchCommand) -> Result<(), Failure> {
    let appointments = app.appointments();
    match command {
        WatchCommand::Add { service, offices, from, to } => {
            let (from, to) = period(appointments.today(), from.as_deref(), to.as_deref())?;
            let watch = appointments.add_watch(*service, offices, from, to).await?;
            print_watches(global, &[watch])
        }
        WatchCommand::List => {
            let watches = match appointments.refresh_watches().await {
                Ok(w) => w,
                Err(e) if e.is_connectivity() || matches!(e, Error::NotConfigured(_)) => {
                    output::warn(&format!("showing stored watches: {e}"));
                    appointments.watches()?
                }
                Err(e) => return Err(e.into()),
            };
            print_watches(global, &watches)
        }
        WatchCommand::Remove { id } => {
            appointments.remove_watch(id).await?;
            if !global.json {
                println!("Watch {id} removed.");
            }
            Ok(())
        }
    }
}

fn print_services(global: &Global, services: &[Service]) -> Result<(), Failure> {
    if global.json {
        return output::json(
            &services
                .iter()
                .map(|s| ServiceJson { id: s.id, name: &s.name, max_quantity: s.max_quantity })
                .collect::<Vec<_>>(),
        );
    }
    let mut table = output::table(&["ID", "Service"]);
    for s in services {
        table.add_row(vec![s.id.to_string(), s.name.clone()]);
    }
    println!("{table}");
    Ok(())
}

fn print_watches(global: &Global, watches: &[SlotWatch]) -> Result<(), Failure> {
    if global.json {
        let rows: Vec<_> = watches
            .iter()
            .map(|w| {
                json!({
                    "id": w.id, "service_id": w.service_id, "office_ids": w.office_ids,
                    "from": w.from.to_string(), "to": w.to.to_string(), "state": w.state.as_str(),
                    "matches": w.matches.iter().map(SlotJson::from).collect::<Vec<_>>(),
                })
            })
            .collect();
        return output::json(&rows);
    }
    let mut table = output::table(&["ID", "Service", "Period", "State", "Earliest match"]);
    for w in watches {
        let first = w
            .matches
            .first()
            .map(|s| format!("{} {}", output::local_epoch(s.timestamp), s.office_name))
            .unwrap_or_else(|| "–".to_owned());
        table.add_row(vec![
            w.id.clone(),
            w.service_id.to_string(),
            format!("{} – {}", w.from, w.to),
            w.state.as_str().to_owned(),
            first,
        ]);
    }
    println!("{table}");
    Ok(())
}

fn print_appointment(global: &Global, a: &Appointment) -> Result<(), Failure> {
    if global.json {
        return output::json(&AppointmentJson::from(a));
    }
    println!("{} — {}", a.service_name, status_text(a));
    println!("{} at {}", output::local_epoch(a.timestamp), a.office_name);
    println!("{}", a.address);
    println!("Vorgangsnummer {}", a.process_id);
    Ok(())
}

/// The status as a citizen reads it: "saved on this phone" is not "cancelled".
fn status_text(a: &Appointment) -> String {
    use leipzig_core::appointments::{AppointmentStatus as S, SyncState as Y};
    match (a.status, a.sync_state) {
        (_, Y::CancelPending) => {
            "cancellation saved on this machine, not yet received by the city".to_owned()
        }
        (_, Y::CancelFailed) => {
            "the city refused the cancellation — see `leipzig outbox`".to_owned()
        }
        (S::Confirmed, _) => "booked".to_owned(),
        (S::Deleted, _) => "cancelled".to_owned(),
        (S::Reserved | S::Preconfirmed, _) => "not yet confirmed".to_owned(),
    }
}

fn contact_from(args: &ContactArgs) -> Result<Contact, Failure> {
    let family_name =
        args.name.clone().ok_or_else(|| Failure::new("give your family name with --name"))?;
    Ok(Contact { family_name, email: args.email.clone(), telephone: args.phone.clone() })
}

fn period(
    today: NaiveDate,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(NaiveDate, NaiveDate), Failure> {
    let parse = |text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| Failure::new(format!("`{text}` is not a date (YYYY-MM-DD)")))
    };
    let from = from.map(parse).transpose()?.unwrap_or(today);
    let to = to.map(parse).transpose()?.unwrap_or(from + Duration::days(13));
    Ok((from, to))
}
