//! Killing the app for real: the action runs in a child process (this test
//! binary again, see `matrix_child` in `tests/tests/fault_matrix.rs`) on the
//! phone's data directory; a fail point in the core parks it at the chosen
//! moment and the parent sends SIGKILL. The parent then opens the same data
//! directory, as the next start of the app would.

use std::{
    os::unix::process::ExitStatusExt,
    path::PathBuf,
    process::{Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

use leipzig_core::platform::MemoryLogger;
use serde::{Deserialize, Serialize};

use super::{Action, Cell, Fault, Prepared, open_phone};
use crate::clock::TestClock;

/// The phone's configuration inside its data directory.
pub const CONFIG_FILE: &str = "matrix-config.toml";
/// The phone's secret store inside its data directory.
pub const SECRETS_FILE: &str = "secrets.json";
/// Written by the child when it reached the fail point.
const MARKER_FILE: &str = "fail-point-reached";
/// Carries the [`ChildSpec`] to the child.
const CHILD_ENV: &str = "LEIPZIG_MATRIX_CHILD";
/// The child test's name in the fault matrix binary.
const CHILD_TEST: &str = "matrix_child";

/// What the child does.
#[derive(Debug, Serialize, Deserialize)]
struct ChildSpec {
    action: Action,
    prepared: Prepared,
    data_dir: PathBuf,
    fail_point: String,
    clock_offset: i64,
}

/// The fail point at which `fault` kills `action`.
fn fail_point(action: Action, fault: Fault) -> &'static str {
    match (action, fault) {
        (Action::Book, Fault::KillBeforeSend) => "appointments::book::before_confirm",
        (Action::Book, _) => "appointments::book::before_ack",
        (_, Fault::KillBeforeSend) => "outbox::before_send",
        _ => "outbox::before_ack",
    }
}

/// Runs `action` in a child process on the cell's data directory and kills
/// it with SIGKILL once it reached the fault's fail point.
pub async fn act_and_kill(cell: &Cell, action: Action, prepared: &Prepared, fault: Fault) {
    let point = fail_point(action, fault);
    let spec = ChildSpec {
        action,
        prepared: prepared.clone(),
        data_dir: cell.data.path().to_owned(),
        fail_point: point.to_owned(),
        clock_offset: cell.clock.offset(),
    };
    let marker = cell.data.path().join(MARKER_FILE);
    let exe = std::env::current_exe().expect("the test binary");
    let mut child = Command::new(exe)
        .args([CHILD_TEST, "--exact", "--ignored", "--nocapture", "--test-threads", "1"])
        .env(CHILD_ENV, serde_json::to_string(&spec).expect("spec"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("child starts");
    let started = Instant::now();
    while !marker.exists() {
        if let Some(status) = child.try_wait().expect("child status") {
            panic!("{action:?}: the child ended ({status}) before reaching {point}");
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{action:?}: the child never reached {point}");
        }
        // The sandbox serves the child from this runtime: yield, don't block.
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("child reaped");
    assert_eq!(status.signal(), Some(9), "{action:?}: killed by SIGKILL");
}

/// The child's side: does the action with the fail point armed, and parks
/// there for the parent to kill it. A no-op unless started by
/// [`act_and_kill`].
pub fn child_main() {
    let Ok(spec) = std::env::var(CHILD_ENV) else { return };
    let spec: ChildSpec = serde_json::from_str(&spec).expect("child spec");
    let marker = spec.data_dir.join(MARKER_FILE);
    fail::cfg_callback(spec.fail_point.clone(), move || {
        std::fs::write(&marker, b"reached").expect("marker written");
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    })
    .expect("fail point armed");
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let clock = Arc::new(TestClock::skewed(spec.clock_offset));
        let app = open_phone(&spec.data_dir, &clock, &Arc::new(MemoryLogger::default()));
        let result = spec.action.act(&app, &spec.prepared).await;
        eprintln!(
            "matrix child: {:?} ended without reaching {}: {result:?}",
            spec.action, spec.fail_point
        );
    });
    std::process::exit(3);
}
