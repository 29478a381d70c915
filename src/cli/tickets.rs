//! `aftercare ticket …`

use super::output::{self, short, ts, Record};
use super::{Format, TicketCmd};
use crate::domain::filter::{Filter, Term, Who};
use crate::domain::ticket::{AuditEvent, Comment};
use crate::error::{Error, Result};
use crate::ops::{Commented, Desk, TicketEdit, TicketInput, TicketView};
use crate::store::tickets::{Cursor, Page, SortKey};
use serde_json::{json, Value};

/// `ticket list` counts the matches for its "50 of N" line up to this many.
const LIST_COUNT_CAP: i64 = 10_000;

impl Record for TicketView {
    fn headers() -> Vec<&'static str> {
        vec![
            "id", "sla", "due", "priority", "type", "stage", "customer", "assignee", "title",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let t = &self.ticket;
        vec![
            t.id.to_string(),
            self.sla.as_str().into(),
            short(t.resolution_due),
            t.priority.to_string(),
            t.ty.clone(),
            t.stage.clone(),
            t.customer.clone().unwrap_or_default(),
            t.assignee.clone().unwrap_or_default(),
            t.title.clone(),
        ]
    }
    fn json(&self) -> Value {
        let t = &self.ticket;
        json!({
            "id": t.id,
            "title": t.title,
            "body": t.body,
            "stage": t.stage,
            "stage_kind": self.stage_kind.map(|k| k.as_str()),
            "type": t.ty,
            "priority": t.priority.as_str(),
            "channel": t.channel.as_str(),
            "customer": t.customer,
            "customer_id": t.customer_id,
            "assignee": t.assignee,
            "assignee_id": t.assignee_id,
            "created_at": ts(Some(t.created_at)),
            "updated_at": ts(Some(t.updated_at)),
            "updated_by": t.updated_by,
            "version": t.version,
            "first_response_due": ts(t.first_response_due),
            "resolution_due": ts(t.resolution_due),
            "first_response_at": ts(t.first_response_at),
            "resolved_at": ts(t.resolved_at),
            "closed_at": ts(t.closed_at),
            "sla": self.sla.as_str(),
        })
    }
}

impl Record for Comment {
    fn headers() -> Vec<&'static str> {
        vec!["id", "at", "author", "kind", "text"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            short(Some(self.created_at)),
            self.author.clone(),
            if self.internal { "note" } else { "reply" }.into(),
            self.body.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "ticket_id": self.ticket_id,
            "author": self.author,
            "body": self.body,
            "internal": self.internal,
            "created_at": ts(Some(self.created_at)),
        })
    }
}

/// A comment command's result: the comment, and (JSON) the version it gave the ticket.
impl Record for Commented {
    fn headers() -> Vec<&'static str> {
        Comment::headers()
    }
    fn cells(&self) -> Vec<String> {
        self.comment.cells()
    }
    fn json(&self) -> Value {
        let mut v = self.comment.json();
        v["ticket_version"] = json!(self.ticket.version);
        v
    }
}

impl Record for AuditEvent {
    fn headers() -> Vec<&'static str> {
        vec!["at", "actor", "action", "field", "old", "new", "version"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            short(Some(self.at)),
            self.actor.clone(),
            self.action.clone(),
            self.field.clone().unwrap_or_default(),
            self.old.clone().unwrap_or_default(),
            self.new.clone().unwrap_or_default(),
            self.version.map(|v| v.to_string()).unwrap_or_default(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "at": ts(Some(self.at)),
            "actor": self.actor,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "action": self.action,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "version": self.version,
        })
    }
}

