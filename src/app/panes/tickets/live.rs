//! The live queue on the list window: tickets that arrive while the list is open
//! (found by a keyset on the id above the newest one the list has seen), shown at
//! the top with the cursor on the same ticket, or counted on an "N new" line when
//! the user has scrolled away; and the unread marks of customer activity.

use super::list::{TicketList, PAGE};
use crate::app::msg::{NewCheck, PageRequest, Slot, TicketsFx};
use crate::ops::TicketView;
use crate::store::tickets::SortKey;

impl TicketList {
    /// The look for new tickets, once the list knows the newest one it has seen.
    pub fn check_new(&self) -> Option<TicketsFx> {
        self.newest.map(|above| {
            TicketsFx::CheckNew(NewCheck {
                gen: self.gen,
                filter: self.filter.clone(),
                above: Some(above),
            })
        })
    }

    /// The look that only learns where a new list starts watching.
    pub(super) fn watch_from_now(&self) -> TicketsFx {
        TicketsFx::CheckNew(NewCheck {
            gen: self.gen,
            filter: self.filter.clone(),
            above: None,
        })
    }

    /// The first rows of the whole result are on screen.
    pub fn at_top(&self) -> bool {
        !self.more_before && self.first_index == 0 && self.offset == 0
    }

    /// Takes the tickets that arrived (newest first): at the top of an id-ordered
    /// list that shows its top, on the "N new" line otherwise. Returns the loads
    /// this needs (a list in another order reloads its top rows).
    pub fn take_new(
        &mut self,
        rows: Vec<TicketView>,
        more: bool,
        newest: i64,
        height: usize,
    ) -> Vec<TicketsFx> {
        self.newest = Some(newest.max(self.newest.unwrap_or(0)));
        // A ticket already in the window came with a page (it arrived between the
        // start of the watch and the first page).
        let mut rows: Vec<TicketView> = rows
            .into_iter()
            .filter(|r| !self.rows.iter().any(|x| x.ticket.id == r.ticket.id))
            .collect();
        if rows.is_empty() && !more {
            return Vec::new();
        }
        let quiet = !self.loading && self.fresh == 0 && !more;
        match (self.sort, self.descending) {
            (SortKey::Id, true) if quiet && self.at_top() => {
                rows.sort_by_key(|r| std::cmp::Reverse(r.ticket.id));
                let n = rows.len();
                rows.append(&mut self.rows);
                self.rows = rows;
                let sel = self.selected + n;
                self.select(sel, height);
                self.trim_back();
                Vec::new()
            }
            (SortKey::Id, false) if !self.more_after && !self.loading && !more => {
                // Ascending: the newest are the last rows, and the window holds them.
                rows.sort_by_key(|r| r.ticket.id);
                self.rows.append(&mut rows);
                Vec::new()
            }
            (SortKey::Id, false) => Vec::new(),
            _ if quiet && self.at_top() => {
                // They sort anywhere: read the top rows again, keeping the selection.
                self.loading = true;
                let keep = self.current().map(|v| v.ticket.id);
                vec![TicketsFx::LoadPage(PageRequest {
                    gen: self.gen,
                    filter: self.filter.clone(),
                    sort: self.sort,
                    descending: self.descending,
                    after: None,
                    limit: (height * 2).max(PAGE),
                    slot: Slot::Reload { keep },
                })]
            }
            _ => {
                self.fresh += rows.len();
                self.fresh_more |= more;
                Vec::new()
            }
        }
    }

    /// `.`: the list from its top, where the new tickets are.
    pub fn show_new(&mut self, height: usize) -> Vec<TicketsFx> {
        self.fresh = 0;
        self.fresh_more = false;
        if self.at_top() && !self.loading {
            self.select(0, height);
            return Vec::new();
        }
        self.loading = true;
        vec![TicketsFx::LoadPage(PageRequest {
            gen: self.gen,
            filter: self.filter.clone(),
            sort: self.sort,
            descending: self.descending,
            after: None,
            limit: PAGE,
            slot: Slot::Reset,
        })]
    }

    /// Records which of the loaded `ids` have unread customer activity.
    pub fn set_unread(&mut self, ids: impl IntoIterator<Item = i64>, unread: &[i64]) {
        for id in ids {
            self.unread.remove(&id);
        }
        self.unread.extend(unread.iter().copied());
    }
}
