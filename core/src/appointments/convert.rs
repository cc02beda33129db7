//! From ZMS bodies to the app's types, and the contact checks that mirror
//! ZMS's own validation (so a form error shows before anything is sent).

use super::{
    model::{BookingRequest, Office, Service},
    wire::OfficesAndServices,
};
use crate::error::{Error, Result};

/// A catalogue in the app's types.
#[derive(Debug, Default)]
pub struct Catalogue {
    /// Services.
    pub services: Vec<Service>,
    /// Offices.
    pub offices: Vec<Office>,
    /// `(office, service, slots)`.
    pub relations: Vec<(u32, u32, u32)>,
}

/// Services, offices and relations of a catalogue. Entries without a usable
/// id or name are skipped.
pub fn catalogue(dto: OfficesAndServices) -> Catalogue {
    let services = dto
        .services
        .into_iter()
        .filter_map(|s| {
            Some(Service {
                id: u32::try_from(s.id.0).ok()?,
                name: s.name.filter(|n| !n.trim().is_empty())?,
                max_quantity: s
                    .max_quantity
                    .and_then(|q| u32::try_from(q.0).ok())
                    .unwrap_or(1)
                    .max(1),
            })
        })
        .collect();
    let offices = dto
        .offices
        .into_iter()
        .filter_map(|o| {
            let scope = o.scope.unwrap_or_default();
            let provider = scope.provider.unwrap_or_default();
            let contact = provider.contact.unwrap_or_default();
            let street = match (contact.street, contact.street_number) {
                (Some(s), Some(n)) if !n.is_empty() => Some(format!("{s} {n}")),
                (s, _) => s,
            };
            let geo = o.geo;
            Some(Office {
                id: u32::try_from(o.id.0).ok()?,
                name: o.name.filter(|n| !n.trim().is_empty())?,
                street,
                postal_code: contact.postal_code,
                city: contact.city,
                lat: geo
                    .as_ref()
                    .and_then(|g| g.lat)
                    .or(provider.lat)
                    .map(|c| c.0)
                    .filter(|v| v.is_finite()),
                lon: geo
                    .as_ref()
                    .and_then(|g| g.lon)
                    .or(provider.lon)
                    .map(|c| c.0)
                    .filter(|v| v.is_finite()),
                email_required: scope.email_required.unwrap_or(false),
                telephone_activated: scope.telephone_activated.unwrap_or(false),
                telephone_required: scope.telephone_required.unwrap_or(false),
                captcha_required: scope.captcha_activated_required.unwrap_or(false),
                info: scope.info_for_appointment,
            })
        })
        .collect();
    let relations = dto
        .relations
        .into_iter()
        .filter_map(|r| {
            let slots = r.slots.map(|s| s.0).unwrap_or(1);
            Some((
                u32::try_from(r.office_id.0).ok()?,
                u32::try_from(r.service_id.0).ok()?,
                u32::try_from(slots).ok()?.max(1),
            ))
        })
        .collect();
    Catalogue { services, offices, relations }
}

/// Checks a booking against the office's rules, as ZMS will: a family
/// name, an e-mail address where required (and well-formed), a telephone
/// number where required (7–15 digits, optional `+`), the service's
/// maximum quantity.
pub fn check_contact(office: &Office, service: &Service, request: &BookingRequest) -> Result<()> {
    let c = &request.contact;
    if c.family_name.trim().is_empty() {
        return Err(Error::Validation { field: "family_name", reason: "is required".to_owned() });
    }
    if c.family_name.chars().count() > 250 {
        return Err(Error::Validation { field: "family_name", reason: "is too long".to_owned() });
    }
    match c.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        None if office.email_required => {
            return Err(Error::Validation {
                field: "email",
                reason: "is required at this office".to_owned(),
            });
        }
        Some(email) if !email_ok(email) => {
            return Err(Error::Validation {
                field: "email",
                reason: "is not a valid e-mail address".to_owned(),
            });
        }
        _ => {}
    }
    match c.telephone.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None if office.telephone_required => {
            return Err(Error::Validation {
                field: "telephone",
                reason: "is required at this office".to_owned(),
            });
        }
        Some(telephone) if !telephone_ok(telephone) => {
            return Err(Error::Validation {
                field: "telephone",
                reason: "must be 7 to 15 digits, optionally with +".to_owned(),
            });
        }
        _ => {}
    }
    if request.count == 0 || request.count > service.max_quantity {
        return Err(Error::Validation {
            field: "count",
            reason: format!("must be between 1 and {}", service.max_quantity),
        });
    }
    Ok(())
}

fn email_ok(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && email.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
}

/// ZMS's `^\+?[0-9]\d{6,14}$`.
fn telephone_ok(telephone: &str) -> bool {
    let digits = telephone.strip_prefix('+').unwrap_or(telephone);
    (7..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
}
