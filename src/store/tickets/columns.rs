//! The columns a ticket row is read from, and reading them.

use crate::domain::ticket::{Channel, Priority, Ticket};
use crate::error::Result;
use crate::store::{Conn, Row};

/// The columns `row_at` reads.
const COLS: &str = "SELECT t.id, t.title, t.body, t.stage, t.type, t.priority, t.channel,
    t.customer_id, c.name, t.assignee_id, a.name, t.created_at, t.updated_at, t.updated_by,
    t.first_response_at, t.resolved_at, t.closed_at, t.first_response_due, t.resolution_due,
    NULLIF(MIN(IFNULL(t.sla_due_at, 4611686018427387904), IFNULL(t.stage_due, 4611686018427387904)), 4611686018427387904),
    t.version";

/// `COLS` on PostgreSQL, where the smaller of two values is LEAST and IFNULL is COALESCE.
const COLS_PG: &str = "SELECT t.id, t.title, t.body, t.stage, t.type, t.priority, t.channel,
    t.customer_id, c.name, t.assignee_id, a.name, t.created_at, t.updated_at, t.updated_by,
    t.first_response_at, t.resolved_at, t.closed_at, t.first_response_due, t.resolution_due,
    NULLIF(LEAST(COALESCE(t.sla_due_at, 4611686018427387904), COALESCE(t.stage_due, 4611686018427387904)), 4611686018427387904),
    t.version";

/// The columns `row_at` reads, as the engine spells them.
pub(super) fn cols(conn: &Conn) -> &'static str {
    conn.pick(COLS, COLS_PG)
}

/// Tickets with their customer's and assignee's names.
pub(super) const FROM: &str = "FROM tickets t
    LEFT JOIN customers c ON c.id = t.customer_id
    LEFT JOIN agents a ON a.id = t.assignee_id";

pub(super) fn from_row(r: &Row<'_>) -> Result<Ticket> {
    row_at(r, 0)
}

/// Reads a ticket from the SELECT columns starting at column `o`.
pub(super) fn row_at(r: &Row<'_>, o: usize) -> Result<Ticket> {
    let prio: i64 = r.get(o + 5)?;
    let chan: String = r.get(o + 6)?;
    Ok(Ticket {
        id: r.get(o)?,
        title: r.get(o + 1)?,
        body: r.get(o + 2)?,
        stage: r.get(o + 3)?,
        ty: r.get(o + 4)?,
        priority: Priority::from_rank(prio).unwrap_or(Priority::Normal),
        channel: chan.parse().unwrap_or(Channel::Other),
        customer_id: r.get(o + 7)?,
        customer: r.get(o + 8)?,
        assignee_id: r.get(o + 9)?,
        assignee: r.get(o + 10)?,
        created_at: r.get(o + 11)?,
        updated_at: r.get(o + 12)?,
        updated_by: r.get(o + 13)?,
        first_response_at: r.get(o + 14)?,
        resolved_at: r.get(o + 15)?,
        closed_at: r.get(o + 16)?,
        first_response_due: r.get(o + 17)?,
        resolution_due: r.get(o + 18)?,
        next_due: r.get(o + 19)?,
        version: r.get(o + 20)?,
    })
}
