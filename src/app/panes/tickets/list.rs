//! The ticket list as a window over the whole result: a few pages of rows around
//! the selection, extended with keyset cursors in either direction, never by OFFSET,
//! and never the whole result.

use crate::app::chrome::cursor::{follow, stepped};
use crate::app::msg::{PageRequest, Slot, TicketsFx};
use crate::domain::filter::Filter;
use crate::domain::ticket::Ticket;
use crate::ops::TicketView;
use crate::store::tickets::{Cursor, SortKey};
use std::collections::{BTreeMap, BTreeSet};

/// Rows per page request.
pub const PAGE: usize = 100;
/// Rows of a list's first page: a screenful (a taller screen's rest follows at once
/// through `prefetch`), so a new filter reads half as much before its first frame.
pub const FIRST_PAGE: usize = 50;
/// The most rows kept in the window; the far end is dropped beyond this.
pub const WINDOW: usize = 600;

/// The ticket list: filter, sort, the loaded window, selection and marks.
#[derive(Debug, Clone)]
pub struct TicketList {
    /// Bumped whenever filter or sort change; older pages are ignored.
    pub gen: u64,
    pub filter_text: String,
    pub filter: Filter,
    pub sort: SortKey,
    pub descending: bool,
    pub rows: Vec<TicketView>,
    /// Position of `rows[0]` in the whole result.
    pub first_index: i64,
    pub more_before: bool,
    pub more_after: bool,
    /// Index into `rows`.
    pub selected: usize,
    /// First visible row, index into `rows`.
    pub offset: usize,
    /// Matching tickets, when counted.
    pub total: Option<i64>,
    /// A page request is out.
    pub loading: bool,
    /// Marked for bulk changes: id → the ticket as seen when marked.
    pub marked: BTreeMap<i64, Ticket>,
    /// The newest ticket number the list has looked at (None until the first look).
    pub newest: Option<i64>,
    /// Tickets that arrived while the user was scrolled away ("N new").
    pub fresh: usize,
    /// More arrived than `fresh` counts.
    pub fresh_more: bool,
    /// Loaded tickets with customer activity the user has not opened.
    pub unread: BTreeSet<i64>,
}

impl Default for TicketList {
    fn default() -> Self {
        TicketList {
            gen: 0,
            filter_text: String::new(),
            filter: Filter::default(),
            sort: SortKey::Id,
            descending: true,
            rows: Vec::new(),
            first_index: 0,
            more_before: false,
            more_after: false,
            selected: 0,
            offset: 0,
            total: None,
            loading: false,
            marked: BTreeMap::new(),
            newest: None,
            fresh: 0,
            fresh_more: false,
            unread: BTreeSet::new(),
        }
    }
}

/// The due time whose countdown a row shows: the next SLA limit as the engine
/// stores it (the one `sla next`, `g b` and sorting by due use), while the ticket is
/// not done.
pub fn due_of(v: &TicketView) -> Option<i64> {
    if !v.stage_kind.map(|k| k.is_active()).unwrap_or(true) {
        return None;
    }
    v.ticket.next_due
}

impl TicketList {
    /// The selected row.
    pub fn current(&self) -> Option<&TicketView> {
        self.rows.get(self.selected)
    }

    fn request(
        &self,
        slot: Slot,
        descending: bool,
        after: Option<Cursor>,
        limit: usize,
    ) -> TicketsFx {
        TicketsFx::LoadPage(PageRequest {
            gen: self.gen,
            filter: self.filter.clone(),
            sort: self.sort,
            descending,
            after,
            limit,
            slot,
        })
    }

    fn cursor(&self, t: &Ticket) -> Cursor {
        Cursor::of(t, self.sort)
    }

    /// Starts a new list for the current filter and sort; returns the loads.
    pub fn reset(&mut self) -> Vec<TicketsFx> {
        self.gen += 1;
        self.loading = true;
        self.total = None;
        self.newest = None;
        self.fresh = 0;
        self.fresh_more = false;
        // Watching starts before the first page, so nothing falls in between.
        vec![
            self.watch_from_now(),
            self.request(Slot::Reset, self.descending, None, FIRST_PAGE),
            TicketsFx::Count {
                gen: self.gen,
                filter: self.filter.clone(),
            },
        ]
    }

    /// Reloads from the top visible row, keeping the selected ticket (for refreshes).
    pub fn reload(&mut self, height: usize) -> Vec<TicketsFx> {
        let Some(top) = self.rows.get(self.offset) else {
            return self.reset();
        };
        // An inclusive start: one id before the top row in the query's direction.
        let cursor = Cursor::at(&top.ticket, self.sort, self.descending);
        let keep = self.current().map(|v| v.ticket.id);
        self.loading = true;
        let limit = (height * 2).max(PAGE);
        vec![
            self.request(Slot::Reload { keep }, self.descending, Some(cursor), limit),
            TicketsFx::Count {
                gen: self.gen,
                filter: self.filter.clone(),
            },
        ]
    }

    /// Jumps to the end of the list.
    pub fn bottom(&mut self, height: usize) -> Vec<TicketsFx> {
        if !self.more_after {
            self.select(self.rows.len().saturating_sub(1), height);
            return Vec::new();
        }
        self.loading = true;
        vec![self.request(Slot::Bottom, !self.descending, None, PAGE)]
    }

    /// Jumps to the start of the list.
    pub fn top(&mut self, height: usize) -> Vec<TicketsFx> {
        if self.more_before {
            self.loading = true;
            return vec![self.request(Slot::Reset, self.descending, None, FIRST_PAGE)];
        }
        self.select(0, height);
        self.prefetch(height)
    }

