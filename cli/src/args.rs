//! Command-line arguments of `leipzig`.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};

/// Leipzig nah bei mir — the city's citizen app, in the terminal.
///
/// Without --config, `leipzig` starts an embedded sandbox of the city's back
/// ends on a free loopback port; its state lives under the data directory,
/// so successive commands see one consistent city.
#[derive(Debug, Parser)]
#[command(name = "leipzig", version, propagate_version = true)]
pub struct Cli {
    /// Options every command understands.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command understands.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Client config (TOML); default: $LEIPZIG_CONFIG, else the embedded sandbox.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where the app keeps its data; default: $LEIPZIG_DATA_DIR, the config's
    /// `data_dir`, else the user's data directory.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Never touch the network: show what is stored on this machine.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Print machine-readable JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// City-hall news (press releases).
    News(NewsArgs),
    /// Bürgeramt appointments: find a slot, book, cancel, rebook, watch.
    #[command(subcommand)]
    Appointments(AppointmentsCommand),
    /// Public facilities: search, near me, open now (works offline).
    #[command(subcommand)]
    Facilities(FacilitiesCommand),
    /// Log in with the city's account (OpenID Connect in the browser).
    Login(LoginArgs),
    /// Log out: end the session and delete everything personal on this machine.
    Logout(LogoutArgs),
    /// Who is logged in.
    Whoami,
    /// The citizen's profile (used to fill in forms): show or change it.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Official notices (Bescheide): read, deadlines, reply, export.
    #[command(subcommand)]
    Notices(NoticesCommand),
    /// Library card: card types and fees, order, status, the card.
    #[command(subcommand)]
    Library(LibraryCommand),
    /// What I owe the city: fees and notices to pay (needs a login).
    Fees,
    /// Pay a fee or a notice on the payment service's page.
    Pay(PayArgs),
    /// My payments, their state and receipts.
    #[command(subcommand)]
    Payments(PaymentsCommand),
    /// Actions saved on this machine and whether the city has received them.
    Outbox,
    /// Deliver saved actions and refresh what is stored (as the phone does in the background).
    Sync,
    /// Run the sandbox of the city's back ends standalone.
    Sandbox(SandboxArgs),
    /// A narrated walk through the app against the embedded sandbox.
    Demo,
    /// Measure the app against an embedded sandbox and print one table.
    Bench(BenchArgs),
}

/// `leipzig news`.
#[derive(Debug, Args)]
pub struct NewsArgs {
    /// Fetch the feed first (a conditional request: unchanged feeds cost nothing).
    /// Without it the stored news are shown, fetched only when none are stored.
    #[arg(long)]
    pub refresh: bool,
    /// How many items to show.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    /// A single item.
    #[command(subcommand)]
    pub action: Option<NewsAction>,
}

/// `leipzig news <action>`.
#[derive(Debug, Subcommand)]
pub enum NewsAction {
    /// Show one item in full and mark it read.
    Read {
        /// The item's id (first column of `leipzig news`).
        id: i64,
    },
}

