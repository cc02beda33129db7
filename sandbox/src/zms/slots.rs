//! Which appointments are bookable: 10-minute slots inside an office's
//! opening hours (Europe/Berlin), released at 10:00 (morning slots) and
//! 17:00 (afternoon slots) fourteen days ahead, thinned out by the
//! scenario's scarcity, minus what processes hold.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use opening_hours::RuleKind;

use super::{
    catalogue::Catalogue,
    state::{Scenario, ZmsState},
};

/// Slot length in seconds.
pub const SLOT_SECONDS: i64 = 600;
/// How far ahead slots are released.
pub const HORIZON_DAYS: i64 = 14;

/// Bookability at one instant of the sandbox clock.
#[derive(Debug)]
pub struct Availability<'a> {
    catalogue: &'a Catalogue,
    zms: &'a ZmsState,
    now: DateTime<Utc>,
}

impl<'a> Availability<'a> {
    /// Bookability of `zms` at `now`.
    pub fn new(catalogue: &'a Catalogue, zms: &'a ZmsState, now: DateTime<Utc>) -> Self {
        Self { catalogue, zms, now }
    }

    /// Today in Leipzig.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&Berlin).date_naive()
    }

    /// Starts of every slot the office's opening hours give on `date`.
    pub fn slots_on(&self, office: u32, date: NaiveDate) -> Vec<i64> {
        let Some(hours) = self.catalogue.hours(office) else { return Vec::new() };
        let (Some(from), Some(next)) = (date.and_hms_opt(0, 0, 0), date.succ_opt()) else {
            return Vec::new();
        };
        let Some(to) = next.and_hms_opt(0, 0, 0) else { return Vec::new() };
        let mut starts = Vec::new();
        for range in hours.iter_range(from, to).filter(|r| r.kind == RuleKind::Open) {
            let mut t = range.range.start;
            while t + Duration::seconds(SLOT_SECONDS) <= range.range.end {
                if let Some(local) = Berlin.from_local_datetime(&t).single() {
                    starts.push(local.timestamp());
                }
                t += Duration::seconds(SLOT_SECONDS);
            }
        }
        starts
    }

    /// When the slot starting at `ts` was (or will be) released.
    pub fn released_at(ts: i64) -> Option<DateTime<Utc>> {
        let local = Utc.timestamp_opt(ts, 0).single()?.with_timezone(&Berlin);
        let release_day = local.date_naive() - Duration::days(HORIZON_DAYS);
        let hour = if local.time() < NaiveTime::from_hms_opt(13, 0, 0)? { 10 } else { 17 };
        let release = release_day.and_hms_opt(hour, 0, 0)?;
        Some(Berlin.from_local_datetime(&release).single()?.with_timezone(&Utc))
    }

    fn free_by_scenario(&self, office: u32, ts: i64) -> bool {
        let per_mille = self.zms.scenario.free_per_mille();
        if self.zms.scenario == Scenario::Empty {
            return false;
        }
        splitmix(self.zms.seed ^ u64::from(office).rotate_left(32) ^ ts as u64) % 1000 < per_mille
    }

    fn taken(&self, office: u32, ts: i64) -> bool {
        let Some(scope) = self.catalogue.office(office).map(|o| &o.scope) else { return true };
        self.zms.processes.values().any(|p| {
            p.office_id == office
                && p.holds_slots(self.now, scope.reservation_duration, scope.activation_duration)
                && ts >= p.timestamp
                && ts < p.timestamp + i64::from(p.slot_count) * SLOT_SECONDS
        })
    }

    /// Whether `needed` consecutive slots from `ts` can be reserved now.
    pub fn bookable(&self, office: u32, needed: u32, ts: i64) -> bool {
        let Some(date) =
            Utc.timestamp_opt(ts, 0).single().map(|t| t.with_timezone(&Berlin).date_naive())
        else {
            return false;
        };
        let day = self.slots_on(office, date);
        self.fits(office, needed, ts, &day)
    }

    /// Bookable starts on `date` for an appointment of `needed` slots.
    pub fn bookable_on(&self, office: u32, needed: u32, date: NaiveDate) -> Vec<i64> {
        // Opening hours are evaluated once per day, not once per slot.
        let day = self.slots_on(office, date);
        day.iter().copied().filter(|ts| self.fits(office, needed, *ts, &day)).collect()
    }

    fn fits(&self, office: u32, needed: u32, ts: i64, day: &[i64]) -> bool {
        ts > self.now.timestamp()
            && (0..i64::from(needed.max(1))).all(|k| {
                let slot = ts + k * SLOT_SECONDS;
                day.binary_search(&slot).is_ok()
                    && Self::released_at(slot).is_some_and(|r| r <= self.now)
                    && self.free_by_scenario(office, slot)
                    && !self.taken(office, slot)
            })
    }
}

/// SplitMix64: a well-spread, deterministic hash of the slot, so the same
/// seed gives the same free slots on every run.
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("date").to_utc()
    }

    #[test]
    fn slots_follow_opening_hours_in_leipzig_time() {
        let zms = ZmsState::default();
        let a = Availability::new(Catalogue::get(), &zms, at("2026-11-26T08:00:00+01:00"));
        // Otto-Schill-Straße, a Tuesday: 08:00-12:00 and 13:00-18:00 → 24 + 30 slots.
        let tuesday = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let slots = a.slots_on(10401, tuesday);
        assert_eq!(slots.len(), 54);
        assert_eq!(slots[0], at("2026-12-01T08:00:00+01:00").timestamp());
        let sunday = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        assert!(a.slots_on(10401, sunday).is_empty());
    }

    #[test]
    fn morning_slots_come_at_ten_and_afternoon_slots_at_five() {
        let morning = at("2026-12-10T09:00:00+01:00").timestamp();
        let afternoon = at("2026-12-10T14:00:00+01:00").timestamp();
        assert_eq!(Availability::released_at(morning), Some(at("2026-11-26T10:00:00+01:00")));
        assert_eq!(Availability::released_at(afternoon), Some(at("2026-11-26T17:00:00+01:00")));
    }

    #[test]
    fn scenarios_thin_out_and_empty_has_nothing() {
        let mut zms = ZmsState::default();
        let now = at("2026-11-26T18:00:00+01:00");
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let count = |zms: &ZmsState| {
            Availability::new(Catalogue::get(), zms, now).bookable_on(10401, 1, date).len()
        };
        let normal = count(&zms);
        zms.scenario = Scenario::Scarce;
        let scarce = count(&zms);
        zms.scenario = Scenario::Empty;
        assert!(normal > scarce, "{normal} > {scarce}");
        assert_eq!(count(&zms), 0);
    }
}
