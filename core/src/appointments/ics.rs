//! An appointment as an iCalendar file (RFC 5545), for the citizen's own
//! calendar: office address as location, reminders the day before and two
//! hours before.

use chrono::{Duration, TimeZone, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Trigger};

use super::model::Appointment;

/// The `.ics` text of `appointment`.
pub fn ics(appointment: &Appointment, info: Option<&str>) -> String {
    let start = Utc.timestamp_opt(appointment.timestamp, 0).single().unwrap_or_default();
    let end = Utc.timestamp_opt(appointment.end_timestamp(), 0).single().unwrap_or_default();
    let mut event = Event::new();
    event
        .uid(&format!("{}@termine.leipzig-nah-bei-mir", appointment.process_id))
        .timestamp(start)
        .summary(&format!("Bürgeramt: {}", appointment.service_name))
        .location(&format!("{}, {}", appointment.office_name, appointment.address))
        .starts(start)
        .ends(end)
        .alarm(Alarm::display(
            "Morgen: Termin im Bürgerbüro",
            Trigger::before_start(Duration::days(1)),
        ))
        .alarm(Alarm::display(
            "In zwei Stunden: Termin im Bürgerbüro",
            Trigger::before_start(Duration::hours(2)),
        ));
    let description = match info {
        Some(info) => format!("Vorgangsnummer {}. {info}", appointment.process_id),
        None => format!("Vorgangsnummer {}.", appointment.process_id),
    };
    event.description(&description);
    Calendar::new().name("Leipzig nah bei mir").push(event.done()).done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::model::{AppointmentStatus, SyncState};

    #[test]
    fn an_appointment_becomes_an_event_with_two_reminders() {
        let a = Appointment {
            process_id: 100_123,
            status: AppointmentStatus::Confirmed,
            sync_state: SyncState::Synced,
            timestamp: 1_796_112_600, // 2026-12-01T09:10:00+01:00
            slot_count: 2,
            office_id: 10401,
            office_name: "Bürgerbüro Otto-Schill-Straße".to_owned(),
            address: "Otto-Schill-Straße 2, 04109 Leipzig".to_owned(),
            service_id: 1_300_111,
            service_name: "Personalausweis beantragen".to_owned(),
            count: 1,
        };
        // RFC 5545 folds long lines; unfold before looking.
        let text = ics(&a, Some("Bitte Unterlagen mitbringen.")).replace("\r\n ", "");
        assert!(text.starts_with("BEGIN:VCALENDAR"));
        assert!(text.contains("DTSTART:20261201T081000Z"), "{text}");
        assert!(text.contains("DTEND:20261201T083000Z"), "{text}");
        assert!(
            text.contains(
                "LOCATION:Bürgerbüro Otto-Schill-Straße\\, Otto-Schill-Straße 2\\, 04109 Leipzig"
            ),
            "{text}"
        );
        assert_eq!(text.matches("BEGIN:VALARM").count(), 2);
        assert!(text.contains("TRIGGER;RELATED=START:-PT86400S"), "{text}");
        assert!(text.contains("TRIGGER;RELATED=START:-PT7200S"), "{text}");
    }
}
