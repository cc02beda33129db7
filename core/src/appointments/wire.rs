//! ZMS citizen API bodies as they arrive, parsed tolerantly: ids and
//! timestamps as numbers or strings, every nullable field optional, unknown
//! fields ignored (upstream adds fields often). The `{"errors":[…]}`
//! envelope becomes a [`ZmsError`] with an open error-code enum.

use std::fmt;

use serde::{Deserialize, Deserializer, de};

/// An integer that ZMS sends as a number in one place and a string in
/// another (`officeId` in the calendar, `timestamp` in a process).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lenient(pub i64);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Lenient;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a numeric string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Lenient, E> {
                Ok(Lenient(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Lenient, E> {
                i64::try_from(v).map(Lenient).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Lenient, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(Lenient(v as i64))
                } else {
                    Err(E::custom("not an integer"))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lenient, E> {
                v.trim().parse().map(Lenient).map_err(|_| E::custom("not a numeric string"))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A coordinate sent as a string (office `geo`) or a number (provider).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinate(pub f64);

impl<'de> Deserialize<'de> for Coordinate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Ok(Coordinate(n)),
            Raw::Text(t) => t.trim().parse().map(Coordinate).map_err(de::Error::custom),
        }
    }
}

/// `GET /offices-and-services/`.
#[derive(Debug, Deserialize)]
pub struct OfficesAndServices {
    /// Offices.
    #[serde(default)]
    pub offices: Vec<OfficeDto>,
    /// Services.
    #[serde(default)]
    pub services: Vec<ServiceDto>,
    /// Office × service.
    #[serde(default)]
    pub relations: Vec<RelationDto>,
}

/// An office.
#[derive(Debug, Deserialize)]
pub struct OfficeDto {
    /// Id.
    pub id: Lenient,
    /// Name.
    pub name: Option<String>,
    /// Coordinates (strings upstream).
    pub geo: Option<GeoDto>,
    /// Booking rules and address.
    pub scope: Option<ScopeDto>,
}

/// Office coordinates.
#[derive(Debug, Deserialize)]
pub struct GeoDto {
    /// Latitude.
    pub lat: Option<Coordinate>,
    /// Longitude.
    pub lon: Option<Coordinate>,
}

/// A scope: the booking rules of an office.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ScopeDto {
    /// The provider, with the address.
    pub provider: Option<ProviderDto>,
    /// E-mail needed.
    pub email_required: Option<bool>,
    /// Telephone field shown.
    pub telephone_activated: Option<bool>,
    /// Telephone needed.
    pub telephone_required: Option<bool>,
    /// Captcha token needed.
    pub captcha_activated_required: Option<bool>,
    /// Minutes a reservation is held.
    pub reservation_duration: Option<Lenient>,
    /// Shown with each appointment.
    pub info_for_appointment: Option<String>,
}

/// The provider of a scope.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProviderDto {
    /// Address.
    pub contact: Option<ContactDto>,
    /// Latitude (a number here).
    pub lat: Option<Coordinate>,
    /// Longitude.
    pub lon: Option<Coordinate>,
}

/// A postal address.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactDto {
    /// Street.
    pub street: Option<String>,
    /// House number.
    pub street_number: Option<String>,
    /// Postcode.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
}

/// A service.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDto {
    /// Id.
    pub id: Lenient,
    /// Name.
    pub name: Option<String>,
    /// Persons or items per appointment.
    pub max_quantity: Option<Lenient>,
}

/// Office × service.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationDto {
    /// Office.
    pub office_id: Lenient,
    /// Service.
    pub service_id: Lenient,
    /// Slots the service takes there.
    pub slots: Option<Lenient>,
}

/// `GET /available-calendar/`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDto {
    /// Days with free slots.
    #[serde(default)]
    pub available_days: Vec<DayDto>,
}

/// One day of the calendar.
#[derive(Debug, Deserialize)]
pub struct DayDto {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Slots per office.
    #[serde(default)]
    pub offices: Option<Vec<DayOfficeDto>>,
}

/// The slots of one office on one day.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayOfficeDto {
    /// Office (a string upstream).
    pub office_id: Lenient,
    /// Slot starts, epoch seconds.
    #[serde(default)]
    pub appointments: Option<Vec<Lenient>>,
}

/// A `ThinnedProcess`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessDto {
    /// Id.
    pub process_id: Lenient,
    /// Bearer key (with the id).
    pub auth_key: String,
    /// Start, epoch seconds (a string upstream).
    pub timestamp: Option<Lenient>,
    /// Office (may be 0).
    pub office_id: Option<Lenient>,
    /// Office name.
    pub office_name: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// 10-minute slots.
    pub slot_count: Option<Lenient>,
    /// A fresh captcha token, on get and confirm.
    pub captcha_token: Option<String>,
}

