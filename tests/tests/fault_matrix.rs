//! The fault matrix (issue 10): every user action that must reach the city
//! × every fault, one test per cell so a failure names its cell.
//!
//! The promise checked in each cell (`leipzig_e2e::matrix::run`): the
//! action takes effect at the city at most once, always under one
//! Idempotency-Key; an action saved on the phone (all but booking) ends
//! received by the city, with the phone's rows agreeing; a booking either
//! ends booked on both sides or not at all, with the citizen told and
//! nothing left on the phone; and the database passes `integrity_check`.
//! The kill cells kill a real child process with SIGKILL (see
//! `leipzig_e2e::matrix::kill`).

use leipzig_e2e::matrix::{Action, Fault, kill, run};

/// The child process of the kill cells; does nothing when run on its own.
#[test]
#[ignore = "run by the kill cells as a child process"]
fn matrix_child() {
    kill::child_main();
}

macro_rules! cells {
    ($($action:ident => $name:ident),* $(,)?) => {
        $(
            mod $name {
                use super::*;

                macro_rules! cell {
                    ($fault:ident, $test:ident) => {
                        #[tokio::test]
                        async fn $test() {
                            run(Action::$action, Fault::$fault).await;
                        }
                    };
                }

                cell!(ServerError, server_error);
                cell!(Timeout, timeout);
                cell!(ConnectionReset, connection_reset);
                cell!(LostAnswer, answer_lost_after_commit);
                cell!(TooManyRequests, too_many_requests);
                cell!(LatencySpike, latency_spike);
                cell!(TokenExpired, token_expired_mid_flight);
                cell!(ClockAhead, clock_two_hours_ahead);
                cell!(ClockBehind, clock_two_hours_behind);
                cell!(KillBeforeSend, killed_after_saving_before_sending);
                cell!(KillBeforeAck, killed_after_sending_before_the_answer);
            }
        )*
    };
}

cells! {
    CancelAppointment => cancel_appointment,
    Book => book,
    WatchAdd => watch_add,
    WatchRemove => watch_remove,
    NoticeRetrieval => notice_retrieval,
    NoticeReply => notice_reply,
    Upload => upload,
    PaymentStart => payment_start,
    LibraryOrder => library_order,
}
