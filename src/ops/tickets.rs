//! Ticket operations: create, move, assign, set fields, comment, list, history.

use super::lookup::{
    current, move_error, parse_channel, parse_priority, resolve_agent, resolve_customer,
};
use super::Desk;
use crate::config::Config;
use crate::domain::filter::Filter;
use crate::domain::sla::SlaState;
use crate::domain::text::CleanText;
use crate::domain::ticket::{AuditEvent, Comment, NewTicket, StageTimes, Ticket};
use crate::domain::workflow::StageKind;
use crate::error::{Error, Result};
use crate::store::agents;
use crate::store::audit;
use crate::store::tickets::{
    self as st, Cursor, FilterContext, ListQuery, Page, SortKey, TicketUpdate,
};
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Conn;

/// What a user gives to create a ticket; names are resolved by the operation.
#[derive(Debug, Clone, Default)]
pub struct TicketInput {
    pub title: String,
    pub body: String,
    /// Customer id, `#id`, email, name or a unique part of one.
    pub customer: Option<String>,
    /// Create the customer when nothing matches `customer`.
    pub new_customer: bool,
    pub channel: Option<String>,
    pub ty: Option<String>,
    pub priority: Option<String>,
    /// Agent name or id.
    pub assignee: Option<String>,
}

/// A comment as written, and its ticket as that change left it (the version to pass
/// to the next `--if-version`).
#[derive(Debug, Clone)]
pub struct Commented {
    pub comment: Comment,
    pub ticket: Ticket,
}

/// A ticket with what is derived from config: SLA state and stage label.
#[derive(Debug, Clone)]
pub struct TicketView {
    pub ticket: Ticket,
    pub sla: SlaState,
    pub stage_kind: Option<StageKind>,
}

impl Desk {
    /// The filter context for the acting user at the current time.
    pub fn filter_context(&self) -> FilterContext {
        let wf = &self.config.workflow;
        let me = agents::by_name(self.store.conn(), &self.actor)
            .ok()
            .flatten()
            .map(|a| a.id);
        FilterContext {
            me,
            now: self.now(),
            active_stages: wf.stage_ids_of_kind(&[StageKind::Open, StageKind::Waiting]),
            waiting_stages: wf.stage_ids_of_kind(&[StageKind::Waiting]),
            done_stages: wf.stage_ids_of_kind(&[StageKind::Resolved, StageKind::Closed]),
            closed_stages: wf.stage_ids_of_kind(&[StageKind::Closed]),
            tz: self.config.sla.calendar.tz,
            categories: self
                .config
                .service
                .categories
                .iter()
                .map(|c| (c.id.clone(), c.keywords.clone()))
                .collect(),
        }
    }

    /// Creates a ticket in its flow's initial stage, with SLA due times.
    pub fn create_ticket(&mut self, input: TicketInput) -> Result<Ticket> {
        self.create_ticket_tagged(input, &[])
    }

    /// Creates a ticket with tags (which take part in routing to a group).
    pub fn create_ticket_tagged(&mut self, input: TicketInput, tags: &[String]) -> Result<Ticket> {
        let title = CleanText::trimmed(&input.title);
        if title.is_empty() {
            return Err(Error::invalid(
                "a ticket needs a title",
                "give one with --title \"…\"",
            ));
        }
        let ty = match input.ty.as_deref() {
            Some(t) => self.check_type(t)?,
            None => self.config.workflow.default_type.clone(),
        };
        let priority = parse_priority(input.priority.as_deref().unwrap_or("normal"))?;
        let channel = parse_channel(input.channel.as_deref().unwrap_or("other"))?;
        let s = self.stamp();
        let stage = self.config.workflow.flow_for(&ty).initial.clone();
        let (fr_due, res_due) = self.config.sla.due_times(priority, s.at);
        let body = CleanText::new(&input.body);
        let cfg = &self.config;
        self.store.write(|c| {
            let customer_id = match &input.customer {
                Some(k) => Some(resolve_customer(c, k, input.new_customer, &s)?),
                None => None,
            };
            let assignee_id = match &input.assignee {
                Some(a) => Some(resolve_agent(c, a)?),
                None => None,
            };
            let nt = NewTicket {
                title: title.clone(),
                body,
                ty,
                priority,
                channel,
                customer_id,
                assignee_id,
            };
            let id = st::insert(c, &nt, &stage, s.at, &s.actor, fr_due, res_due)?;
            let ev = Event::set("create", "stage", stage.clone());
            write::record(c, &s, Entity::Ticket, id, Some(1), &[ev])?;
            let tags = super::relations::add_initial_tags(c, id, tags)?;
            super::routing::route_new(c, &cfg.routing, id, &nt.ty, nt.channel, &tags)?;
            super::after_change::after_change(c, cfg, id, &s, Some(&stage))?;
            st::get(c, id)
        })
    }

