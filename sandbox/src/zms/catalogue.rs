//! Leipzig's Bürgeramt catalogue (services, offices, which office offers
//! what), from `fixtures/zms/leipzig-catalogue.json`, rendered in the exact
//! shape of `GET /offices-and-services/`.

use std::{collections::BTreeMap, sync::OnceLock};

use opening_hours::OpeningHours;
use serde::Deserialize;
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("../../../fixtures/zms/leipzig-catalogue.json");

/// A service (Dienstleistung).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// ZMS id.
    pub id: u32,
    /// Name as the city shows it.
    pub name: String,
    /// Persons or items per appointment.
    pub max_quantity: u32,
}

/// A postal address.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// Street.
    pub street: String,
    /// House number.
    pub house_number: String,
    /// Postcode.
    pub postal_code: String,
    /// City.
    pub city: String,
}

/// The booking rules of an office (a ZMS scope).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    /// Scope id.
    pub id: u32,
    /// Short name.
    pub short_name: String,
    /// E-mail needed to book.
    pub email_required: bool,
    /// Telephone field shown.
    pub telephone_activated: bool,
    /// Telephone needed to book.
    pub telephone_required: bool,
    /// First custom text field shown.
    pub custom_textfield_activated: bool,
    /// First custom text field needed.
    pub custom_textfield_required: bool,
    /// Its label.
    pub custom_textfield_label: Option<String>,
    /// Second custom text field shown.
    pub custom_textfield2_activated: bool,
    /// Second custom text field needed.
    pub custom_textfield2_required: bool,
    /// Its label.
    pub custom_textfield2_label: Option<String>,
    /// A captcha token is needed for the calendar and reserving.
    pub captcha_activated_required: bool,
    /// Shown with each appointment.
    pub info_for_appointment: Option<String>,
    /// Most active appointments per e-mail address.
    pub appointments_per_mail: Option<u32>,
    /// Minutes a reservation is held.
    pub reservation_duration: u32,
    /// Minutes a preconfirmed appointment waits for confirmation.
    pub activation_duration: u32,
}

/// A Bürgerbüro.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Office {
    /// ZMS id.
    pub id: u32,
    /// Name.
    pub name: String,
    /// Address.
    pub address: Address,
    /// Ortsteil.
    pub district: String,
    /// Coordinates as strings, as ZMS sends them.
    pub geo: Geo,
    /// Opening hours (OSM syntax): which 10-minute slots exist.
    pub opening_hours: String,
    /// Booking rules.
    pub scope: Scope,
}

/// WGS84 coordinates as strings.
#[derive(Debug, Clone, Deserialize)]
pub struct Geo {
    /// Latitude.
    pub lat: String,
    /// Longitude.
    pub lon: String,
}

/// Which office offers which service, and how many slots it takes.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Relation {
    /// Office.
    pub office_id: u32,
    /// Service.
    pub service_id: u32,
    /// 10-minute slots the service takes at that office.
    pub slots: u32,
}

/// The whole catalogue.
#[derive(Debug, Deserialize)]
pub struct Catalogue {
    /// Services.
    pub services: Vec<Service>,
    /// Offices.
    pub offices: Vec<Office>,
    /// Office × service.
    pub relations: Vec<Relation>,
    #[serde(skip)]
    hours: BTreeMap<u32, OpeningHours>,
}

