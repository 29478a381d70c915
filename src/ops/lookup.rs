//! Finding what users name: the ticket as it is now (version checked), agents and
//! customers by id, name or email, priorities and channels by name; and how a
//! refused stage move is said. Every operation looks these up the same way.

use crate::domain::ticket::{Channel, Priority, Ticket};
use crate::domain::workflow::MoveError;
use crate::error::{Error, Result};
use crate::store::tickets as st;
use crate::store::write::{self, Entity, Stamp};
use crate::store::Conn;
use crate::store::{agents, customers};

/// The ticket as it is now, refusing when the caller's version is stale.
pub(crate) fn current(c: &Conn, id: i64, expected: Option<i64>) -> Result<Ticket> {
    let t = st::get(c, id)?;
    write::check_version(c, Entity::Ticket, id, expected, t.version)?;
    Ok(t)
}

/// A refused move, said with the stages the workflow allows.
pub(crate) fn move_error(t: &Ticket, e: MoveError) -> Error {
    match e {
        MoveError::UnknownStage { stage, known } => Error::invalid(
            format!("unknown stage '{stage}' for a {} ticket", t.ty),
            format!("stages of this ticket's workflow: {}", known.join(", ")),
        ),
        MoveError::NotAllowed { from, to, allowed } => Error::invalid(
            format!("ticket #{} cannot move from '{from}' to '{to}'", t.id),
            if allowed.is_empty() {
                format!("'{from}' has no moves in the workflow")
            } else {
                format!("allowed from '{from}': {}", allowed.join(", "))
            },
        ),
        MoveError::AlreadyThere(s) => Error::msg(format!("ticket #{} is already in '{s}'", t.id)),
    }
}

/// Parses a priority with a helpful error.
pub fn parse_priority(s: &str) -> Result<Priority> {
    s.parse::<Priority>()
        .map_err(|e| Error::invalid(e, "use low, normal, high or urgent"))
}

/// Parses a channel with a helpful error.
pub fn parse_channel(s: &str) -> Result<Channel> {
    s.parse::<Channel>().map_err(|e| {
        Error::invalid(
            e,
            format!("use {}", Channel::ALL.map(|c| c.as_str()).join(", ")),
        )
    })
}

/// An agent id from a name or id.
pub(crate) fn resolve_agent(c: &Conn, key: &str) -> Result<i64> {
    let key = key.trim();
    if let Ok(id) = key.trim_start_matches('#').parse::<i64>() {
        return Ok(agents::get(c, id)?.id);
    }
    agents::by_name(c, key)?
        .map(|a| a.id)
        .ok_or_else(|| Error::NotFound {
            what: "agent",
            key: format!("'{key}'"),
            hint: Some(
                "list agents with: aftercare agent list; add one with: aftercare agent new NAME"
                    .into(),
            ),
        })
}

/// The agent named by login or name (a new record's owner or assignee), when one is.
pub(crate) fn agent_opt(c: &Conn, key: Option<&str>) -> Result<Option<i64>> {
    key.map(|k| resolve_agent(c, k)).transpose()
}

/// The owner or assignee after an edit: the agent named, or else the old one.
pub(crate) fn agent_or(c: &Conn, key: Option<&str>, old: Option<i64>) -> Result<Option<i64>> {
    match key {
        Some(k) => resolve_agent(c, k).map(Some),
        None => Ok(old),
    }
}

/// Finds the customer a user means by `key`: `#id`/id, an exact email or name, or the
/// one customer whose name, organisation, email or phone contains it. Several
/// candidates are an error listing them; none creates the customer only when `create`
/// (an explicit choice: `--new-customer`, or "create new" in the console's picker).
pub(crate) fn resolve_customer(c: &Conn, key: &str, create: bool, s: &Stamp) -> Result<i64> {
    let key = key.trim();
    if let Ok(id) = key.trim_start_matches('#').parse::<i64>() {
        match customers::get(c, id) {
            // A merged customer's id stands for the one it was merged into.
            Ok(cu) => return Ok(cu.merged_into.unwrap_or(cu.id)),
            // Bare digits that are no id may be part of a phone number.
            Err(Error::NotFound { .. }) if !key.starts_with('#') => {}
            Err(e) => return Err(e),
        }
    }
    if key.contains('@') {
        if let Some(cu) = customers::by_email(c, key)? {
            return Ok(cu.id);
        }
    } else if let Some(cu) = customers::by_name(c, key)?.into_iter().next() {
        return Ok(cu.id);
    }
    if !create {
        let found = customers::list(c, Some(key), 11)?;
        match found.as_slice() {
            [one] => return Ok(one.id),
            [] => {
                return Err(Error::NotFound {
                    what: "customer",
                    key: format!("'{key}'"),
                    hint: Some("check the name, or create the customer with --new-customer".into()),
                })
            }
            many => {
                let shown: Vec<String> = many
                    .iter()
                    .take(10)
                    .map(|cu| match (&cu.organization, &cu.email) {
                        (Some(o), _) if o != &cu.name => format!("#{} {} ({o})", cu.id, cu.name),
                        (_, Some(e)) => format!("#{} {} <{e}>", cu.id, cu.name),
                        _ => format!("#{} {}", cu.id, cu.name),
                    })
                    .collect();
                let more = if many.len() > 10 { ", …" } else { "" };
                return Err(Error::invalid(
                    format!(
                        "'{key}' matches several customers: {}{more}",
                        shown.join(", ")
                    ),
                    "name one by id (--customer 12) or by its full name; --new-customer creates another",
                ));
            }
        }
    }
    let input = super::people::CustomerInput {
        name: key.to_string(),
        email: key.contains('@').then(|| key.to_string()),
        ..Default::default()
    };
    super::people::insert_customer(c, &input, s)
}
