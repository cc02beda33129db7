//! Opening hours (OpenStreetMap syntax, `opening-hours` crate) evaluated in
//! Leipzig's zone with Saxony's public holidays.
//!
//! The crate's German calendar has only the national holidays; Saxony adds
//! Reformationstag (31 October) and Buß- und Bettag (the Wednesday before
//! 23 November). Fronleichnam is regional but not in Leipzig. Hours that do
//! not parse are "unknown" — never "open".

use std::{
    collections::HashMap,
    sync::{Arc, LazyLock},
};

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Europe::Berlin;
use compact_calendar::CompactCalendar;
use opening_hours::{Context, ContextHolidays, OpeningHours, RuleKind, localization::Country};

use super::model::{OpenState, Opening};

/// Germany's national holidays plus Saxony's own.
pub fn saxony_holidays() -> ContextHolidays {
    static SAXONY: LazyLock<ContextHolidays> = LazyLock::new(|| {
        let national = Country::DE.holidays();
        let mut days: Vec<NaiveDate> = national.get_public().iter().collect();
        let years = days.iter().map(Datelike::year).min().unwrap_or(2000)
            ..=days.iter().map(Datelike::year).max().unwrap_or(2100);
        for year in years {
            days.extend(NaiveDate::from_ymd_opt(year, 10, 31));
            days.extend(buss_und_bettag(year));
        }
        let public: CompactCalendar = days.into_iter().collect();
        ContextHolidays::new(Arc::new(public), Arc::new(national.get_school().clone()))
    });
    SAXONY.clone()
}

/// The Wednesday before 23 November.
pub fn buss_und_bettag(year: i32) -> Option<NaiveDate> {
    let mut day = NaiveDate::from_ymd_opt(year, 11, 22)?;
    while day.weekday() != Weekday::Wed {
        day = day.pred_opt()?;
    }
    Some(day)
}

/// Parses hours with Saxony's holidays; `None` when they do not parse.
pub fn parse(text: &str) -> Option<OpeningHours> {
    let hours: OpeningHours = text.parse().ok()?;
    Some(hours.with_context(Context::default().with_holidays(saxony_holidays())))
}

fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Berlin).naive_local()
}

fn instant(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match Berlin.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        // A change inside the spring-forward gap happens at the gap's end.
        LocalResult::None => Berlin
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// Open, closed or unknown at `at`, with the next change.
pub fn opening(hours: Option<&str>, at: DateTime<Utc>) -> Opening {
    Evaluator::new(at).opening(hours)
}

/// Evaluates many facilities' hours at one instant. Layers repeat the same
/// few hour strings thousands of times, so each is parsed and its state
/// at this instant computed once; "open now" filters need only the state,
/// the next change is computed for what is shown.
pub struct Evaluator {
    now: NaiveDateTime,
    parsed: HashMap<String, Option<Arc<OpeningHours>>>,
    states: HashMap<String, OpenState>,
}

impl Evaluator {
    /// An evaluator for the instant `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self { now: local(at), parsed: HashMap::new(), states: HashMap::new() }
    }

    fn hours(&mut self, text: Option<&str>) -> Option<Arc<OpeningHours>> {
        let text = text?;
        if let Some(known) = self.parsed.get(text) {
            return known.clone();
        }
        let parsed = parse(text).map(Arc::new);
        self.parsed.insert(text.to_owned(), parsed.clone());
        parsed
    }

    /// Only whether it is open: cheap enough for filtering thousands.
    pub fn state(&mut self, hours: Option<&str>) -> OpenState {
        let Some(text) = hours else { return OpenState::Unknown };
        if let Some(known) = self.states.get(text) {
            return *known;
        }
        let state = match self.hours(Some(text)).map(|h| h.state(self.now).0) {
            Some(RuleKind::Open) => OpenState::Open,
            Some(RuleKind::Closed) => OpenState::Closed,
            Some(RuleKind::Unknown) | None => OpenState::Unknown,
        };
        self.states.insert(text.to_owned(), state);
        state
    }

    /// The full status with the next change.
    pub fn opening(&mut self, hours: Option<&str>) -> Opening {
        let unknown =
            Opening { state: OpenState::Unknown, opens_at: None, closes_at: None, comment: None };
        let Some(hours) = self.hours(hours) else { return unknown };
        let now = self.now;
        let (kind, comment) = hours.state(now);
        let comment = Some(comment.to_string()).filter(|c| !c.is_empty());
        // Look at most two weeks ahead: enough for "opens Monday", cheap.
        let next =
            hours.next_change(now).filter(|t| *t <= now + Duration::days(14)).and_then(instant);
        match kind {
            RuleKind::Open => {
                Opening { state: OpenState::Open, opens_at: None, closes_at: next, comment }
            }
            RuleKind::Closed => {
                Opening { state: OpenState::Closed, opens_at: next, closes_at: None, comment }
            }
            RuleKind::Unknown => Opening { comment, ..unknown },
        }
    }
}

impl std::fmt::Debug for Evaluator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evaluator")
            .field("now", &self.now)
            .field("parsed", &self.parsed.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("date").to_utc()
    }

    #[test]
    fn buss_und_bettag_is_the_wednesday_before_the_23rd() {
        assert_eq!(buss_und_bettag(2025), NaiveDate::from_ymd_opt(2025, 11, 19));
        assert_eq!(buss_und_bettag(2026), NaiveDate::from_ymd_opt(2026, 11, 18));
        assert_eq!(buss_und_bettag(2028), NaiveDate::from_ymd_opt(2028, 11, 22));
    }

    #[test]
    fn saxon_holidays_close_what_national_ones_would_not() {
        let hours = Some("Mo-Fr 09:00-18:00; PH off");
        assert_eq!(
            opening(hours, at("2026-11-18T10:00:00+01:00")).state,
            OpenState::Closed,
            "Buß- und Bettag"
        );
        assert_eq!(opening(hours, at("2026-11-17T10:00:00+01:00")).state, OpenState::Open);
        assert_eq!(
            opening(hours, at("2025-10-31T10:00:00+01:00")).state,
            OpenState::Closed,
            "Reformationstag"
        );
        assert_eq!(
            opening(hours, at("2026-10-03T10:00:00+02:00")).state,
            OpenState::Closed,
            "a Saturday anyway"
        );
        assert_eq!(
            opening(hours, at("2026-12-25T10:00:00+01:00")).state,
            OpenState::Closed,
            "Christmas"
        );
    }

    #[test]
    fn next_changes_are_instants_in_leipzig_time() {
        let hours = Some("Mo-Fr 09:00-18:00; PH off");
        let open = opening(hours, at("2026-11-17T10:00:00+01:00"));
        assert_eq!(open.closes_at, Some(at("2026-11-17T18:00:00+01:00")));
        let closed = opening(hours, at("2026-11-17T19:00:00+01:00"));
        assert_eq!(closed.opens_at, Some(at("2026-11-19T09:00:00+01:00")), "skips the holiday");
    }

    #[test]
    fn unparseable_or_missing_hours_are_unknown_never_open() {
        for hours in [None, Some("nach Vereinbarung"), Some("8.00:00:00"), Some("")] {
            assert_eq!(
                opening(hours, at("2026-11-17T10:00:00+01:00")).state,
                OpenState::Unknown,
                "{hours:?}"
            );
        }
        let comment = opening(
            Some(r#"Mo-Fr 06:30-17:00 "keine Schließung über Mittag""#),
            at("2026-11-17T10:00:00+01:00"),
        );
        assert_eq!(comment.comment.as_deref(), Some("keine Schließung über Mittag"));
    }
}
