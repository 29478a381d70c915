//! Tickets and comments: insert, read, keyset-paged filtered lists, compare-and-swap
//! updates. One job per file: the row's columns (`columns`), writes (`writes`),
//! comments, sort orders and cursors (`sort`), a filter as SQL (`filter_sql`), a
//! page's conditions (`conditions`), pages (`list`, with `by_name` and `matches`),
//! counts (`count`); `test_pages` holds the list tests' paging helpers.

use super::{params, Conn};
use crate::domain::ticket::Ticket;
use crate::error::{Error, Result};
use columns::{cols, from_row, FROM};

mod by_name;
mod columns;
mod comments;
mod conditions;
mod count;
mod filter_sql;
mod list;
mod matches;
mod sort;
#[cfg(test)]
pub(crate) mod test_pages;
#[cfg(test)]
mod updated_order_tests;
mod writes;

pub use comments::{comments, insert_comment};
#[cfg(test)]
pub(crate) use conditions::FEW as FEW_MATCHES;
#[cfg(test)]
pub(crate) use count::count_within_plan;
pub use count::{count, count_upto, stage_counts};
pub(crate) use filter_sql::where_clauses;
pub use filter_sql::FilterContext;
pub use list::{list, list_plan, ListQuery, Page};
pub use sort::{Cursor, SortKey};
pub use writes::{insert, insert_full, TicketUpdate};

/// One ticket by id.
pub fn get(conn: &Conn, id: i64) -> Result<Ticket> {
    find(conn, id)?.ok_or_else(|| Error::NotFound {
        what: "ticket",
        key: format!("#{id}"),
        hint: Some("list tickets with: aftercare ticket list".into()),
    })
}

/// The highest ticket number so far (0 in an empty database): the rowid's end.
pub fn newest_id(conn: &Conn) -> Result<i64> {
    conn.one("SELECT COALESCE(max(id), 0) FROM tickets", params![])
}

/// One ticket by id, if it exists.
pub fn find(conn: &Conn, id: i64) -> Result<Option<Ticket>> {
    conn.query_opt(
        &format!("{} {FROM} WHERE t.id = ?1", cols(conn)),
        params![id],
        from_row,
    )
}

/// The newest tickets of one customer.
pub fn list_for_customer(conn: &Conn, customer_id: i64, limit: usize) -> Result<Vec<Ticket>> {
    conn.query_map(
        &format!(
            "{} {FROM} WHERE t.customer_id = ?1 ORDER BY t.id DESC LIMIT ?2",
            cols(conn)
        ),
        params![customer_id, limit as i64],
        from_row,
    )
}