/// `leipzig appointments …`.
#[derive(Debug, Subcommand)]
pub enum AppointmentsCommand {
    /// The Bürgeramt services.
    Services,
    /// The Bürgerbüros (only those offering a service with --service).
    Offices {
        /// Service id.
        #[arg(long)]
        service: Option<u32>,
    },
    /// Free slots for a service, earliest first.
    Slots {
        /// Service id (see `appointments services`).
        #[arg(long)]
        service: u32,
        /// Only these offices (repeatable); default: every office offering the service.
        #[arg(long = "office")]
        offices: Vec<u32>,
        /// First day, YYYY-MM-DD (default: today).
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (default: 13 days after the first).
        #[arg(long)]
        to: Option<String>,
        /// Persons.
        #[arg(long, default_value_t = 1)]
        count: u32,
        /// Show at most this many slots.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Book a slot.
    Book {
        /// Service id.
        #[arg(long)]
        service: u32,
        /// Office id.
        #[arg(long)]
        office: u32,
        /// Slot start, epoch seconds (the `timestamp` of `appointments slots`).
        #[arg(long)]
        timestamp: i64,
        /// Persons.
        #[arg(long, default_value_t = 1)]
        count: u32,
        /// Contact data.
        #[command(flatten)]
        contact: ContactArgs,
    },
    /// My appointments (works offline).
    List,
    /// One appointment.
    Show {
        /// Process id.
        id: u32,
    },
    /// Cancel an appointment (works offline: delivered when online).
    Cancel {
        /// Process id.
        id: u32,
    },
    /// Book another slot for the same service, then cancel this appointment.
    Rebook {
        /// Process id of the appointment to replace.
        id: u32,
        /// New slot start, epoch seconds.
        #[arg(long)]
        timestamp: i64,
        /// New office (default: the same).
        #[arg(long)]
        office: Option<u32>,
        /// Contact data.
        #[command(flatten)]
        contact: ContactArgs,
    },
    /// The appointment as an iCalendar file.
    Ics {
        /// Process id.
        id: u32,
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// "Tell me when a slot frees up" (kept by the city).
    #[command(subcommand)]
    Watch(WatchCommand),
}

/// Contact data for a booking.
#[derive(Debug, Clone, Args)]
pub struct ContactArgs {
    /// Family name.
    #[arg(long)]
    pub name: Option<String>,
    /// E-mail address.
    #[arg(long)]
    pub email: Option<String>,
    /// Telephone number.
    #[arg(long)]
    pub phone: Option<String>,
}

/// `leipzig appointments watch …`.
#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Watch for free slots of a service.
    Add {
        /// Service id.
        #[arg(long)]
        service: u32,
        /// Offices (repeatable); default: every office offering the service.
        #[arg(long = "office")]
        offices: Vec<u32>,
        /// First day, YYYY-MM-DD (default: today).
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (default: 13 days after the first).
        #[arg(long)]
        to: Option<String>,
    },
    /// My watches and what the city found for them.
    List,
    /// Stop watching.
    Remove {
        /// Watch id.
        id: String,
    },
}

/// `leipzig facilities …`.
#[derive(Debug, Subcommand)]
pub enum FacilitiesCommand {
    /// Search the stored layer (fetched first when none is stored).
    Search(FacilitySearchArgs),
    /// One facility with its opening hours.
    Show {
        /// Facility id (first column of `facilities search`).
        id: String,
        /// Opening status at this instant (RFC 3339; default: now).
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
    },
    /// Fetch the city's facility layer (a conditional request).
    Refresh,
}

/// `leipzig facilities search`.
#[derive(Debug, Args)]
pub struct FacilitySearchArgs {
    /// Words to look for ("Bürgerbüro", "bibliothek grünau"); any spelling of umlauts.
    pub query: Option<String>,
    /// Only this category (buergerbuero, bibliothek, schwimmbad, kita, schule, museum).
    #[arg(long)]
    pub category: Option<String>,
    /// Nearest to this WGS84 point first, with distances: LAT,LON.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_point, allow_hyphen_values = true)]
    pub near: Option<(f64, f64)>,
    /// Only facilities open at --at (default: now); unknown hours never count as open.
    #[arg(long)]
    pub open_now: bool,
    /// The instant for opening hours (RFC 3339, e.g. 2026-11-18T10:00:00+01:00).
    #[arg(long, value_parser = parse_instant)]
    pub at: Option<DateTime<Utc>>,
    /// Only fully step-free facilities.
    #[arg(long)]
    pub wheelchair: bool,
    /// Show at most this many.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
}

fn parse_point(text: &str) -> Result<(f64, f64), String> {
    let (lat, lon) = text.split_once(',').ok_or("expected LAT,LON, e.g. 51.3397,12.3810")?;
    let number = |t: &str| t.trim().parse::<f64>().map_err(|_| format!("not a number: {t}"));
    Ok((number(lat)?, number(lon)?))
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.to_utc())
        .map_err(|_| "expected RFC 3339, e.g. 2026-11-18T10:00:00+01:00".to_owned())
}

