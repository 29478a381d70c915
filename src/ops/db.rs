//! Database maintenance: info, check, backup, index upkeep, moving to another database.

use super::Desk;
use crate::error::Error;
use crate::error::Result;
use crate::store::maintenance::{self, Info};
use crate::store::search::merge::{self, Optimized};
use crate::store::transfer::{self, Copied};
use crate::store::JournalKind;
use crate::store::{server, Store};
use std::path::Path;

impl Desk {
    /// Facts about the database.
    pub fn db_info(&self) -> Result<Info> {
        maintenance::info(&self.store)
    }

    /// Problems found by the integrity, foreign-key and audit checks.
    pub fn db_check(&self) -> Result<Vec<String>> {
        let mut problems = maintenance::check(&self.store)?;
        problems.extend(self.report_data_problems()?);
        Ok(problems)
    }

    /// `db journal wal|delete`: changes the file's journal mode on purpose; refused
    /// while others have the file open. Returns the mode now in use.
    pub fn db_journal(&mut self, mode: &str, force: bool) -> Result<String> {
        let want = JournalKind::parse(mode);
        let actor = self.actor.clone();
        self.store.set_journal(want, force, &actor)?;
        Ok(self
            .store
            .journal()
            .map_or("server", |j| j.mode.as_str())
            .to_string())
    }

    /// An online backup to `dest`; `progress(done, total)` is called as pages are copied.
    pub fn db_backup(&self, dest: &Path, progress: &mut dyn FnMut(i32, i32)) -> Result<()> {
        maintenance::backup(&self.store, dest, progress)
    }

    /// Merges the word index down to one segment, in short transactions;
    /// `progress(steps)` after each.
    pub fn optimize_index(&mut self, progress: &mut dyn FnMut(u64)) -> Result<Optimized> {
        merge::optimize(&mut self.store, progress)
    }

    /// Leaves WAL checkpoints to `checkpoint_step` on an idle worker (the console's
    /// own connection: its writes then only append to the WAL).
    pub fn defer_checkpoints(&self) -> Result<()> {
        self.store
            .defer_checkpoints(crate::store::checkpoint::DEFERRED_PAGES)
    }

    /// One passive WAL checkpoint, for idle moments (SQLite in WAL mode).
    pub fn checkpoint_step(&self) -> Result<Option<crate::store::checkpoint::Checkpointed>> {
        self.store.checkpoint_step()
    }

    /// One small step of index merging (about `pages` leaf pages), for idle
    /// moments, ended early when `stop` says so; false when there is nothing left
    /// to merge (until the index is written again).
    pub fn merge_index_step(&mut self, pages: i64, stop: &dyn Fn() -> bool) -> Result<bool> {
        merge::step_unless(&mut self.store, pages, stop)
    }

    /// Copies everything into the empty database at `dest` (a file or a
    /// `postgres://` URL) and verifies it; `progress(done, total)` counts rows. A
    /// failure leaves the target without rows (a file this created is removed).
    pub fn migrate_to(&self, dest: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<Copied> {
        let shown = dest.display().to_string();
        let to_server = server::is_url(&shown);
        if !to_server && self.store.path().is_some_and(|p| same_file(p, dest)) {
            return Err(Error::invalid(
                "the target is the database itself",
                "name a new file or a PostgreSQL URL: aftercare db migrate --to postgres://USER@HOST/DB",
            ));
        }
        let created = !to_server && !dest.exists();
        let result = Store::open(dest, &self.config.storage)
            .and_then(|mut target| transfer::copy(&self.store, &mut target, progress));
        if result.is_err() && created {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{shown}{suffix}"));
            }
        }
        result
    }
}

/// Whether two paths name the same file (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