/// Runs a ticket command.
pub fn run(desk: &mut Desk, cmd: &TicketCmd, f: Format) -> Result<()> {
    match cmd {
        TicketCmd::New(n) => {
            let t = desk.create_ticket_tagged(
                TicketInput {
                    title: n.title.clone(),
                    body: n.body.clone(),
                    customer: n.customer.clone(),
                    new_customer: n.new_customer,
                    channel: n.channel.clone(),
                    ty: n.ty.clone(),
                    priority: n.priority.clone(),
                    assignee: n.assignee.clone(),
                },
                &n.tags,
            )?;
            match f {
                Format::Table => output::emit(&format!("{}\n", t.id)),
                Format::Json => {
                    output::json(&super::relations::ticket_json(desk, &desk.ticket_view(t))?)
                }
                _ => output::one(f, &desk.ticket_view(t)),
            }
        }
        TicketCmd::List(l) => {
            let mut filter = match &l.query {
                Some(q) => Filter::parse(q).map_err(|e| {
                    Error::invalid(
                        format!("--query: {e}"),
                        if e.problem.too_big() {
                            crate::domain::filter::TOO_BIG_HINT.to_string()
                        } else {
                            format!(
                                "fields: {}; e.g. 'priority:>=high is:open 退款'",
                                crate::domain::filter::FIELDS.join(" ")
                            )
                        },
                    )
                })?,
                None => Filter::default(),
            };
            if let Some(s) = &l.stage {
                filter = filter.and(Term::Stage(s.split(',').map(str::to_string).collect()));
            }
            if let Some(t) = &l.ty {
                filter = filter.and(Term::Type(t.split(',').map(str::to_string).collect()));
            }
            if let Some(p) = &l.priority {
                filter = filter.and(Term::Priority(
                    crate::domain::filter::Cmp::Eq,
                    crate::ops::parse_priority(p)?,
                ));
            }
            if let Some(a) = &l.assignee {
                filter = filter.and(Term::Assignee(match a.as_str() {
                    "me" => Who::Me,
                    "none" | "-" => Who::Nobody,
                    name => Who::Name(name.to_string()),
                }));
            }
            if let Some(c) = &l.customer {
                filter = filter.and(Term::Customer(c.clone()));
            }
            let sort = SortKey::parse(&l.sort).ok_or_else(|| {
                Error::invalid(
                    format!("unknown sort key '{}'", l.sort),
                    format!(
                        "use one of: {}",
                        SortKey::ALL.map(|k| k.as_str()).join(", ")
                    ),
                )
            })?;
            let page = match l.after {
                Some(above) => {
                    let new = desk.tickets_after(&filter, above, l.limit.max(1))?;
                    let next = new.more.then(|| Cursor::after_id(new.newest));
                    Page {
                        rows: new.rows,
                        next,
                    }
                }
                None => desk.list_tickets(&filter, sort, !l.asc, None, l.limit.max(1))?,
            };
            let rows: Vec<TicketView> =
                page.rows.into_iter().map(|t| desk.ticket_view(t)).collect();
            if f == Format::Json {
                let docs = rows
                    .iter()
                    .map(|v| super::relations::ticket_json(desk, v))
                    .collect::<Result<Vec<_>>>()?;
                return output::json(&Value::Array(docs));
            }
            output::list(f, &rows)?;
            if page.next.is_some() && f == Format::Table {
                // On stderr, so a pipe still gets only the rows.
                // Counted up to a cap: an exact count of a common word's matches
                // costs more than the page itself.
                let total = desk.count_tickets_upto(&filter, LIST_COUNT_CAP + 1)?;
                let total = if total > LIST_COUNT_CAP {
                    format!("more than {LIST_COUNT_CAP}")
                } else {
                    total.to_string()
                };
                eprintln!("{} of {total} — use --limit N to see more", rows.len());
            }
            Ok(())
        }
        TicketCmd::Show { id } => {
            let view = desk.ticket_view(desk.ticket(*id)?);
            let comments = desk.comments(*id)?;
            match f {
                Format::Json => {
                    let mut v = super::relations::ticket_json(desk, &view)?;
                    super::relations::add_show_json(desk, *id, &mut v)?;
                    super::mail::show_json(desk, *id, &mut v)?;
                    v["comments"] = Value::Array(comments.iter().map(Record::json).collect());
                    output::json(&v)
                }
                Format::Csv => output::one(f, &view),
                Format::Table | Format::Md | Format::Html => {
                    output::one(f, &view)?;
                    output::emit(&super::relations::show_text(desk, &view)?)?;
                    output::emit(&super::mail::show_text(desk, *id)?)?;
                    let body = crate::domain::text::sanitize(&view.ticket.body);
                    let mut text = format!("\n{body}\n");
                    for c in &comments {
                        text.push_str(&format!(
                            "\n── {} · {} · {}\n{}\n",
                            short(Some(c.created_at)),
                            c.author,
                            if c.internal { "internal note" } else { "reply" },
                            crate::domain::text::sanitize(&c.body)
                        ));
                    }
                    output::emit(&text)
                }
            }
        }
        TicketCmd::Tag(_)
        | TicketCmd::Untag(_)
        | TicketCmd::Tags
        | TicketCmd::Relate(_)
        | TicketCmd::Unrelate(_)
        | TicketCmd::Merge(_) => super::relations::run(desk, cmd, f),
        TicketCmd::Move { id, stage, guard } => {
            let t = desk.move_ticket(*id, stage, guard.if_version)?;
            done(desk, f, t, &format!("ticket #{id} moved to {}", stage))
        }
        TicketCmd::Assign {
            id,
            agent,
            auto,
            guard,
        } => {
            if *auto {
                let (t, pick) = desk.auto_assign(*id, guard.if_version)?;
                let how = pick.method.replace('_', "-");
                let msg = format!("ticket #{id} assigned to {} by {how}", pick.name);
                return done(desk, f, t, &msg);
            }
            let who = match agent.as_deref() {
                None | Some("none" | "-" | "nobody") => None,
                Some(a) => Some(a),
            };
            let t = desk.assign(*id, who, guard.if_version)?;
            let msg = format!(
                "ticket #{id} assigned to {}",
                t.assignee.clone().unwrap_or_else(|| "nobody".into())
            );
            done(desk, f, t, &msg)
        }
        TicketCmd::Comment {
            id,
            text,
            article,
            internal,
            guard,
        } => super::knowledge::comment(
            desk,
            *id,
            text.as_deref(),
            *article,
            *internal,
            guard.if_version,
            f,
        ),
        TicketCmd::LinkArticle { id, article } => {
            super::knowledge::link(desk, *id, *article, true, f)
        }
        TicketCmd::UnlinkArticle { id, article } => {
            super::knowledge::link(desk, *id, *article, false, f)
        }
        TicketCmd::Edit(e) => {
            let t = desk.edit_ticket(
                e.id,
                TicketEdit {
                    title: e.title.clone(),
                    body: e.body.clone(),
                    priority: e.priority.clone(),
                    channel: e.channel.clone(),
                    ty: e.ty.clone(),
                },
                e.guard.if_version,
            )?;
            done(desk, f, t, &format!("ticket #{} updated", e.id))
        }
        TicketCmd::History { id } => output::list(f, &desk.ticket_history(*id)?),
        TicketCmd::Csat {
            id,
            score,
            comment,
            guard,
        } => {
            super::service::ticket_csat(desk, *id, *score, comment.as_deref(), guard.if_version, f)
        }
        TicketCmd::Progress { id } => super::service::ticket_progress(desk, *id, f),
        TicketCmd::Reply {
            id,
            text,
            template,
            guard,
        } => super::service::ticket_reply(
            desk,
            *id,
            text.as_deref(),
            template.as_deref(),
            guard.if_version,
            f,
        ),
        TicketCmd::Macro { id, name, guard } => {
            super::service::ticket_macro(desk, *id, name, guard.if_version, f)
        }
    }
}

/// After a change: a short confirmation (table) or the changed record.
fn done(desk: &Desk, f: Format, t: crate::domain::ticket::Ticket, msg: &str) -> Result<()> {
    match f {
        Format::Table => output::emit(&format!("{msg} (version {})\n", t.version)),
        _ => output::one(f, &desk.ticket_view(t)),
    }
}