    /// One ticket.
    pub fn ticket(&self, id: i64) -> Result<Ticket> {
        st::get(self.store.conn(), id)
    }

    /// One ticket with its SLA state.
    pub fn ticket_view(&self, t: Ticket) -> TicketView {
        let def = self.config.workflow.stage(&t.ty, &t.stage);
        let stage_kind = def.map(|s| s.kind);
        // Exact while a clock runs: the stored due times come from the SLA engine.
        let sla = crate::domain::sla_engine::quick_state(&self.config.sla, &t, def, self.now());
        TicketView {
            ticket: t,
            sla,
            stage_kind,
        }
    }

    /// A page of tickets matching `filter`, sorted, after `after`.
    pub fn list_tickets(
        &self,
        filter: &Filter,
        sort: SortKey,
        descending: bool,
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<Page> {
        self.check_filter(filter)?;
        let ctx = self.filter_context();
        let q = ListQuery {
            filter,
            ctx: &ctx,
            sort,
            descending,
            after,
            limit,
        };
        self.store
            .conn()
            .within(self.query_budget(), |c| st::list(c, &q))
    }

    /// How many tickets match `filter`.
    pub fn count_tickets(&self, filter: &Filter) -> Result<i64> {
        self.check_filter(filter)?;
        let ctx = self.filter_context();
        self.store
            .conn()
            .within(self.query_budget(), |c| st::count(c, filter, &ctx))
    }

    /// Like `count_tickets`, but stops counting at `cap`.
    pub fn count_tickets_upto(&self, filter: &Filter, cap: i64) -> Result<i64> {
        self.check_filter(filter)?;
        let ctx = self.filter_context();
        self.store.conn().within(self.query_budget(), |c| {
            st::count_upto(c, filter, &ctx, cap)
        })
    }

    /// How long a user's query may run (`[storage] query_budget_ms`).
    pub fn query_budget(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.config.storage.query_budget_ms)
    }

    /// Rejects filter values that cannot match anything because they are misspelt.
    pub(crate) fn check_filter(&self, filter: &Filter) -> Result<()> {
        use crate::domain::filter::Term;
        filter
            .check_size()
            .map_err(|e| Error::invalid(e.message, crate::domain::filter::TOO_BIG_HINT))?;
        let wf = &self.config.workflow;
        for c in &filter.clauses {
            match &c.term {
                Term::Stage(list) | Term::Visited(list) => {
                    let known = wf.all_stage_ids();
                    for s in list {
                        if !known.contains(s) {
                            return Err(Error::invalid(
                                format!("unknown stage '{s}'"),
                                format!("stages: {}", known.join(", ")),
                            ));
                        }
                    }
                }
                Term::Type(list) => {
                    for t in list {
                        self.check_type(t)?;
                    }
                }
                Term::Group(list) => self.check_groups(list)?,
                Term::Category(list) => {
                    let cats = &self.config.service.categories;
                    for id in list {
                        if id != "other" && !cats.iter().any(|c| &c.id == id) {
                            let mut known: Vec<&str> = cats.iter().map(|c| c.id.as_str()).collect();
                            known.push("other");
                            return Err(Error::invalid(
                                format!("unknown problem category '{id}'"),
                                format!("categories: {}", known.join(", ")),
                            ));
                        }
                    }
                }
                Term::Kind(_) => return Err(Error::invalid(
                    "kind: narrows a search, not a ticket list",
                    "search with it (aftercare search 'kind:article 退款', Ctrl-F in the console)",
                )),
                _ => {}
            }
        }
        Ok(())
    }

