//! Money on the XBezahldienste wire: JSON numbers with two decimals
//! (`25.00`), held as integer cents and never passed through `f64`.
//!
//! Serializing writes the number's text itself (a `RawValue`); deserializing
//! reads the number's text and converts it digit by digit, so `0.1 + 0.2`
//! problems cannot arise. More than two decimals are accepted only when the
//! extra digits are zeros (`25.000`); exponents are refused.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};
use serde_json::value::RawValue;

/// The largest amount the standard allows (`grosAmount ≤ 999999`), in cents.
pub const MAX_CENTS: i64 = 99_999_900;

/// An exact decimal with two places, in hundredths (cents for money,
/// hundredths of a percent for `taxRate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(pub i64);

impl Amount {
    /// The amount in cents.
    pub fn cents(self) -> i64 {
        self.0
    }

    /// Parses a JSON number's text exactly: `25`, `25.5`, `25.50`, `-1.00`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return Err(format!("not a plain decimal number: {text}"));
        }
        if digits.contains('.') && fraction.is_empty() {
            return Err(format!("not a plain decimal number: {text}"));
        }
        if fraction.len() > 2 && fraction[2..].bytes().any(|b| b != b'0') {
            return Err(format!("more than two decimals: {text}"));
        }
        if whole.len() > 12 {
            return Err(format!("number too large: {text}"));
        }
        let mut value: i64 = 0;
        for b in whole.bytes() {
            value = value * 10 + i64::from(b - b'0');
        }
        let mut hundredths = 0;
        for (i, b) in fraction.bytes().take(2).enumerate() {
            hundredths += i64::from(b - b'0') * if i == 0 { 10 } else { 1 };
        }
        let value = value * 100 + hundredths;
        Ok(Self(if negative { -value } else { value }))
    }
}

impl fmt::Display for Amount {
    /// `25.00`, `-0.05`: always two decimals, a dot, no grouping.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        if text.starts_with('"') {
            return Err(D::Error::custom(format!("amount must be a JSON number, not {text}")));
        }
        Amount::parse(text).map_err(D::Error::custom)
    }
}

/// German display: `25,00 €`-style text without the currency (`1.234,50`).
pub fn german(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02}", abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        for (text, cents) in [
            ("25", 2500),
            ("25.5", 2550),
            ("25.50", 2550),
            ("0.1", 10),
            ("0.07", 7),
            ("30.70", 3070),
            ("999999.00", MAX_CENTS),
            ("12.000", 1200),
            ("-1.05", -105),
        ] {
            assert_eq!(Amount::parse(text), Ok(Amount(cents)), "{text}");
        }
        for bad in ["", "1.", ".5", "1e3", "2.5E1", "1.005", "abc", "1,00", "+1", "--1"] {
            assert!(Amount::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn round_trips_through_json_text() {
        let json =
            serde_json::to_string(&vec![Amount(2500), Amount(7), Amount(-105)]).expect("serialize");
        assert_eq!(json, "[25.00,0.07,-1.05]");
        assert!(serde_json::from_str::<Vec<Amount>>("[3070e-2]").is_err(), "no exponents");
        let back: Vec<Amount> = serde_json::from_str("[25.00, 0.1, 30.7]").expect("parse");
        assert_eq!(back, vec![Amount(2500), Amount(10), Amount(3070)]);
        assert!(serde_json::from_str::<Amount>("\"25.00\"").is_err(), "strings are refused");
    }

    #[test]
    fn german_text() {
        assert_eq!(german(2500), "25,00");
        assert_eq!(german(123_450), "1.234,50");
        assert_eq!(german(5), "0,05");
    }
}
