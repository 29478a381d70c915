//! The live queue: tickets newer than the newest one a list has seen (a keyset on
//! the id, never a reload), and unread customer activity per reader.

use super::Desk;
use crate::domain::filter::Filter;
use crate::domain::ticket::Ticket;
use crate::error::Result;
use crate::store::reads;
use crate::store::tickets::{self as st, Cursor, ListQuery, SortKey};

/// Tickets created after a list last looked.
#[derive(Debug, Clone, Default)]
pub struct NewTickets {
    /// Matching tickets numbered above the mark, oldest first (at most the limit).
    pub rows: Vec<Ticket>,
    /// More matched than the limit.
    pub more: bool,
    /// The newest ticket number now: the next check starts above it.
    pub newest: i64,
}

impl Desk {
    /// The highest ticket number so far: where a list starts watching for new ones.
    pub fn newest_ticket_id(&self) -> Result<i64> {
        st::newest_id(self.store.conn())
    }

    /// Tickets matching `filter` numbered above `above`, oldest first, at most
    /// `limit`: the id range above the mark is all the query reads.
    pub fn tickets_after(&self, filter: &Filter, above: i64, limit: usize) -> Result<NewTickets> {
        // Read the mark first: a ticket committed in between is found next time.
        let newest = st::newest_id(self.store.conn())?;
        if newest <= above {
            return Ok(NewTickets {
                newest: above,
                ..Default::default()
            });
        }
        self.check_filter(filter)?;
        let ctx = self.filter_context();
        let page = st::list(
            self.store.conn(),
            &ListQuery {
                filter,
                ctx: &ctx,
                sort: SortKey::Id,
                descending: false,
                after: Some(Cursor::after_id(above)),
                limit,
            },
        )?;
        let mut rows = page.rows;
        rows.retain(|t| t.id <= newest);
        Ok(NewTickets {
            more: page.next.is_some(),
            rows,
            newest,
        })
    }

    /// Which of `ids` have customer activity the acting user has not opened yet.
    pub fn unread_among(&self, ids: &[i64]) -> Result<Vec<i64>> {
        reads::unread_among(self.store.conn(), &self.actor, ids)
    }

    /// The acting user has seen ticket `id` as it is now (a read receipt: no
    /// version, no audit event, as opening a ticket changes nothing in it).
    pub fn mark_read(&mut self, id: i64) -> Result<()> {
        let actor = self.actor.clone();
        self.store.write(|c| reads::mark_read(c, &actor, id))
    }
}