    pub(crate) fn check_type(&self, ty: &str) -> Result<String> {
        let wf = &self.config.workflow;
        match wf.ticket_type(ty) {
            Some(t) => Ok(t.id.clone()),
            None => Err(Error::invalid(
                format!("unknown ticket type '{ty}'"),
                format!(
                    "types: {}",
                    wf.types
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// Moves a ticket to `stage` if the workflow allows it; returns the ticket as the
    /// move left it.
    pub fn move_ticket(&mut self, id: i64, stage: &str, expected: Option<i64>) -> Result<Ticket> {
        let s = self.stamp();
        let cfg = &self.config;
        let (t, before) = self.store.write(|c| {
            let t = current(c, id, expected)?;
            let target = cfg
                .workflow
                .check_move(&t.ty, &t.stage, stage)
                .map_err(|e| move_error(&t, e))?;
            let times = StageTimes::of(&t).entering(target.kind, s.at);
            super::stages::enter_stage(c, cfg, &s, &t, target, times, true)?;
            Ok((st::get(c, id)?, StageTimes::of(&t)))
        })?;
        self.moves.remember(id, t.version, before);
        Ok(t)
    }

    /// Assigns a ticket to an agent (by name or id), or unassigns it with `None`;
    /// returns the ticket as this change left it.
    pub fn assign(
        &mut self,
        id: i64,
        agent: Option<&str>,
        expected: Option<i64>,
    ) -> Result<Ticket> {
        let s = self.stamp();
        self.store.write(|c| {
            let t = current(c, id, expected)?;
            let (aid, name) = match agent {
                Some(a) => {
                    let aid = resolve_agent(c, a)?;
                    (Some(aid), Some(agents::get(c, aid)?.name))
                }
                None => (None, None),
            };
            if aid == t.assignee_id {
                return Ok(t);
            }
            let u = TicketUpdate {
                assignee_id: Some(aid),
                ..Default::default()
            };
            let ev = Event::new("assign", "assignee", t.assignee.clone(), name);
            write::update(c, &s, id, t.version, &u, vec![ev])?;
            st::get(c, id)
        })
    }

    /// Sets priority, type, channel, title or body; each changed field is one audit event.
    /// Returns the ticket as this change left it.
    pub fn edit_ticket(
        &mut self,
        id: i64,
        edit: TicketEdit,
        expected: Option<i64>,
    ) -> Result<Ticket> {
        let s = self.stamp();
        let priority = edit.priority.as_deref().map(parse_priority).transpose()?;
        let channel = edit.channel.as_deref().map(parse_channel).transpose()?;
        let ty = edit.ty.as_deref().map(|t| self.check_type(t)).transpose()?;
        let cfg = &self.config;
        self.store.write(|c| {
            let t = current(c, id, expected)?;
            let mut u = TicketUpdate::default();
            let mut events: Vec<Event> = Vec::new();
            if let Some(p) = priority.filter(|p| *p != t.priority) {
                u.priority = Some(p);
                events.push(Event::edit(
                    "priority",
                    t.priority.to_string(),
                    p.to_string(),
                ));
            }
            if let Some(ch) = channel.filter(|ch| *ch != t.channel) {
                u.channel = Some(ch);
                events.push(Event::edit(
                    "channel",
                    t.channel.to_string(),
                    ch.to_string(),
                ));
            }
            if let Some(ty) = ty.filter(|ty| *ty != t.ty) {
                let flow = cfg.workflow.flow_for(&ty);
                if flow.stage(&t.stage).is_none() {
                    u.stage = Some(flow.initial.clone());
                    // The initial stage is open: the ticket is no longer resolved.
                    u.resolved_at = Some(None);
                    u.closed_at = Some(None);
                    events.push(Event::edit("stage", t.stage.clone(), flow.initial.clone()));
                }
                events.push(Event::edit("type", t.ty.clone(), ty.clone()));
                u.ty = Some(ty);
            }
            if let Some(title) = edit.title.as_deref().map(CleanText::trimmed) {
                if title.is_empty() {
                    return Err(Error::msg("a ticket's title cannot be empty"));
                }
                if *title != t.title {
                    events.push(Event::edit("title", t.title.clone(), title.to_string()));
                    u.title = Some(title);
                }
            }
            if let Some(body) = edit.body.as_deref().map(CleanText::new) {
                if *body != t.body {
                    events.push(Event::edit("body", t.body.clone(), body.to_string()));
                    u.body = Some(body);
                }
            }
            if events.is_empty() {
                return Ok(t);
            }
            write::update(c, &s, id, t.version, &u, events)?;
            if u.priority.is_some() || u.ty.is_some() || u.stage.is_some() {
                // The SLA engine recomputes due times for the new target or flow.
                super::after_change::after_change(c, cfg, id, &s, u.stage.as_deref())?;
            }
            st::get(c, id)
        })
    }

    /// Adds a reply (visible to the customer) or an internal note; returns the comment
    /// and the ticket as this change wrote them (whatever happens after the commit,
    /// e.g. a merge moving the comment).
    pub fn comment(
        &mut self,
        id: i64,
        text: &str,
        internal: bool,
        expected: Option<i64>,
    ) -> Result<Commented> {
        let body = comment_body(text)?;
        let s = self.stamp();
        let cfg = &self.config;
        self.store.write(|c| {
            let t = current(c, id, expected)?;
            let comment = add_comment(c, cfg, &s, &t, &body, internal)?;
            Ok(Commented {
                comment,
                ticket: st::get(c, id)?,
            })
        })
    }

    /// The comments of a ticket, oldest first.
    pub fn comments(&self, id: i64) -> Result<Vec<Comment>> {
        st::get(self.store.conn(), id)?;
        st::comments(self.store.conn(), id)
    }

    /// The audit trail of a ticket, oldest first.
    pub fn ticket_history(&self, id: i64) -> Result<Vec<AuditEvent>> {
        st::get(self.store.conn(), id)?;
        audit::history(self.store.conn(), "ticket", id)
    }
}

/// Fields `edit_ticket` may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TicketEdit {
    pub title: Option<String>,
    pub body: Option<String>,
    pub priority: Option<String>,
    pub channel: Option<String>,
    pub ty: Option<String>,
}

/// A comment's text, cleaned; empty text is refused.
pub(crate) fn comment_body(text: &str) -> Result<CleanText> {
    let body = CleanText::trimmed(text);
    if body.is_empty() {
        return Err(Error::invalid(
            "the comment is empty",
            "write some text to add",
        ));
    }
    Ok(body)
}

/// Adds a comment to ticket `t` (read in this transaction) with its event and, for the
/// first reply, the first response; returns the comment as written.
pub(crate) fn add_comment(
    c: &Conn,
    cfg: &Config,
    s: &Stamp,
    t: &Ticket,
    body: &CleanText,
    internal: bool,
) -> Result<Comment> {
    let mut u = TicketUpdate::default();
    if !internal && t.first_response_at.is_none() {
        u.first_response_at = Some(Some(s.at));
    }
    let cid = st::insert_comment(c, t.id, &s.actor, body, internal, s.at)?;
    let action = if internal { "note" } else { "reply" };
    let ev = Event::set(action, "comment", cid.to_string());
    write::update(c, s, t.id, t.version, &u, vec![ev])?;
    if u.first_response_at.is_some() {
        super::after_change::after_change(c, cfg, t.id, s, None)?;
    }
    if !internal {
        super::mail::on_reply(c, cfg, t.id, cid, body, s.at, &s.actor)?;
    }
    Ok(Comment {
        id: cid,
        ticket_id: t.id,
        author: s.actor.clone(),
        body: body.to_string(),
        internal,
        created_at: s.at,
    })
}
