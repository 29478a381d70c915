//! What a session's stage moves replaced, so that an undo puts it back exactly.

use crate::domain::ticket::StageTimes;
use std::collections::{HashMap, VecDeque};

/// The stage times this session's moves replaced, by ticket and the version each move
/// wrote: an undo at that version puts them back exactly (a first response implied by
/// the move is taken back too). Bounded; the oldest are forgotten first.
#[derive(Debug, Default)]
pub(crate) struct MoveMemory {
    before: HashMap<(i64, i64), StageTimes>,
    order: VecDeque<(i64, i64)>,
}

impl MoveMemory {
    const LIMIT: usize = 10_000;

    /// Keeps the times the move that wrote `version` of ticket `id` replaced.
    pub(crate) fn remember(&mut self, id: i64, version: i64, before: StageTimes) {
        if self.before.insert((id, version), before).is_none() {
            self.order.push_back((id, version));
        }
        while self.order.len() > Self::LIMIT {
            if let Some(k) = self.order.pop_front() {
                self.before.remove(&k);
            }
        }
    }

    /// The times before the move that wrote `version` of ticket `id`, if it was ours.
    pub(crate) fn before(&self, id: i64, version: i64) -> Option<StageTimes> {
        self.before.get(&(id, version)).copied()
    }

    /// Forgets a move once it was undone.
    pub(crate) fn forget(&mut self, id: i64, version: i64) {
        self.before.remove(&(id, version));
    }
}