    /// Moves the selection by `delta` rows and asks for more rows near either end.
    pub fn step(&mut self, delta: i64, height: usize) -> Vec<TicketsFx> {
        if self.rows.is_empty() {
            return Vec::new();
        }
        let target = stepped(self.selected, delta, self.rows.len());
        self.select(target, height);
        self.prefetch(height)
    }

    /// Selects row `i` and scrolls so it is visible.
    pub fn select(&mut self, i: usize, height: usize) {
        if self.rows.is_empty() {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = i.min(self.rows.len() - 1);
        self.offset = follow(self.selected, self.offset, height);
    }

    /// Scrolls the view by `delta` rows, dragging the selection along if needed.
    pub fn scroll(&mut self, delta: i64, height: usize) -> Vec<TicketsFx> {
        if self.rows.is_empty() {
            return Vec::new();
        }
        let max_offset = self.rows.len().saturating_sub(height.max(1));
        self.offset = (self.offset as i64 + delta).clamp(0, max_offset as i64) as usize;
        let sel = self
            .selected
            .clamp(self.offset, self.offset + height.max(1) - 1);
        self.selected = sel.min(self.rows.len() - 1);
        self.prefetch(height)
    }

    /// Loads the next or previous page when the selection nears an end of the window.
    pub fn prefetch(&mut self, height: usize) -> Vec<TicketsFx> {
        if self.at_top() {
            // Back at the top by hand: the arrivals are in view.
            self.fresh = 0;
            self.fresh_more = false;
        }
        if self.loading || self.rows.is_empty() {
            return Vec::new();
        }
        let margin = height.max(10);
        if self.more_after && self.selected + margin >= self.rows.len() {
            self.loading = true;
            let last = self.cursor(&self.rows[self.rows.len() - 1].ticket);
            return vec![self.request(Slot::Append, self.descending, Some(last), PAGE)];
        }
        if self.more_before && self.selected < margin {
            self.loading = true;
            let first = self.cursor(&self.rows[0].ticket);
            return vec![self.request(Slot::Prepend, !self.descending, Some(first), PAGE)];
        }
        Vec::new()
    }

    /// Puts a loaded page into the window.
    pub fn apply_page(&mut self, slot: Slot, mut rows: Vec<TicketView>, more: bool, height: usize) {
        self.loading = false;
        match slot {
            Slot::Reset => {
                self.fresh = 0;
                self.fresh_more = false;
                self.rows = rows;
                self.first_index = 0;
                self.more_before = false;
                self.more_after = more;
                self.offset = 0;
                self.selected = 0;
            }
            Slot::Append => {
                self.rows.append(&mut rows);
                self.more_after = more;
                self.trim_front(height);
            }
            Slot::Prepend => {
                rows.reverse();
                let n = rows.len();
                rows.append(&mut self.rows);
                self.rows = rows;
                self.first_index = (self.first_index - n as i64).max(0);
                self.more_before = more;
                self.selected += n;
                self.offset += n;
                self.trim_back();
            }
            Slot::Bottom => {
                rows.reverse();
                let n = rows.len();
                self.rows = rows;
                self.first_index = self.total.map(|t| (t - n as i64).max(0)).unwrap_or(0);
                self.more_before = more;
                self.more_after = false;
                self.offset = 0;
                self.select(n.saturating_sub(1), height);
            }
            Slot::Reload { keep } => {
                let screen_pos = self.selected.saturating_sub(self.offset);
                self.first_index += self.offset as i64;
                self.more_before = self.first_index > 0;
                self.rows = rows;
                self.more_after = more;
                self.offset = 0;
                let found = keep.and_then(|id| self.rows.iter().position(|r| r.ticket.id == id));
                self.selected = found.unwrap_or(screen_pos);
                let sel = self.selected;
                self.select(sel, height);
            }
        }
        if self.selected >= self.rows.len() {
            self.selected = self.rows.len().saturating_sub(1);
        }
        // Marked tickets that were reloaded keep their newest version for bulk changes.
        for r in &self.rows {
            if let Some(m) = self.marked.get_mut(&r.ticket.id) {
                *m = r.ticket.clone();
            }
        }
    }

    fn trim_front(&mut self, height: usize) {
        if self.rows.len() <= WINDOW {
            return;
        }
        let cut = (self.rows.len() - WINDOW).min(self.offset);
        if cut == 0 {
            return;
        }
        self.rows.drain(..cut);
        self.first_index += cut as i64;
        self.more_before = true;
        self.selected -= cut;
        self.offset -= cut;
        let sel = self.selected;
        self.select(sel, height);
    }

    /// Drops rows past the window's size at the far end.
    pub(super) fn trim_back(&mut self) {
        if self.rows.len() <= WINDOW {
            return;
        }
        let keep = WINDOW.max(self.offset + PAGE);
        if self.rows.len() > keep {
            self.rows.truncate(keep);
            self.more_after = true;
        }
    }

    /// Replaces a ticket everywhere it is shown, after a write.
    pub fn update_ticket(&mut self, view: &TicketView) {
        for r in self
            .rows
            .iter_mut()
            .filter(|r| r.ticket.id == view.ticket.id)
        {
            *r = view.clone();
        }
        if let Some(m) = self.marked.get_mut(&view.ticket.id) {
            *m = view.ticket.clone();
        }
    }

    /// The 1-based position of the selection in the whole result.
    pub fn position(&self) -> i64 {
        self.first_index + self.selected as i64 + 1
    }
}

#[cfg(test)]
#[path = "list_tests.rs"]
pub(crate) mod tests;
