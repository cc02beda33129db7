//! The checks of a `PaymentRequest` (XBezahldienste §1.2 of
//! `reference/payments.md`): field lengths and patterns give
//! `VALIDATION_ERROR`, items that do not add up to `grosAmount` give
//! `CALCULATION_ERROR`, incomplete `bookingData` gives `BOOKING_DATA_MISSING`.
//!
//! The patterns are JSON Schema (ECMA-262) regexes, so `\w` is ASCII
//! `[A-Za-z0-9_]` and `\s` is whitespace.

use super::{
    amount::MAX_CENTS,
    wire::{FunctionalCode, PaymentRequest, Requestor, XbdProblem},
};

/// `originatorId`, `endPointId`, `requestId`: non-empty, ≤ 36, `^[\w\d-]+$`.
pub fn is_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 36
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `purpose`: non-empty, ≤ 27 characters, `^[\w\d\s-]+$`.
pub fn is_purpose(value: &str) -> bool {
    !value.is_empty()
        && value.chars().count() <= 27
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c.is_whitespace())
}

/// `description`: letters, digits, space, `-,.` and Latin-1 letters
/// (umlauts, ß), ≤ 250.
pub fn is_description(value: &str) -> bool {
    !value.is_empty() && value.chars().count() <= 250 && value.chars().all(is_description_char)
}

/// One character a `description` may hold.
pub fn is_description_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, ' ' | '-' | ',' | '.')
        || (('\u{C0}'..='\u{FF}').contains(&c) && c != '\u{D7}' && c != '\u{F7}')
}

fn invalid(detail: String) -> XbdProblem {
    XbdProblem::new(FunctionalCode::ValidationError, detail)
}

/// Parses a request body; a syntax or type error is `VALIDATION_ERROR`.
pub fn parse(body: &[u8]) -> Result<PaymentRequest, XbdProblem> {
    serde_json::from_slice(body).map_err(|e| invalid(format!("Invalid PaymentRequest: {e}")))
}

/// Field constraints of the request, its items and the requestor.
pub fn fields(request: &PaymentRequest) -> Result<(), XbdProblem> {
    if !is_id(&request.request_id) {
        return Err(invalid("requestId must be 1-36 characters of [A-Za-z0-9_-]".to_owned()));
    }
    if chrono::DateTime::parse_from_rfc3339(&request.request_timestamp).is_err() {
        return Err(invalid("requestTimestamp must be an ISO 8601 date-time".to_owned()));
    }
    if request.currency != "EUR" {
        return Err(invalid("currency must be EUR".to_owned()));
    }
    let gros = request.gros_amount.cents();
    if gros <= 0 || gros > MAX_CENTS {
        return Err(invalid("grosAmount must be greater than 0 and at most 999999".to_owned()));
    }
    if !is_purpose(&request.purpose) {
        return Err(invalid(
            "purpose must be 1-27 characters of letters, digits, spaces and '-'".to_owned(),
        ));
    }
    if !is_description(&request.description) {
        return Err(invalid(
            "description must be 1-250 characters of letters, digits, spaces and '-,.'".to_owned(),
        ));
    }
    let redirect_ok = request.redirect_url.len() <= 2082
        && url::Url::parse(&request.redirect_url)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
    if !redirect_ok {
        return Err(invalid(
            "redirectUrl must be an absolute http(s) URL of at most 2082 characters".to_owned(),
        ));
    }
    if request.items.is_empty() || request.items.len() > 99 {
        return Err(invalid("items must hold 1 to 99 entries".to_owned()));
    }
    for (n, item) in request.items.iter().enumerate() {
        let n = n + 1;
        if item.id.is_empty() || item.id.chars().count() > 36 {
            return Err(invalid(format!("items[{n}].id must be 1-36 characters")));
        }
        if item.reference.as_ref().is_some_and(|r| r.chars().count() > 36) {
            return Err(invalid(format!("items[{n}].reference is longer than 36 characters")));
        }
        if item.description.as_ref().is_some_and(|d| !is_description(d)) {
            return Err(invalid(format!(
                "items[{n}].description must be 1-250 characters of letters, digits, spaces and '-,.'"
            )));
        }
        if item.quantity == 0 {
            return Err(invalid(format!("items[{n}].quantity must be at least 1")));
        }
        let amounts = [
            item.single_net_amount,
            item.single_tax_amount,
            item.total_net_amount,
            item.total_tax_amount,
        ];
        if amounts.iter().any(|a| a.cents() < 0 || a.cents() > MAX_CENTS) {
            return Err(invalid(format!("items[{n}] amounts must be between 0 and 999999")));
        }
        if !(0..=10_000).contains(&item.tax_rate.cents()) {
            return Err(invalid(format!("items[{n}].taxRate must be a percentage")));
        }
        for (key, value) in &item.booking_data {
            if key.is_empty() || key.len() > 100 || value.chars().count() > 250 {
                return Err(invalid(format!(
                    "items[{n}].bookingData entries must have a key and a value of at most 250 characters"
                )));
            }
        }
    }
    match &request.requestor {
        Some(requestor) => requestor_fields(requestor),
        None => Ok(()),
    }
}

