//! Official notices (Bescheide): the citizen's mailbox at the city's app
//! API (which alone speaks to the BundID Postfach and FIT-Connect), kept
//! sealed on the phone for offline reading; the retrieval reported exactly
//! once; PDFs verified against the city's SHA-512; deadlines as the city
//! fixed them, with days left and "at risk"; replies through the outbox,
//! "received" only with the city's receipt. See ADR 0014 and
//! reference/notices-and-login.md.

pub mod api;
pub mod deadlines;
pub mod delivery;
pub mod model;
pub mod service;
pub mod store;
pub mod validation;
mod view;
pub mod wire;

pub use model::{
    AllowedReply, Attachment, Deadline, DeadlineKind, Delivery, Issuer, Notice, NoticePayment,
    Reply, ReplyDraft, ReplyKind, ReplyState, UploadFile,
};
pub use service::{MailboxSync, NoticeDeadline, NoticesService};
