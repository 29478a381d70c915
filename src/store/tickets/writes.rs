//! Writing tickets: a new ticket, one with every column given (imports), and the
//! columns an update may set.

use crate::domain::text::CleanText;
use crate::domain::ticket::{Channel, NewTicket, Priority, Ticket};
use crate::error::Result;
use crate::store::write::{Columns, Entity, Stamp};
use crate::store::{params, Conn};

/// Inserts a ticket and returns its id.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &Conn,
    t: &NewTicket,
    stage: &str,
    at: i64,
    actor: &str,
    first_response_due: Option<i64>,
    resolution_due: Option<i64>,
) -> Result<i64> {
    conn.insert(
        "INSERT INTO tickets (title, body, stage, type, priority, channel, customer_id,
            assignee_id, created_at, updated_at, updated_by, first_response_due, resolution_due)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)",
        params![
            t.title.as_str(),
            t.body.as_str(),
            stage,
            t.ty,
            t.priority.rank(),
            t.channel.as_str(),
            t.customer_id,
            t.assignee_id,
            at,
            actor,
            first_response_due,
            resolution_due
        ],
    )
}

/// The columns a ticket update may set; `None` leaves a column as it is (text only as
/// [`CleanText`]). Every update also stamps `updated_at` / `updated_by`.
#[derive(Debug, Clone, Default)]
pub struct TicketUpdate {
    pub title: Option<CleanText>,
    pub body: Option<CleanText>,
    pub stage: Option<String>,
    pub ty: Option<String>,
    pub priority: Option<Priority>,
    pub channel: Option<Channel>,
    pub customer_id: Option<Option<i64>>,
    pub assignee_id: Option<Option<i64>>,
    pub group_id: Option<Option<String>>,
    pub first_response_at: Option<Option<i64>>,
    pub resolved_at: Option<Option<i64>>,
    pub closed_at: Option<Option<i64>>,
    pub first_response_due: Option<Option<i64>>,
    pub resolution_due: Option<Option<i64>>,
    /// `updated_at` when not the stamp's time (a replayed mail older than the last change).
    pub updated_at: Option<i64>,
}

impl Columns for TicketUpdate {
    const ENTITY: Entity = Entity::Ticket;

    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, crate::store::Value)> {
        let mut out: Vec<(&'static str, crate::store::Value)> = Vec::new();
        let text = |v: &Option<String>| v.clone().map(crate::store::Value::Text);
        let clean =
            |v: &Option<CleanText>| v.as_ref().map(|t| crate::store::Value::Text(t.to_string()));
        for (col, v) in [
            ("title", clean(&self.title)),
            ("body", clean(&self.body)),
            ("stage", text(&self.stage)),
            ("type", text(&self.ty)),
            (
                "priority",
                self.priority
                    .map(|p| crate::store::Value::Integer(p.rank())),
            ),
            (
                "channel",
                self.channel
                    .map(|c| crate::store::Value::Text(c.as_str().into())),
            ),
            (
                "group_id",
                self.group_id.clone().map(crate::store::Value::from),
            ),
        ] {
            if let Some(v) = v {
                out.push((col, v));
            }
        }
        for (col, v) in [
            ("customer_id", self.customer_id),
            ("assignee_id", self.assignee_id),
            ("first_response_at", self.first_response_at),
            ("resolved_at", self.resolved_at),
            ("closed_at", self.closed_at),
            ("first_response_due", self.first_response_due),
            ("resolution_due", self.resolution_due),
        ] {
            if let Some(v) = v {
                out.push((col, crate::store::Value::from(v)));
            }
        }
        out.push((
            "updated_at",
            crate::store::Value::Integer(self.updated_at.unwrap_or(stamp.at)),
        ));
        out.push(("updated_by", crate::store::Value::Text(stamp.actor.clone())));
        out
    }
}

/// Inserts a ticket with every column as given (demo data, imports; text cleaned);
/// returns its id. `t.id` is used when positive, so an export re-imports with the same ids.
pub fn insert_full(conn: &Conn, t: &Ticket) -> Result<i64> {
    let (title, body) = (CleanText::new(&t.title), CleanText::new(&t.body));
    let id = conn.insert(
        "INSERT INTO tickets (id, title, body, stage, type, priority, channel, customer_id,
            assignee_id, created_at, updated_at, updated_by, first_response_at, resolved_at,
            closed_at, first_response_due, resolution_due, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![
            (t.id > 0).then_some(t.id),
            title.as_str(),
            body.as_str(),
            t.stage,
            t.ty,
            t.priority.rank(),
            t.channel.as_str(),
            t.customer_id,
            t.assignee_id,
            t.created_at,
            t.updated_at,
            t.updated_by,
            t.first_response_at,
            t.resolved_at,
            t.closed_at,
            t.first_response_due,
            t.resolution_due,
            t.version
        ],
    )?;
    Ok(id)
}
