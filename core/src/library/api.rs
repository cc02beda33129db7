//! The library endpoints of the city's app API (`/v1/library/…`): branches
//! and card types (public), registrations (the citizen's). The library
//! system itself (SISIS-SunRise) has no public API; the city's server
//! registers there.

use std::sync::Arc;

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::model::{Branch, CardOrder, CardType, LibraryCard, RegistrationState};
use crate::{
    app_api::{AppApiClient, Call},
    error::{Error, Result},
    payments::{Subject, SubjectKind},
};

#[derive(Debug, Deserialize)]
pub(crate) struct Branches {
    pub(crate) branches: Vec<Branch>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CardTypes {
    pub(crate) card_types: Vec<CardType>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Registrations {
    pub(crate) registrations: Vec<WireRegistration>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct WireSubject {
    #[serde(rename = "type")]
    kind: String,
    id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePayment {
    subject: WireSubject,
    #[serde(default)]
    status: Option<String>,
}

/// A registration on the wire.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireRegistration {
    registration_id: String,
    state: String,
    #[serde(default)]
    fee_cents: Option<i64>,
    #[serde(default)]
    payment: Option<WirePayment>,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    rejection_reason: Option<String>,
    #[serde(default)]
    card: Option<LibraryCard>,
}

/// A checked registration answer.
#[derive(Debug, Clone, PartialEq)]
pub struct CityRegistration {
    /// The registration id.
    pub id: String,
    /// State.
    pub state: RegistrationState,
    /// Fee in cents.
    pub fee_cents: Option<i64>,
    /// What the fee is paid as (kept after payment, for the receipt).
    pub payment_subject: Option<Subject>,
    /// Flags.
    pub flags: Vec<String>,
    /// Why refused.
    pub rejection_reason: Option<String>,
    /// The card.
    pub card: Option<LibraryCard>,
}

impl WireRegistration {
    /// Checks the answer.
    pub fn checked(self) -> Result<CityRegistration> {
        let invalid =
            |r: &str| Error::InvalidResponse { what: "library registration", reason: r.to_owned() };
        let state = RegistrationState::parse(&self.state).ok_or_else(|| invalid("state"))?;
        if self.fee_cents.is_some_and(|f| !(0..=1_000_000).contains(&f)) {
            return Err(invalid("fee"));
        }
        let payment_subject = self.payment.and_then(|p| {
            Subject::new(SubjectKind::from_wire(&p.subject.kind)?, &p.subject.id).ok()
        });
        let card = match self.card {
            Some(c) if c.payload.is_empty() || c.payload.len() > 64 => return Err(invalid("card")),
            other => other,
        };
        Ok(CityRegistration {
            id: self.registration_id,
            state,
            fee_cents: self.fee_cents,
            payment_subject,
            flags: self.flags.into_iter().take(10).collect(),
            rejection_reason: self.rejection_reason.map(|r| r.chars().take(500).collect()),
            card,
        })
    }
}

/// The library endpoints.
#[derive(Debug, Clone)]
pub struct LibraryApi {
    client: Arc<AppApiClient>,
}

impl LibraryApi {
    /// Over the app API client.
    pub fn new(client: Arc<AppApiClient>) -> Self {
        Self { client }
    }

    /// The branches.
    pub async fn branches(&self) -> Result<Vec<Branch>> {
        let call = Call { path: "library/branches", ..Call::default() };
        Ok(self.client.send(&call).await?.into_json::<Branches>("branches")?.value.branches)
    }

    /// The card types with the fees valid today.
    pub async fn card_types(&self) -> Result<Vec<CardType>> {
        let call = Call { path: "library/card-types", ..Call::default() };
        Ok(self.client.send(&call).await?.into_json::<CardTypes>("card types")?.value.card_types)
    }

    /// Sends an order (`id` is the registrationId and the key).
    pub async fn register(
        &self,
        id: &str,
        order: &CardOrder,
        token: &str,
    ) -> Result<WireRegistration> {
        let body = order_body(id, order);
        let call = Call {
            method: Method::POST,
            path: "library/registrations",
            body: Some(&body),
            idempotency_key: Some(id),
            bearer: Some(token),
            ..Call::default()
        };
        Ok(self.client.send(&call).await?.into_json("library registration")?.value)
    }

    /// One registration.
    pub async fn registration(&self, id: &str, token: &str) -> Result<WireRegistration> {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !ok {
            return Err(Error::Validation {
                field: "registration",
                reason: "not a registration id".to_owned(),
            });
        }
        let path = format!("library/registrations/{id}");
        let call = Call { path: &path, bearer: Some(token), ..Call::default() };
        Ok(self.client.send(&call).await?.into_json("library registration")?.value)
    }

    /// The citizen's registrations.
    pub async fn registrations(&self, token: &str) -> Result<Vec<WireRegistration>> {
        let call = Call { path: "library/registrations", bearer: Some(token), ..Call::default() };
        Ok(self
            .client
            .send(&call)
            .await?
            .into_json::<Registrations>("registrations")?
            .value
            .registrations)
    }
}

fn order_body(id: &str, o: &CardOrder) -> Value {
    let mut body = json!({
        "registrationId": id,
        "cardType": o.card_type,
        "branchId": o.branch_id,
        "applicant": o.applicant,
    });
    if let Some(pass) = &o.leipzig_pass {
        body["leipzigPass"] = json!(pass);
    }
    if let Some(g) = &o.guardian {
        body["guardian"] = json!(g);
    }
    if let Some(p) = &o.second_adult {
        body["secondAdult"] = json!(p);
    }
    body
}
