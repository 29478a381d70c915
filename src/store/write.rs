//! Every change goes through here: a compare-and-swap update of one record and its
//! audit events, in the caller's transaction, returning what that transaction wrote.
//! Callers read the record back (if they need more) inside the same transaction, so
//! nothing they report comes from a later writer.

use super::{params, Conn, Value};
use crate::error::{Error, Result};

/// Who writes and when: stamped on every audit event and `updated_*` column of a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub at: i64,
    pub actor: String,
}

impl Stamp {
    /// A stamp for `actor` at `at` (Unix seconds).
    pub fn new(at: i64, actor: impl Into<String>) -> Stamp {
        Stamp {
            at,
            actor: actor.into(),
        }
    }
}

/// A kind of record the audit log names; the versioned ones know their table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Ticket,
    Customer,
    Agent,
    Article,
    Project,
    Milestone,
    Task,
    Risk,
    Issue,
    Document,
    Retro,
    Incident,
    Visit,
    TimeEntry,
    /// A message of the mail outbox.
    Mail,
    /// The database file itself (its journal mode); no versioned record.
    Database,
}

impl Entity {
    /// The name in the audit log (and in messages).
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Ticket => "ticket",
            Entity::Customer => "customer",
            Entity::Agent => "agent",
            Entity::Article => "article",
            Entity::Project => "project",
            Entity::Milestone => "milestone",
            Entity::Task => "task",
            Entity::Risk => "risk",
            Entity::Issue => "issue",
            Entity::Document => "document",
            Entity::Retro => "retro",
            Entity::Incident => "incident",
            Entity::Visit => "visit",
            Entity::TimeEntry => "time_entry",
            Entity::Mail => "mail",
            Entity::Database => "database",
        }
    }

    /// The table and its key column; none for the file itself.
    fn table(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            Entity::Ticket => ("tickets", "id"),
            Entity::Customer => ("customers", "id"),
            Entity::Agent => ("agents", "id"),
            Entity::Article => ("kb_articles", "id"),
            Entity::Project => ("projects", "id"),
            Entity::Milestone => ("milestones", "id"),
            Entity::Task => ("tasks", "id"),
            Entity::Risk => ("risks", "id"),
            Entity::Issue => ("project_issues", "id"),
            Entity::Document => ("project_documents", "id"),
            // One retrospective per project, keyed by it.
            Entity::Retro => ("project_retros", "project_id"),
            Entity::Incident => ("incidents", "id"),
            Entity::Visit => ("visits", "id"),
            Entity::TimeEntry => ("time_entries", "id"),
            Entity::Mail => ("outbox", "id"),
            Entity::Database => return None,
        })
    }

    /// The table of a versioned record; an entity without one cannot be updated.
    fn versioned(self) -> Result<(&'static str, &'static str)> {
        self.table()
            .ok_or_else(|| Error::msg(format!("a {self} has no versioned record to update")))
    }
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One audit event of a write: what was done to which field, from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    pub action: &'static str,
    /// The field; a store constant, or a name the store builds (never user text).
    pub field: Option<std::borrow::Cow<'static, str>>,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Event {
    /// An event with every part given.
    pub fn new(
        action: &'static str,
        field: &'static str,
        old: Option<String>,
        new: Option<String>,
    ) -> Event {
        Event {
            action,
            field: Some(field.into()),
            old,
            new,
        }
    }

    /// A field set to `new` where nothing was before (creations, additions).
    pub fn set(action: &'static str, field: &'static str, new: impl Into<String>) -> Event {
        Event::new(action, field, None, Some(new.into()))
    }

    /// An `edit` of one field from `old` to `new`.
    pub fn edit(field: &'static str, old: impl Into<String>, new: impl Into<String>) -> Event {
        Event::new("edit", field, Some(old.into()), Some(new.into()))
    }
}

/// What one write wrote: the record's new version and the events (changed values) it
/// recorded, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub version: i64,
    pub events: Vec<Event>,
}

impl Written {
    /// The new value of the last event on `field`, if this write changed it.
    pub fn new_value(&self, field: &str) -> Option<&str> {
        self.events
            .iter()
            .rev()
            .find(|e| e.field.as_deref() == Some(field))
            .and_then(|e| e.new.as_deref())
    }
}

