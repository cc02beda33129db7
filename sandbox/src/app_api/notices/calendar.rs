//! Calendar days in Europe/Berlin: when a notice counts as announced
//! (Bekanntgabe) and when its objection period ends.
//!
//! - `VWVFG_41_2A` (retrieval from the city's portal): the day after the
//!   first retrieval (§ 41 Abs. 2a VwVfG); `OZG_9` (BundID Postfach): the
//!   third day after it was provided (§ 9 Abs. 1 OZG); `VWVFG_41_2`
//!   (transmission, post): the fourth day (§ 41 Abs. 2 VwVfG since the
//!   PostModG). The announcement day itself is not moved off weekends.
//! - A period of months starting with an event ends on the day of the last
//!   month with the event's number (§§ 187 Abs. 1, 188 Abs. 2 BGB), or that
//!   month's last day when it has no such day (§ 188 Abs. 3 BGB); an end on
//!   a Saturday, Sunday or public holiday in Saxony moves to the next
//!   working day (§ 193 BGB, § 222 Abs. 2 ZPO via § 57 VwGO).

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Berlin;
use serde::{Deserialize, Serialize};

/// How a notice reaches the citizen, and so when it counts as announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LegalBasis {
    /// Provided for retrieval in the city's app (§ 41 Abs. 2a VwVfG).
    #[serde(rename = "VWVFG_41_2A")]
    Retrieval,
    /// Delivered to the BundID Postfach (§ 9 Abs. 1 OZG).
    #[serde(rename = "OZG_9")]
    OzgPostfach,
    /// Transmitted electronically or by post (§ 41 Abs. 2 VwVfG).
    #[serde(rename = "VWVFG_41_2")]
    Transmission,
}

impl LegalBasis {
    /// The delivery channel that goes with the basis.
    pub fn channel(self) -> &'static str {
        match self {
            Self::Retrieval => "LEIPZIG_APP",
            Self::OzgPostfach => "BUNDID_POSTFACH",
            Self::Transmission => "POST",
        }
    }
}

/// Days a notice provided for retrieval stays retrievable (§ 41 Abs. 2a
/// VwVfG).
pub const PROVISION_DAYS: u64 = 10;

/// The Berlin calendar day of an instant.
pub fn berlin_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Berlin).date_naive()
}

/// `hour:minute` Berlin wall-clock time on `date`, as UTC (the earlier
/// instant when the clock is turned back, an hour later in the spring gap).
pub fn berlin_time(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let Some(naive) = date.and_hms_opt(hour, minute, 0) else {
        return Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN));
    };
    Berlin
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| Berlin.from_local_datetime(&(naive + chrono::Duration::hours(1))).earliest())
        .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
}

/// `date` plus `days` (saturating at the calendar's end).
pub fn plus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

/// `date` minus `days`.
pub fn minus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

/// Easter Sunday (Gregorian, anonymous algorithm).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// Buß- und Bettag: the Wednesday before 23 November.
pub fn buss_und_bettag(year: i32) -> Option<NaiveDate> {
    let nov22 = NaiveDate::from_ymd_opt(year, 11, 22)?;
    let back =
        (nov22.weekday().num_days_from_monday() + 7 - Weekday::Wed.num_days_from_monday()) % 7;
    Some(minus_days(nov22, u64::from(back)))
}

/// Whether `date` is a public holiday in Saxony (in Leipzig: without
/// Fronleichnam, which Saxony keeps only in some Sorbian municipalities).
pub fn is_saxon_holiday(date: NaiveDate) -> bool {
    let fixed = [(1, 1), (5, 1), (10, 3), (10, 31), (12, 25), (12, 26)];
    if fixed.contains(&(date.month(), date.day())) {
        return true;
    }
    let year = date.year();
    if buss_und_bettag(year) == Some(date) {
        return true;
    }
    let Some(easter) = easter_sunday(year) else { return false };
    // Karfreitag, Ostermontag, Christi Himmelfahrt, Pfingstmontag.
    let movable =
        [minus_days(easter, 2), plus_days(easter, 1), plus_days(easter, 39), plus_days(easter, 50)];
    movable.contains(&date)
}

/// Neither a weekend nor a Saxon holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_saxon_holiday(date)
}

