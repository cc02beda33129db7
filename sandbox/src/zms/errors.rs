//! The ZMS error envelope and catalogue (`Utils/ErrorMessages.php`).
//!
//! Every error body is `{"errors":[{errorCode, errorMessage, statusCode,
//! errorType}]}`; the HTTP status is the highest `statusCode` in the list.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

/// Status, message and type of a known error code; unknown codes surface as
/// 520 `unknownError`, exactly as upstream does for keys missing from its map.
fn lookup(code: &str) -> (u16, &'static str, &'static str) {
    match code {
        "invalidRequest" => (400, "Invalid request.", "error"),
        "invalidOfficeId" => (400, "officeId should be a 32-bit integer.", "warning"),
        "invalidServiceId" => (400, "serviceId should be a 32-bit integer.", "warning"),
        "EMPTY_SERVICE_ARRAYS" => (400, "Service IDs and counts must not be empty.", "warning"),
        "MISMATCHED_ARRAYS" => {
            (400, "Service IDs and counts must have the same length.", "warning")
        }
        "invalidServiceCount" => (400, "serviceCounts should be an array of numbers.", "warning"),
        "invalidProcessId" => (400, "processId should be a positive 32-bit integer.", "warning"),
        "invalidAuthKey" => (400, "authKey should be a non-empty string.", "warning"),
        "invalidStartDate" => (400, "startDate is required and must be a valid date.", "warning"),
        "invalidEndDate" => (400, "endDate is required and must be a valid date.", "warning"),
        "invalidSlotsStartDate" => (400, "slotsStartDate must be a valid date.", "warning"),
        "invalidSlotsEndDate" => (400, "slotsEndDate must be a valid date.", "warning"),
        "slotsStartDateAfterEndDate" => {
            (400, "slotsStartDate must not be after slotsEndDate.", "warning")
        }
        "invalidTimestamp" => (
            400,
            "Missing timestamp or invalid timestamp format. It should be a positive numeric value.",
            "warning",
        ),
        "invalidFamilyName" => (400, "familyName should be a non-empty string.", "warning"),
        "invalidEmail" => (400, "email should be a valid email address.", "warning"),
        "invalidTelephone" => {
            (400, "telephone should be a numeric string between 7 and 15 digits.", "warning")
        }
        "invalidCustomTextfield" => {
            (400, "customTextfield should be a string of at most 250 characters.", "warning")
        }
        "invalidCustomTextfield2" => {
            (400, "customTextfield2 should be a string of at most 250 characters.", "warning")
        }
        "invalidLocationAndServiceCombination" => {
            (400, "The provided service(s) do not exist at the given location.", "warning")
        }
        "captchaMissing" => (400, "Captcha token is missing.", "error"),
        "captchaInvalid" => (400, "Captcha token is invalid.", "error"),
        "captchaExpired" => (400, "Captcha token has expired.", "error"),
        "captchaVerificationFailed" => (400, "Captcha verification failed.", "error"),
        "tooManySlotsPerAppointment" => (400, "Too many slots for one appointment.", "error"),
        "tooManyServicesPerAppointment" => (400, "Too many services for one appointment.", "error"),
        "preconfirmationExpired" => (400, "The preconfirmation has expired.", "error"),
        "notFound" => (404, "Endpoint not found.", "error"),
        "appointmentNotAvailable" => {
            (404, "The selected appointment is unfortunately no longer available.", "error")
        }
        "appointmentNotFound" => (
            404,
            "Maybe you have already canceled your appointment? Otherwise please check your appointment data.",
            "error",
        ),
        "requestMethodNotAllowed" => (405, "Request method not allowed.", "error"),
        "appointmentCanNotBeCanceled" => {
            (406, "The selected appointment cannot be canceled.", "error")
        }
        "emailIsRequired" => (406, "Please provide an email address.", "error"),
        "telephoneIsRequired" => (406, "Please provide a telephone number.", "error"),
        "authKeyMismatch" => (406, "The authentication key does not match.", "error"),
        "tooManyAppointmentsWithSameMail" => {
            (406, "Too many appointments with the same e-mail address.", "error")
        }
        "processNotReservedAnymore" => (409, "The appointment is not reserved anymore.", "error"),
        "processNotPreconfirmedAnymore" => {
            (409, "The appointment is not preconfirmed anymore.", "error")
        }
        "requestEntityTooLarge" => (413, "Request entity too large.", "error"),
        "rateLimitExceeded" => (429, "Rate limit exceeded. Please try again later.", "warning"),
        "internalError" => (500, "An internal error occurred.", "error"),
        "serviceUnavailable" => {
            (503, "Service Unavailable: The application is under maintenance.", "error")
        }
        "zmsClientCommunicationError" => (503, "The backend is currently not reachable.", "error"),
        _ => (520, "An unknown error occurred.", "error"),
    }
}

/// One error of the envelope.
pub fn entry(code: &str) -> Value {
    let (status, message, kind) = lookup(code);
    let code = if status == 520 { "unknownError" } else { code };
    json!({"errorCode": code, "errorMessage": message, "statusCode": status, "errorType": kind})
}

/// The envelope for `codes`, with the highest status as HTTP status.
pub fn response(codes: &[&str]) -> Response {
    let entries: Vec<Value> = codes.iter().map(|c| entry(c)).collect();
    let status = entries
        .iter()
        .filter_map(|e| e["statusCode"].as_u64())
        .max()
        .and_then(|s| StatusCode::from_u16(u16::try_from(s).ok()?).ok())
        .unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(json!({ "errors": entries }))).into_response()
}

/// A single-error response.
pub fn error(code: &str) -> Response {
    response(&[code])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_is_the_highest_and_unknown_codes_become_520() {
        assert_eq!(response(&["invalidStartDate", "invalidEndDate"]).status(), 400);
        assert_eq!(response(&["invalidTimestamp", "appointmentNotAvailable"]).status(), 404);
        assert_eq!(error("dateRangeTooLarge").status().as_u16(), 520);
        assert_eq!(entry("dateRangeTooLarge")["errorCode"], "unknownError");
    }
}