/// The columns one update of a record sets, implemented beside the table's other SQL.
/// The version column is `update`'s business, never a `Columns`'.
pub trait Columns {
    /// The kind of record, and so the table.
    const ENTITY: Entity;
    /// `(column, value)` pairs to set; column names are the store's own, never user text.
    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, Value)>;
}

/// Updates record `id` if it is still at version `expected` (compare-and-swap): sets
/// `cols`, bumps the version and appends `events` stamped with the new version, all in
/// the caller's transaction. A stale version is a conflict naming who changed the
/// record and when; a missing record is not found.
pub fn update<C: Columns>(
    conn: &Conn,
    stamp: &Stamp,
    id: i64,
    expected: i64,
    cols: &C,
    events: Vec<Event>,
) -> Result<Written> {
    let entity = C::ENTITY;
    let (table, key) = entity.versioned()?;
    let mut values = cols.columns(stamp);
    let mut sets: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, (col, _))| format!("{col} = ?{}", i + 1))
        .collect();
    sets.push("version = version + 1".into());
    let n = values.len();
    let sql = format!(
        "UPDATE {table} SET {} WHERE {key} = ?{} AND version = ?{}",
        sets.join(", "),
        n + 1,
        n + 2
    );
    values.push(("", Value::Integer(id)));
    values.push(("", Value::Integer(expected)));
    let args: Vec<&dyn super::Param> = values.iter().map(|(_, v)| v as &dyn super::Param).collect();
    let changed = conn.execute(&sql, &args)?;
    if changed != 1 {
        return Err(refused(conn, entity, id, expected)?);
    }
    let version = expected + 1;
    for e in &events {
        append(conn, stamp, entity, id, Some(version), e)?;
    }
    Ok(Written { version, events })
}

/// Appends `events` about record `id` that this write did not version (its creation at
/// version 1, a link, a note): `version` is the record's version they refer to.
pub fn record(
    conn: &Conn,
    stamp: &Stamp,
    entity: Entity,
    id: i64,
    version: Option<i64>,
    events: &[Event],
) -> Result<()> {
    for e in events {
        append(conn, stamp, entity, id, version, e)?;
    }
    Ok(())
}

/// Refuses with a conflict when the caller expected another version than `current`.
pub fn check_version(
    conn: &Conn,
    entity: Entity,
    id: i64,
    expected: Option<i64>,
    current: i64,
) -> Result<()> {
    match expected {
        Some(v) if v != current => Err(conflict(conn, entity, id, v, current)),
        _ => Ok(()),
    }
}

/// The conflict error for `entity` #`id`: who changed it last, and when.
pub fn conflict(conn: &Conn, entity: Entity, id: i64, yours: i64, theirs: i64) -> Error {
    let who = super::audit::last(conn, entity.as_str(), id).ok().flatten();
    let by = who
        .map(|e| format!(" by {} at {}", e.actor, crate::domain::time::short(e.at)))
        .unwrap_or_default();
    Error::Conflict {
        message: format!(
            "{entity} #{id} was changed{by} (it is at version {theirs}, you had version {yours})"
        ),
        hint: format!("look at the change (aftercare {entity} show {id}) and apply yours again"),
    }
}

/// Why an update changed nothing: the record is gone, or at another version.
fn refused(conn: &Conn, entity: Entity, id: i64, expected: i64) -> Result<Error> {
    let (table, key) = entity.versioned()?;
    let current: Option<i64> = conn.query_opt(
        &format!("SELECT version FROM {table} WHERE {key} = ?1"),
        params![id],
        |r| r.get(0),
    )?;
    Ok(match current {
        None => Error::not_found(entity.as_str(), format!("#{id}")),
        Some(v) => conflict(conn, entity, id, expected, v),
    })
}

fn append(
    conn: &Conn,
    stamp: &Stamp,
    entity: Entity,
    id: i64,
    version: Option<i64>,
    e: &Event,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit (at, actor, entity, entity_id, action, field, old, new, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            stamp.at,
            stamp.actor,
            entity.as_str(),
            id,
            e.action,
            e.field,
            e.old,
            e.new,
            version
        ],
    )?;
    Ok(())
}