/// `date`, or the next working day after it (§ 193 BGB).
pub fn next_working_day(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    // At most a long weekend with holidays around it.
    for _ in 0..10 {
        if is_working_day(day) {
            break;
        }
        day = plus_days(day, 1);
    }
    day
}

/// End of a period of `months` months that starts with an event on `event`
/// (§§ 187 Abs. 1, 188 Abs. 2 and 3, 193 BGB).
pub fn period_end(event: NaiveDate, months: u32) -> NaiveDate {
    let end = event.checked_add_months(Months::new(months)).unwrap_or(event);
    next_working_day(end)
}

/// The objection deadline (§ 70 VwGO: one month after Bekanntgabe).
pub fn objection_due(bekanntgabe: NaiveDate) -> NaiveDate {
    period_end(bekanntgabe, 1)
}

/// When a notice counts as announced, or `None` while it does not yet.
pub fn bekanntgabe(
    basis: LegalBasis,
    provided_at: DateTime<Utc>,
    first_retrieved_at: Option<DateTime<Utc>>,
) -> Option<NaiveDate> {
    match basis {
        LegalBasis::Retrieval => first_retrieved_at.map(|t| plus_days(berlin_date(t), 1)),
        LegalBasis::OzgPostfach => Some(plus_days(berlin_date(provided_at), 3)),
        LegalBasis::Transmission => Some(plus_days(berlin_date(provided_at), 4)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn saxon_holidays() {
        assert_eq!(easter_sunday(2026), Some(day(2026, 4, 5)));
        assert_eq!(easter_sunday(2027), Some(day(2027, 3, 28)));
        assert_eq!(buss_und_bettag(2026), Some(day(2026, 11, 18)));
        assert_eq!(buss_und_bettag(2027), Some(day(2027, 11, 17)));
        for holiday in [day(2026, 4, 3), day(2026, 4, 6), day(2026, 5, 14), day(2026, 5, 25)] {
            assert!(is_saxon_holiday(holiday), "{holiday}");
        }
        assert!(is_saxon_holiday(day(2026, 10, 31)) && is_saxon_holiday(day(2026, 11, 18)));
        assert!(!is_saxon_holiday(day(2026, 6, 4)), "no Fronleichnam in Leipzig");
        assert!(!is_saxon_holiday(day(2026, 11, 19)));
    }

    #[test]
    fn month_periods_follow_the_bgb() {
        // 15 Jan 2026 (Thu) → 15 Feb 2026 is a Sunday → Monday 16 Feb.
        assert_eq!(objection_due(day(2026, 1, 15)), day(2026, 2, 16));
        // 31 Jan → no 31 Feb → 28 Feb 2026 (Sat) → Monday 2 March.
        assert_eq!(objection_due(day(2026, 1, 31)), day(2026, 3, 2));
        // 3 Mar 2026 → 3 Apr 2026 is Karfreitag → Ostermontag too → Tue 7 Apr.
        assert_eq!(objection_due(day(2026, 3, 3)), day(2026, 4, 7));
        // 31 Dec → 31 Jan 2027 (Sunday) → Monday 1 Feb.
        assert_eq!(objection_due(day(2026, 12, 31)), day(2027, 2, 1));
        assert_eq!(objection_due(day(2026, 11, 26)), day(2026, 12, 28), "after the holidays");
    }

    #[test]
    fn bekanntgabe_by_basis_in_berlin_days() {
        // 23:30 UTC on 30 Jan is 00:30 on 31 Jan in Leipzig.
        let late = Utc.with_ymd_and_hms(2026, 1, 30, 23, 30, 0).single().expect("time");
        assert_eq!(bekanntgabe(LegalBasis::Retrieval, late, None), None);
        assert_eq!(bekanntgabe(LegalBasis::Retrieval, late, Some(late)), Some(day(2026, 2, 1)));
        assert_eq!(bekanntgabe(LegalBasis::OzgPostfach, late, None), Some(day(2026, 2, 3)));
        assert_eq!(bekanntgabe(LegalBasis::Transmission, late, None), Some(day(2026, 2, 4)));
        assert_eq!(berlin_time(day(2026, 7, 1), 8, 0).to_rfc3339(), "2026-07-01T06:00:00+00:00");
        assert_eq!(berlin_time(day(2026, 3, 29), 2, 30).to_rfc3339(), "2026-03-29T01:30:00+00:00");
    }
}
