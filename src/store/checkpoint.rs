//! WAL checkpoints off the console's write path (SQLite in WAL mode).
//!
//! A commit only appends to the WAL; every 1,000 pages SQLite's default makes the
//! committing write copy them into the database file and sync both (a checkpoint),
//! which was the slowest one in a hundred of the console's writes at a million
//! tickets. The console's own connection lets the WAL grow further and its worker
//! checkpoints when the user is idle, between two writes; a reader in the way only
//! postpones it. Whole CLI processes keep SQLite's checkpoint at close.
//!
//! A WAL file is kept between processes (`SQLITE_FCNTL_PERSIST_WAL`), emptied by
//! the last connection's checkpoint at close (`journal_size_limit = 0`): a CLI
//! process then no longer creates the `-wal` and `-shm` files at its first write and
//! removes them at close (SQLite still syncs the folder at a process's first WAL
//! sync: its unix VFS does so for every WAL it opens). The next opener finds an
//! empty WAL, so it has nothing to recover. Only set when the connection closes:
//! a journal-mode change (`db journal delete`) still removes the WAL.
//!
//! The same worker merges the word index's segments when idle, so the console's
//! connection also stops ending each write with a merge step
//! (`search::merge::after_write`, which lone writers keep).

use super::{journal, Store};
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

/// What closing does to the WAL file (see the module's notes).
impl Drop for Store {
    fn drop(&mut self) {
        super::phase_times::mark("run");
        if let Err(e) = self.keep_wal_file() {
            tracing::debug!(error = %e, "the WAL file is removed at close");
        }
    }
}

impl Store {
    /// Has SQLite keep the WAL file, emptied, when this connection closes as the last
    /// one (in WAL mode, on a writable file; nothing elsewhere).
    fn keep_wal_file(&self) -> Result<()> {
        let Some(c) = self.conn.as_sqlite() else {
            return Ok(());
        };
        let wal = self.journal.as_ref().map(|j| j.mode) == Some(journal::Mode::Wal);
        if !wal || self.access.read_only() {
            return Ok(());
        }
        // Truncated to 0 bytes after the closing checkpoint: the next opener has no
        // frames to read back (a WAL kept at its size would be re-read by each).
        c.query_row("PRAGMA journal_size_limit = 0", [], |_| Ok(()))?;
        let mut on: std::ffi::c_int = 1;
        // SAFETY: the handle is this open connection's; SQLite reads one int through
        // the pointer during the call.
        let rc = unsafe {
            rusqlite::ffi::sqlite3_file_control(
                c.handle(),
                c"main".as_ptr(),
                rusqlite::ffi::SQLITE_FCNTL_PERSIST_WAL,
                (&mut on as *mut std::ffi::c_int).cast(),
            )
        };
        if rc != rusqlite::ffi::SQLITE_OK {
            return Err(crate::error::Error::msg(format!(
                "SQLITE_FCNTL_PERSIST_WAL failed ({rc})"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::config::StorageConfig;
    use crate::store::open::sibling;
    use crate::store::{params, Store};

    fn note(store: &mut Store, text: &str) {
        store
            .write(|c| {
                c.execute(
                    "INSERT INTO counters (name, value) VALUES (?1, 1)
                     ON CONFLICT (name) DO UPDATE SET value = value + 1",
                    params![text],
                )
            })
            .unwrap();
    }

    /// A process used to create the `-wal` and `-shm` files at its first write (and
    /// sync the folder for them) and remove them at close; now they stay, the WAL
    /// emptied by the closing checkpoint, and the next opener reads everything.
    #[test]
    fn closing_keeps_an_empty_wal_for_the_next_process() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let mut store = Store::open(&path, &StorageConfig::default()).unwrap();
        assert_eq!(store.journal_mode().unwrap(), "wal");
        note(&mut store, "lone:a");
        assert!(std::fs::metadata(sibling(&path, "-wal")).unwrap().len() > 0);
        drop(store);
        let wal = std::fs::metadata(sibling(&path, "-wal")).expect("the WAL file stays");
        assert_eq!(wal.len(), 0, "emptied by the closing checkpoint");
        assert!(sibling(&path, "-shm").exists());
        for round in 0..2 {
            let mut store = Store::open(&path, &StorageConfig::default()).unwrap();
            let n: i64 = store
                .conn()
                .one(
                    "SELECT value FROM counters WHERE name = 'lone:a'",
                    params![],
                )
                .unwrap();
            assert_eq!(n, 1 + round);
            note(&mut store, "lone:a");
        }
        let wal = std::fs::metadata(sibling(&path, "-wal")).unwrap();
        assert_eq!(wal.len(), 0);
    }

    /// A lone writer's commits checkpoint once the WAL holds `LONE_WRITER_PAGES`
    /// pages, so no single write copies SQLite's default 1,000 (the slowest write in
    /// a hundred of a long-lived writer, bench `write_tail`). The WAL file keeps its
    /// largest size while the connection is open: it shows how far it grew.
    #[test]
    fn a_lone_writer_checkpoints_a_short_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let mut store = Store::open(&path, &StorageConfig::default()).unwrap();
        assert_eq!(store.journal_mode().unwrap(), "wal");
        // Each commit adds a row of about a page, with its index entry: 3-4 pages.
        for i in 0..600 {
            note(&mut store, &format!("{i:05}{}", "x".repeat(3000)));
        }
        let page: u64 = 4096 + 24;
        let wal = std::fs::metadata(sibling(&path, "-wal")).unwrap().len();
        assert!(
            wal <= (crate::store::handle::LONE_WRITER_PAGES as u64 + 16) * page + 32,
            "the WAL grew to {} pages",
            wal / page
        );
        drop(store);
    }

    /// Leaving WAL mode still removes the WAL file: a kept one would make the next
    /// opener use WAL again.
    #[test]
    fn a_rollback_journal_leaves_no_wal_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.db");
        let mut store = Store::open(&path, &StorageConfig::default()).unwrap();
        note(&mut store, "lone:b");
        drop(store);
        let mut store = Store::open(&path, &StorageConfig::default()).unwrap();
        store
            .set_journal(crate::store::JournalKind::Delete, true, "t")
            .unwrap();
        note(&mut store, "lone:b");
        drop(store);
        assert!(!sibling(&path, "-wal").exists());
        let store = Store::open(&path, &StorageConfig::default()).unwrap();
        assert_eq!(store.journal_mode().unwrap(), "delete");
    }
}
