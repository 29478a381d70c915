//! Database maintenance: info, check, backup, index upkeep.

use super::Desk;
use crate::error::Result;
use crate::store::maintenance::{self, Info};
use crate::store::search::merge::{self, Optimized};
use crate::store::JournalKind;
use std::path::Path;

impl Desk {
    /// Facts about the database.
    pub fn db_info(&self) -> Result<Info> {
        maintenance::info(&self.store)
    }

    /// Problems found by the integrity, foreign-key and audit checks.
    pub fn db_check(&self) -> Result<Vec<String>> {
        maintenance::check(&self.store)
    }

    /// `db journal wal|delete`: changes the file's journal mode on purpose; refused
    /// while others have the file open. Returns the mode now in use.
    pub fn db_journal(&mut self, mode: &str, force: bool) -> Result<String> {
        let want = JournalKind::parse(mode);
        let actor = self.actor.clone();
        self.store.set_journal(want, force, &actor)?;
        Ok(self.store.journal().mode.as_str().to_string())
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

    /// One small step of index merging, for idle moments; false when there is
    /// nothing left to merge (until the index is written again).
    pub fn merge_index_step(&mut self) -> Result<bool> {
        merge::step(&mut self.store, merge::STEP_PAGES)
    }
}