/// `leipzig notices …`.
#[derive(Debug, Subcommand)]
pub enum NoticesCommand {
    /// The mailbox (fetched first when online), newest first.
    List {
        /// Also archived notices.
        #[arg(long)]
        all: bool,
    },
    /// One notice in full; reports the retrieval to the city (once).
    Show {
        /// Notice id.
        id: String,
    },
    /// Download its PDFs (verified against the city's SHA-512).
    Download {
        /// Notice id.
        id: String,
        /// Write them into this directory (default: only verify and keep them here).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Answer a notice: acknowledge, object, or send documents.
    Reply(Box<NoticeReplyArgs>),
    /// Save the PDFs and a JSON copy of the notice into a directory.
    Export {
        /// Notice id.
        id: String,
        /// Target directory.
        #[arg(long)]
        out: PathBuf,
    },
    /// Every deadline, nearest first, with days left and what is at risk.
    Deadlines,
}

/// `leipzig notices reply`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["acknowledge", "object", "upload"])))]
pub struct NoticeReplyArgs {
    /// Notice id.
    pub id: String,
    /// "Zur Kenntnis genommen".
    #[arg(long)]
    pub acknowledge: bool,
    /// Object (Widerspruch); needs --text and --confirm.
    #[arg(long)]
    pub object: bool,
    /// The objection's reason.
    #[arg(long)]
    pub text: Option<String>,
    /// Confirm the binding declaration (shown by `notices show`).
    #[arg(long)]
    pub confirm: bool,
    /// Ask for suspension of enforcement (Aussetzung der Vollziehung).
    #[arg(long)]
    pub suspend: bool,
    /// Send these files (PDF, JPEG, PNG).
    #[arg(long, num_args = 1..)]
    pub upload: Vec<PathBuf>,
    /// A note with the files.
    #[arg(long)]
    pub note: Option<String>,
}

/// `leipzig library …`.
#[derive(Debug, Subcommand)]
pub enum LibraryCommand {
    /// The branches (pickup places).
    Branches,
    /// Card types with the city's current fees.
    CardTypes,
    /// Order a card (prefilled from the profile; fee and rules are the city's).
    Order(Box<LibraryOrderArgs>),
    /// My orders as the city sees them.
    Status,
    /// The active card and its barcode (works offline).
    Card {
        /// Also write the barcode as SVG to this file.
        #[arg(long)]
        svg: Option<PathBuf>,
    },
}

/// `leipzig library order`.
#[derive(Debug, Args)]
pub struct LibraryOrderArgs {
    /// Card type (ADULT, DUO, YOUTH, REDUCED, REDUCED_DUO).
    #[arg(long = "type")]
    pub card_type: String,
    /// Pickup branch id (see `library branches`).
    #[arg(long)]
    pub branch: String,
    /// Leipzig-Pass number (reduced cards; default: the profile's).
    #[arg(long)]
    pub leipzig_pass: Option<String>,
    /// Duo card: the second adult's name ("Given Family").
    #[arg(long)]
    pub duo_name: Option<String>,
    /// Duo card: the second adult's date of birth.
    #[arg(long)]
    pub duo_birthdate: Option<String>,
    /// Minors: a parent's or guardian's name ("Given Family").
    #[arg(long)]
    pub guardian_name: Option<String>,
    /// Minors: the guardian's e-mail.
    #[arg(long)]
    pub guardian_email: Option<String>,
}

/// `leipzig pay`.
#[derive(Debug, Args)]
pub struct PayArgs {
    /// What to pay: `fee` or `notice`.
    #[arg(value_enum)]
    pub kind: PayKind,
    /// The city's id (first column of `leipzig fees`).
    pub id: String,
    /// Print the payment page's address instead of opening the browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Against the sandbox only: click through its payment page instead of
    /// a person (paypal, card, wero, sepa, cancel, fail).
    #[arg(long, value_name = "CHOICE")]
    pub simulate: Option<String>,
}

/// What `leipzig pay` pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PayKind {
    /// A fee.
    Fee,
    /// An official notice (Bescheid).
    Notice,
}

/// `leipzig payments …`.
#[derive(Debug, Subcommand)]
pub enum PaymentsCommand {
    /// Every payment (asks the city first when online).
    List,
    /// One payment, as the city sees it now.
    Show {
        /// Payment id (the app's or the city's).
        id: String,
    },
    /// The receipt (Quittung) of a paid payment, stored on this machine.
    Receipt {
        /// Payment id.
        id: String,
        /// Write the PDF to this file (and the JSON beside it).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// `leipzig sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Loopback port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Keep the sandbox's state in this directory between runs.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,
    /// Write a client config pointing every endpoint at this sandbox.
    #[arg(long, value_name = "FILE")]
    pub write_config: Option<PathBuf>,
}

/// `leipzig bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Small sizes and few repetitions: seconds instead of a minute (numbers
    /// not comparable with the targets).
    #[arg(long)]
    pub quick: bool,
    /// Internal: sync the news with the config in DIR and print this
    /// process's peak memory (run by `leipzig bench` as a child).
    #[arg(long, hide = true, value_name = "DIR")]
    pub sync_probe: Option<PathBuf>,
}

/// `leipzig login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Print the address instead of opening the browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Log in as this sandbox user without a browser (demo-adult, demo-teen,
    /// demo-pass); refused unless the provider is on loopback.
    #[arg(long, value_name = "NAME")]
    pub sandbox_user: Option<String>,
}

/// `leipzig logout`.
#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// Log out even though actions are not yet delivered (they are lost).
    #[arg(long)]
    pub force: bool,
}

/// `leipzig profile <action>`.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Show the profile stored on this machine.
    Show,
    /// Change fields; others stay. An empty value ("") clears a field.
    Set(Box<ProfileSetArgs>),
}

/// `leipzig profile set`.
#[derive(Debug, Args)]
pub struct ProfileSetArgs {
    /// Given name.
    #[arg(long)]
    pub given_name: Option<String>,
    /// Family name.
    #[arg(long)]
    pub family_name: Option<String>,
    /// Date of birth, YYYY-MM-DD.
    #[arg(long)]
    pub birthdate: Option<String>,
    /// Street and house number.
    #[arg(long)]
    pub street: Option<String>,
    /// Postcode.
    #[arg(long)]
    pub postcode: Option<String>,
    /// Town.
    #[arg(long)]
    pub city: Option<String>,
    /// E-mail address.
    #[arg(long)]
    pub email: Option<String>,
    /// Telephone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// Leipzig-Pass number (LP-YYYY-NNNNNN).
    #[arg(long)]
    pub leipzig_pass: Option<String>,
}