/// The error envelope.
#[derive(Debug, Deserialize)]
pub struct ErrorEnvelope {
    /// The errors.
    #[serde(default)]
    pub errors: Vec<ErrorEntry>,
}

/// One error.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEntry {
    /// Machine code, e.g. `appointmentNotAvailable`.
    pub error_code: String,
    /// HTTP-like status.
    pub status_code: Option<Lenient>,
}

/// The error codes the app acts on; the rest keep their name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZmsErrorCode {
    /// The slot was taken between listing and reserving.
    AppointmentNotAvailable,
    /// Unknown, cancelled or expired process.
    AppointmentNotFound,
    /// The reservation expired.
    ProcessNotReservedAnymore,
    /// The preconfirmation expired.
    ProcessNotPreconfirmedAnymore,
    /// Past appointments cannot be cancelled.
    AppointmentCanNotBeCanceled,
    /// Wrong key.
    AuthKeyMismatch,
    /// The office needs a captcha token.
    CaptchaMissing,
    /// The token is wrong (or bound to another IP).
    CaptchaInvalid,
    /// The token expired.
    CaptchaExpired,
    /// Too many requests.
    RateLimitExceeded,
    /// Any other code.
    Other(String),
}

impl ZmsErrorCode {
    fn parse(code: &str) -> Self {
        match code {
            "appointmentNotAvailable" => Self::AppointmentNotAvailable,
            "appointmentNotFound" => Self::AppointmentNotFound,
            "processNotReservedAnymore" => Self::ProcessNotReservedAnymore,
            "processNotPreconfirmedAnymore" | "preconfirmationExpired" => {
                Self::ProcessNotPreconfirmedAnymore
            }
            "appointmentCanNotBeCanceled" => Self::AppointmentCanNotBeCanceled,
            "authKeyMismatch" => Self::AuthKeyMismatch,
            "captchaMissing" => Self::CaptchaMissing,
            "captchaInvalid" => Self::CaptchaInvalid,
            "captchaExpired" => Self::CaptchaExpired,
            "rateLimitExceeded" => Self::RateLimitExceeded,
            other => Self::Other(other.chars().take(64).collect()),
        }
    }

    /// Whether solving a new captcha may help.
    pub fn wants_new_captcha(&self) -> bool {
        matches!(self, Self::CaptchaMissing | Self::CaptchaInvalid | Self::CaptchaExpired)
    }
}

/// An error answer of the ZMS citizen API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?} (HTTP {status}){}", if self.more.is_empty() { String::new() } else { format!(", also {:?}", self.more) })]
pub struct ZmsError {
    /// HTTP status (the highest `statusCode`).
    pub status: u16,
    /// The first error code.
    pub code: ZmsErrorCode,
    /// Further error codes.
    pub more: Vec<ZmsErrorCode>,
}

impl ZmsError {
    /// The error of a non-2xx response body; a body that is not an envelope
    /// still gives an error with the status.
    pub fn from_body(status: u16, body: &[u8]) -> Self {
        let mut codes = serde_json::from_slice::<ErrorEnvelope>(body)
            .map(|e| {
                e.errors.into_iter().map(|e| ZmsErrorCode::parse(&e.error_code)).collect::<Vec<_>>()
            })
            .unwrap_or_default()
            .into_iter();
        let code = codes.next().unwrap_or_else(|| ZmsErrorCode::Other(format!("http{status}")));
        Self { status, code, more: codes.collect() }
    }

    /// Whether any of its codes is `code`.
    pub fn has(&self, code: &ZmsErrorCode) -> bool {
        &self.code == code || self.more.contains(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings_are_both_integers() {
        let day: DayOfficeDto = serde_json::from_str(
            r#"{"officeId":"9999998","appointments":[32526616522,"32526616622"]}"#,
        )
        .expect("day");
        assert_eq!(day.office_id, Lenient(9_999_998));
        assert_eq!(day.appointments.expect("slots")[1], Lenient(32_526_616_622));
        let geo: GeoDto =
            serde_json::from_str(r#"{"lat":"48.12750898398659","lon":11.6}"#).expect("geo");
        assert_eq!(geo.lat.map(|c| c.0), Some(48.127_508_983_986_59));
        assert!(serde_json::from_str::<Lenient>(r#""12a""#).is_err());
        assert!(serde_json::from_str::<Lenient>("1.5").is_err());
    }

    #[test]
    fn error_envelopes_keep_every_code() {
        let e = ZmsError::from_body(
            400,
            br#"{"errors":[{"errorCode":"invalidStartDate","statusCode":400},{"errorCode":"captchaExpired","statusCode":400}]}"#,
        );
        assert_eq!(e.code, ZmsErrorCode::Other("invalidStartDate".to_owned()));
        assert!(e.has(&ZmsErrorCode::CaptchaExpired));
        let bare = ZmsError::from_body(502, b"<html>Bad gateway</html>");
        assert_eq!(bare.status, 502);
    }
}
