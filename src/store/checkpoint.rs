//! WAL checkpoints off the console's write path (SQLite in WAL mode).
//!
//! A commit only appends to the WAL; every 1,000 pages SQLite's default makes the
//! committing write copy them into the database file and sync both (a checkpoint),
//! which was the slowest one in a hundred of the console's writes at a million
//! tickets. The console's own connection lets the WAL grow further and its worker
//! checkpoints when the user is idle, between two writes; a reader in the way only
//! postpones it. Whole CLI processes keep SQLite's checkpoint at close.
//!
//! The same worker merges the word index's segments when idle, so the console's
//! connection also stops ending each write with a merge step
//! (`search::merge::after_write`, which lone writers keep).

use super::Store;
use crate::error::Result;

/// Pages the console's connection lets the WAL reach before one of its own writes
/// checkpoints after all (64 MB of 4 KiB pages): only if the worker could not.
pub const DEFERRED_PAGES: i64 = 16_000;

/// Frames in the WAL after a checkpoint step, and how many of them are now also in
/// the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpointed {
    pub frames: i64,
    pub copied: i64,
}

impl Store {
    /// Raises this connection's automatic checkpoint to `pages` of WAL (SQLite in
    /// WAL mode; nothing elsewhere), for a connection whose worker calls
    /// `checkpoint_step` and `merge::step` when idle: its writes no longer merge the
    /// word index either (`leave_merging_to_worker`).
    pub fn defer_checkpoints(&self, pages: i64) -> Result<()> {
        self.leave_merging_to_worker();
        if let Some(c) = self.conn.as_sqlite() {
            if super::journal::current(c)? == super::journal::Mode::Wal {
                c.query_row(&format!("PRAGMA wal_autocheckpoint = {pages}"), [], |_| {
                    Ok(())
                })?;
            }
        }
        Ok(())
    }

    /// One passive checkpoint: copies the WAL frames no reader still needs into the
    /// database file, never waiting for a lock. None when there is no WAL.
    pub fn checkpoint_step(&self) -> Result<Option<Checkpointed>> {
        let Some(c) = self.conn.as_sqlite() else {
            return Ok(None);
        };
        let (frames, copied): (i64, i64) =
            c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(1)?, r.get(2)?))
            })?;
        Ok((frames >= 0).then_some(Checkpointed { frames, copied }))
    }
}
