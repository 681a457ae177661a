//! How the server decides a pushed batch, as pure code beside the protocol it serves
//! (DESIGN.md sync invariants 3, 5, 7): `rules` decides one op against what the database
//! holds, `batch` folds a whole batch into the writes it needs. Both backends load the
//! state, call these, and only execute the steps in their own dialect; the sync property
//! test and the unit tables here check the same code the server runs.

pub mod batch;
pub mod rules;

use super::ReportOp;

/// A pushed op with the server's verdict on it (authorization and validation, decided
/// before storage is touched); `Err` holds the reason to store it in quarantine.
#[derive(Clone, Debug)]
pub struct CheckedOp {
    pub op: ReportOp,
    pub verdict: Result<(), String>,
}
