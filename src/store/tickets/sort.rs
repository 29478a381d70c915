//! The orders a ticket list can have, and the cursor where a page starts.

use super::by_name;
use crate::domain::ticket::Ticket;
use crate::store::{Conn, Engine, Value};

/// A column a ticket list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Id,
    Created,
    Updated,
    Priority,
    Due,
    Stage,
    Type,
    Channel,
    Title,
    Customer,
    Assignee,
}

impl SortKey {
    /// Every sort key, in column order.
    pub const ALL: [SortKey; 11] = [
        SortKey::Id,
        SortKey::Due,
        SortKey::Priority,
        SortKey::Type,
        SortKey::Stage,
        SortKey::Customer,
        SortKey::Assignee,
        SortKey::Title,
        SortKey::Channel,
        SortKey::Created,
        SortKey::Updated,
    ];

    /// The name used by commands (`--sort due`).
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Id => "id",
            SortKey::Created => "created",
            SortKey::Updated => "updated",
            SortKey::Priority => "priority",
            SortKey::Due => "due",
            SortKey::Stage => "stage",
            SortKey::Type => "type",
            SortKey::Channel => "channel",
            SortKey::Title => "title",
            SortKey::Customer => "customer",
            SortKey::Assignee => "assignee",
        }
    }

    /// Parses a sort key name.
    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether a walk of this order's index meets the open tickets (never resolved)
    /// before the others: through an index of open tickets alone (`tickets_open_*` of
    /// migrations 019 and 020), or because they lead the order — the newest ids and
    /// creation times first, or the soonest due first (closed tickets have nothing due).
    pub(crate) fn walks_open_first(self, descending: bool) -> bool {
        match self {
            SortKey::Priority
            | SortKey::Type
            | SortKey::Channel
            | SortKey::Title
            | SortKey::Customer
            | SortKey::Assignee
            | SortKey::Updated => true,
            SortKey::Id | SortKey::Created => descending,
            SortKey::Due => !descending,
            SortKey::Stage => false,
        }
    }

    /// The table this order is read from beside the ticket (`u`): on PostgreSQL the
    /// last update's order is `ticket_updates` (migration 024), so that a ticket's
    /// own update changes none of its indexed columns and is written in place (HOT).
    pub(crate) fn join(self, conn: &Conn) -> Option<&'static str> {
        (self == SortKey::Updated && conn.engine() == Engine::Postgres)
            .then_some("JOIN ticket_updates u ON u.id = t.id")
    }

    /// The id that breaks ties of the sort value, in the order and the cursor: the
    /// joined table's own when there is one, so its `(updated_at, id)` index answers
    /// both (a row comparison is an index condition only on one table's columns).
    pub(crate) fn id_expr(self, conn: &Conn) -> &'static str {
        match self.join(conn) {
            Some(_) => "u.id",
            None => "t.id",
        }
    }

    /// The sort expression; the due-time one is written as the engine's index has it.
    pub(crate) fn expr(self, conn: &Conn) -> &'static str {
        match self {
            SortKey::Id => "t.id",
            SortKey::Created => "t.created_at",
            // PostgreSQL keeps this order beside the ticket (`join`).
            SortKey::Updated => conn.pick("t.updated_at", "u.updated_at"),
            SortKey::Priority => "t.priority",
            // The next SLA limit as `sla next` orders (MISSING_DUE written out so the
            // expression matches the index of migration 012): nothing due sorts last.
            SortKey::Due => conn.pick(
                "MIN(IFNULL(t.sla_due_at, 4611686018427387904), IFNULL(t.stage_due, 4611686018427387904))",
                "LEAST(COALESCE(t.sla_due_at, 4611686018427387904), COALESCE(t.stage_due, 4611686018427387904))",
            ),
            SortKey::Stage => "t.stage",
            SortKey::Type => "t.type",
            SortKey::Channel => "t.channel",
            SortKey::Title => "t.title",
            // Names in pinyin order (migration 016); `by_name` lists these.
            SortKey::Customer => conn.pick("IFNULL(c.sort_key, X'')", "COALESCE(c.sort_key, ''::bytea)"),
            SortKey::Assignee => conn.pick("IFNULL(a.sort_key, X'')", "COALESCE(a.sort_key, ''::bytea)"),
        }
    }
}

/// Where a page starts: the sort value and id of a row. Opaque outside the store,
/// which alone knows how each key is ordered.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    pub(super) value: Value,
    pub(super) id: i64,
    /// The customer's or assignee's id in a list sorted by their name (0: none), which
    /// orders rows of two people of the same name; 0 in other sorts.
    pub(super) by: i64,
}

/// Where a missing due time sorts: after every real one (the same constant is in the
/// due-time indexes of migrations 001 and 007).
const MISSING_DUE: i64 = 4_611_686_018_427_387_904;

impl Cursor {
    /// The cursor of `t` in `sort` order: a page after it starts with the next row.
    pub fn of(t: &Ticket, sort: SortKey) -> Cursor {
        let value = match sort {
            SortKey::Id => Value::Integer(t.id),
            SortKey::Created => Value::Integer(t.created_at),
            SortKey::Updated => Value::Integer(t.updated_at),
            SortKey::Priority => Value::Integer(t.priority.rank()),
            SortKey::Due => Value::Integer(t.next_due.unwrap_or(MISSING_DUE)),
            SortKey::Stage => Value::Text(t.stage.clone()),
            SortKey::Type => Value::Text(t.ty.clone()),
            SortKey::Channel => Value::Text(t.channel.as_str().to_string()),
            SortKey::Title => Value::Text(t.title.clone()),
            SortKey::Customer => {
                return by_name::cursor(t.customer.as_deref(), t.customer_id, t.id)
            }
            SortKey::Assignee => {
                return by_name::cursor(t.assignee.as_deref(), t.assignee_id, t.id)
            }
        };
        Cursor {
            value,
            id: t.id,
            by: 0,
        }
    }

    /// A cursor whose page starts at `t` itself (inclusive), read in the given direction.
    pub fn at(t: &Ticket, sort: SortKey, descending: bool) -> Cursor {
        let mut c = Cursor::of(t, sort);
        c.id += if descending { 1 } else { -1 };
        c
    }

    /// The cursor of ticket number `id` in id order: an ascending page after it
    /// holds only newer tickets (the live queue's keyset).
    pub fn after_id(id: i64) -> Cursor {
        Cursor {
            value: Value::Integer(id),
            id,
            by: 0,
        }
    }

    /// The id of the row the cursor stands on.
    pub fn id(&self) -> i64 {
        self.id
    }
}
