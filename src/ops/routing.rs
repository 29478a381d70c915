//! Routing a ticket to a group by the config's rules, at creation and on demand.

use super::Desk;
use crate::domain::routing::Routing;
use crate::domain::ticket::Channel;
use crate::error::{Error, Result};
use crate::store::relations;
use crate::store::tickets::{self as st, TicketUpdate};
use crate::store::write::{self, Event};
use crate::store::Conn;

/// What `route` did.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteOutcome {
    pub ticket_id: i64,
    pub old_group: Option<String>,
    pub new_group: Option<String>,
    /// The new group's lead, if the config names one.
    pub lead: Option<String>,
    pub version: i64,
}

impl RouteOutcome {
    /// Whether the group changed.
    pub fn changed(&self) -> bool {
        self.old_group != self.new_group
    }
}

/// Routes a ticket that is being created (inside its transaction): sets its group.
/// No event of its own: the group is part of the creation, decided by the config.
pub(crate) fn route_new(
    c: &Conn,
    routing: &Routing,
    ticket_id: i64,
    ty: &str,
    channel: Channel,
    tags: &[String],
) -> Result<Option<String>> {
    let group = routing.route(ty, channel, tags).map(|g| g.id.clone());
    if let Some(g) = &group {
        relations::set_initial_group(c, ticket_id, Some(g))?;
    }
    Ok(group)
}

impl Desk {
    /// Applies the routing rules to a ticket again (after its type, channel or tags changed).
    pub fn route_ticket(&mut self, id: i64, expected: Option<i64>) -> Result<RouteOutcome> {
        let s = self.stamp();
        let routing = &self.config.routing;
        self.store.write(|c| {
            let t = super::lookup::current(c, id, expected)?;
            let tags = relations::tags(c, id)?;
            let old = relations::group_of(c, id)?;
            let group = routing.route(&t.ty, t.channel, &tags);
            let new = group.map(|g| g.id.clone());
            let lead = group.and_then(|g| g.lead.clone());
            let mut version = t.version;
            if new != old {
                let u = TicketUpdate {
                    group_id: Some(new.clone()),
                    ..Default::default()
                };
                let ev = Event::new("route", "group", old.clone(), new.clone());
                version = write::update(c, &s, id, t.version, &u, vec![ev])?.version;
            }
            Ok(RouteOutcome {
                ticket_id: id,
                old_group: old,
                new_group: new,
                lead,
                version,
            })
        })
    }

    /// The routing group of a ticket.
    pub fn ticket_group(&self, id: i64) -> Result<Option<String>> {
        st::get(self.store.conn(), id)?;
        relations::group_of(self.store.conn(), id)
    }

    /// Rejects group names the config does not define (`none` is allowed).
    pub(crate) fn check_groups(&self, groups: &[String]) -> Result<()> {
        let r = &self.config.routing;
        match groups.iter().find(|g| *g != "none" && r.group(g).is_none()) {
            Some(g) => Err(Error::invalid(
                format!("unknown group '{g}'"),
                if r.groups.is_empty() {
                    "no groups are defined: add [[routing.groups]] to the config".to_string()
                } else {
                    format!("groups: {}, none", r.group_ids())
                },
            )),
            None => Ok(()),
        }
    }
}