impl Catalogue {
    /// The catalogue compiled into the sandbox.
    pub fn get() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            // The fixture is compiled in and checked by a test: a broken one
            // is a build defect, and an empty catalogue still serves.
            let mut catalogue: Catalogue = serde_json::from_str(FIXTURE).unwrap_or(Catalogue {
                services: Vec::new(),
                offices: Vec::new(),
                relations: Vec::new(),
                hours: BTreeMap::new(),
            });
            catalogue.hours = catalogue
                .offices
                .iter()
                .filter_map(|o| Some((o.id, o.opening_hours.parse::<OpeningHours>().ok()?)))
                .collect();
            catalogue
        })
    }

    /// An office by id.
    pub fn office(&self, id: u32) -> Option<&Office> {
        self.offices.iter().find(|o| o.id == id)
    }

    /// A service by id.
    pub fn service(&self, id: u32) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The relation of an office and a service, if the office offers it.
    pub fn relation(&self, office: u32, service: u32) -> Option<Relation> {
        self.relations.iter().copied().find(|r| r.office_id == office && r.service_id == service)
    }

    /// Parsed opening hours of an office.
    pub fn hours(&self, office: u32) -> Option<&OpeningHours> {
        self.hours.get(&office)
    }

    /// `GET /offices-and-services/` body.
    pub fn to_json(&self) -> Value {
        let offices: Vec<Value> = self.offices.iter().map(office_json).collect();
        let services: Vec<Value> = self
            .services
            .iter()
            .map(|s| {
                json!({
                    "id": s.id, "name": s.name, "maxQuantity": s.max_quantity, "combinable": [],
                    "parentId": null, "variantId": null, "rootParentId": s.id, "showOnStartPage": true,
                })
            })
            .collect();
        let relations: Vec<Value> = self
            .relations
            .iter()
            .map(|r| {
                json!({"officeId": r.office_id, "serviceId": r.service_id, "slots": r.slots,
                       "public": true, "maxQuantity": null})
            })
            .collect();
        json!({"offices": offices, "services": services, "relations": relations})
    }
}

fn office_json(o: &Office) -> Value {
    json!({
        "id": o.id,
        "name": o.name,
        // Upstream sends null here; the address travels in scope.provider.contact.
        "address": null,
        "showAlternativeLocations": false,
        "displayNameAlternatives": [],
        "organization": "Stadt Leipzig",
        "organizationUnit": "Amt für Bürgerservice",
        "slotTimeInMinutes": 10,
        "geo": {"lat": o.geo.lat, "lon": o.geo.lon},
        "disabledByServices": [],
        "priority": 1,
        "scope": scope_json(o),
        "slotsPerAppointment": null,
        "parentId": null,
        "allowDisabledServicesMix": null,
        "sharedBookingOfficeIds": null,
    })
}

/// A `ThinnedScope` (with its provider and contact), as offices and
/// processes carry it.
pub fn scope_json(o: &Office) -> Value {
    let s = &o.scope;
    let lat: Option<f64> = o.geo.lat.parse().ok();
    let lon: Option<f64> = o.geo.lon.parse().ok();
    json!({
        "id": s.id,
        "provider": {
            "id": o.id.to_string(),
            "name": o.name,
            "displayName": o.name,
            "lat": lat,
            "lon": lon,
            "source": "leipzig",
            "contact": {
                "city": o.address.city, "country": "Germany", "name": o.name,
                "postalCode": o.address.postal_code, "region": "Sachsen",
                "street": o.address.street, "streetNumber": o.address.house_number,
            },
        },
        "shortName": s.short_name,
        "emailFrom": "buergerservice@leipzig.de",
        "emailRequired": s.email_required,
        "telephoneActivated": s.telephone_activated,
        "telephoneRequired": s.telephone_required,
        "customTextfieldActivated": s.custom_textfield_activated,
        "customTextfieldRequired": s.custom_textfield_required,
        "customTextfieldLabel": s.custom_textfield_label,
        "customTextfield2Activated": s.custom_textfield2_activated,
        "customTextfield2Required": s.custom_textfield2_required,
        "customTextfield2Label": s.custom_textfield2_label,
        "captchaActivatedRequired": s.captcha_activated_required,
        "infoForAppointment": s.info_for_appointment,
        "infoForAllAppointments": null,
        "slotsPerAppointment": null,
        "appointmentsPerMail": s.appointments_per_mail,
        "whitelistedMails": null,
        "reservationDuration": s.reservation_duration,
        "activationDuration": s.activation_duration,
        "hint": null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_is_leipzigs_catalogue() {
        let c = Catalogue::get();
        assert_eq!(c.services.len(), 15);
        assert_eq!(c.offices.len(), 11);
        assert_eq!(c.hours.len(), c.offices.len(), "every office's hours parse");
        assert!(c.offices.iter().any(|o| o.scope.captcha_activated_required));
        assert!(c.offices.iter().any(|o| o.scope.telephone_required));
        let id_card =
            c.services.iter().find(|s| s.name == "Personalausweis beantragen").expect("service");
        assert_eq!(c.relations.iter().filter(|r| r.service_id == id_card.id).count(), 11);
    }
}