fn requestor_fields(requestor: &Requestor) -> Result<(), XbdProblem> {
    if requestor.gender.as_deref().is_some_and(|g| !matches!(g, "M" | "F" | "D")) {
        return Err(invalid("requestor.gender must be M, F or D".to_owned()));
    }
    let long = |v: &Option<String>| v.as_ref().is_some_and(|v| v.chars().count() > 250);
    if long(&requestor.name) || long(&requestor.first_name) || long(&requestor.organization_name) {
        return Err(invalid("requestor names must be at most 250 characters".to_owned()));
    }
    if let Some(address) = &requestor.address {
        if address.address_line.len() > 9 {
            return Err(invalid("requestor.address.addressLine holds at most 9 lines".to_owned()));
        }
        let country_ok = address
            .country
            .as_deref()
            .is_none_or(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()));
        if !country_ok {
            return Err(invalid("requestor.address.country must be ISO 3166 alpha-2".to_owned()));
        }
    }
    Ok(())
}

/// Every item's totals are quantity × unit price, and the items add up to
/// `grosAmount` to the cent.
pub fn calculation(request: &PaymentRequest) -> Result<(), XbdProblem> {
    let mut sum: i64 = 0;
    for (n, item) in request.items.iter().enumerate() {
        let quantity = i64::from(item.quantity);
        if item.single_net_amount.cents() * quantity != item.total_net_amount.cents()
            || item.single_tax_amount.cents() * quantity != item.total_tax_amount.cents()
        {
            return Err(XbdProblem::new(
                FunctionalCode::CalculationError,
                format!("items[{}]: totals are not quantity times the single amounts", n + 1),
            ));
        }
        sum += item.total_net_amount.cents() + item.total_tax_amount.cents();
    }
    if sum != request.gros_amount.cents() {
        return Err(XbdProblem::new(
            FunctionalCode::CalculationError,
            format!(
                "The items add up to {} but grosAmount is {}",
                super::amount::Amount(sum),
                request.gros_amount
            ),
        ));
    }
    Ok(())
}

/// Every item carries each of `required` with a non-empty value.
pub fn booking_data(request: &PaymentRequest, required: &[&str]) -> Result<(), XbdProblem> {
    for (n, item) in request.items.iter().enumerate() {
        for key in required {
            if item.booking_data.get(*key).is_none_or(|v| v.trim().is_empty()) {
                return Err(XbdProblem::new(
                    FunctionalCode::BookingDataMissing,
                    format!("items[{}].bookingData lacks {key}", n + 1),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(is_id("7d0c6c1e-3f5e-4b1a-9a0e-2b8f5d0c1a11"));
        assert!(!is_id("a b") && !is_id("") && !is_id(&"x".repeat(37)));
        assert!(is_purpose("LNBM GEB-2026-000412"));
        assert!(is_purpose(&"A".repeat(27)) && !is_purpose(&"A".repeat(28)));
        assert!(!is_purpose("LNBM GEB/2026") && !is_purpose("Gebühr"));
        assert!(is_description("Jahresgebühr Bibliotheksausweis, 12 Monate."));
        assert!(!is_description("Gebühr: 25 €") && !is_description("a×b"));
    }
}
