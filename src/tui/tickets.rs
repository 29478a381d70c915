//! Runs the Tickets pane's effects through ops: list pages and counts, the detail
//! with its extras, version-checked writes (a stale version comes back as a
//! conflict with the other person's ticket), new tickets, assignment, customer
//! view, visits, macros, canned replies, tags and satisfaction.

use crate::app::msg::{
    Change, DetailInfo, Failure, Msg, NewCheck, NewTicketFields, TicketsFx, TicketsMsg,
    TicketsNote, Why, Write, WriteResult,
};
use crate::error::{Error, Result};
use crate::ops::{Desk, TicketEdit, TicketInput, VisitDue};

/// The most new tickets read in one look (more are counted, not read).
const NEW_LIMIT: usize = 100;
/// Customers the database hands the form's picker to rank.
const CUSTOMER_CANDIDATES: usize = 200;
/// Return visits listed at most.
const VISITS_LIMIT: usize = 500;
/// The ticket type whose detail shows the customer-facing timeline.
const COMPLAINT: &str = "complaint";

/// Runs one effect of the pane.
pub fn run(desk: &mut Desk, fx: TicketsFx) -> Vec<Msg> {
    let m = match fx {
        TicketsFx::LoadPage(req) => desk
            .list_tickets(&req.filter, req.sort, req.descending, req.after, req.limit)
            .and_then(|page| {
                let ids: Vec<i64> = page.rows.iter().map(|t| t.id).collect();
                Ok(TicketsMsg::Page {
                    gen: req.gen,
                    slot: req.slot,
                    more: page.next.is_some(),
                    unread: desk.unread_among(&ids)?,
                    rows: page.rows.into_iter().map(|t| desk.ticket_view(t)).collect(),
                })
            }),
        TicketsFx::CheckNew(check) => new_tickets(desk, check),
        TicketsFx::Count { gen, filter } => desk
            .count_tickets(&filter)
            .map(|total| TicketsMsg::Count { gen, total }),
        TicketsFx::LoadDetail { id } => {
            let r = (|| {
                let t = desk.ticket(id)?;
                // Shown is read; a read-only database keeps no receipts.
                if !desk.store.is_read_only() {
                    desk.mark_read(id)?;
                }
                Ok::<_, Error>(TicketsMsg::Detail {
                    mail: desk.ticket_mail(id)?,
                    comments: desk.comments(id)?,
                    history: desk.ticket_history(id)?,
                    view: Box::new(desk.ticket_view(t)),
                })
            })();
            let r = r.unwrap_or_else(|e| TicketsMsg::DetailFailed {
                id,
                failure: Failure::of(&e),
            });
            // The SLA breakdown, warranty, tags … follow the ticket.
            return vec![
                Msg::Tickets(r),
                Msg::Tickets(TicketsMsg::Info(Box::new(detail_info(desk, id)))),
            ];
        }
        TicketsFx::Write { writes, why } => {
            let mut out = Vec::new();
            let results = writes
                .into_iter()
                .map(|w| {
                    let (result, comment) = write(desk, &w, why);
                    // A reply: say whether it goes by mail, and to whom.
                    if let Some(cid) = comment {
                        if let Ok(delivery) = desk.comment_delivery(w.id, cid) {
                            out.push(Msg::Tickets(TicketsMsg::Delivery { id: w.id, delivery }));
                        }
                    }
                    (w, result)
                })
                .collect();
            out.insert(0, Msg::Tickets(TicketsMsg::Written { why, results }));
            return out;
        }
        TicketsFx::RetryMail { ticket, messages } => {
            let mut ids = Vec::new();
            let mut failure = None;
            for (id, version) in messages {
                match desk.retry_mail(id, Some(version)) {
                    Ok(_) => ids.push(id),
                    Err(e) => failure = Some(e),
                }
            }
            let mut out = vec![Msg::Tickets(TicketsMsg::MailRetried { ticket, ids })];
            out.extend(failure.map(failed));
            return out;
        }
        TicketsFx::FetchMail => desk.fetch_mail().map(|sums| {
            TicketsMsg::Mail(crate::ops::mail::WorkerEvent::Fetched {
                tickets: sums.iter().flat_map(|s| s.tickets.clone()).collect(),
                replies: sums.iter().map(|s| s.replies).sum(),
            })
        }),
        TicketsFx::SendMail => desk.send_mail(200).map(|sum| {
            let sent = sum
                .results
                .iter()
                .filter(|r| matches!(r.outcome, crate::ops::mail::SendOutcome::Sent(_)))
                .count();
            TicketsMsg::MailSent {
                sent,
                failed: sum.results.len() - sent,
            }
        }),
        TicketsFx::LoadOutbox => desk
            .mail_outbox(crate::ops::mail::OutboxFilter::Pending, None, 500)
            .map(TicketsMsg::Outbox),
        TicketsFx::Create(fields) => Ok(TicketsMsg::Created(
            create(desk, fields)
                .map(|t| Box::new(desk.ticket_view(t)))
                .map_err(|e| Failure::of(&e)),
        )),
        TicketsFx::FindCustomers { query } => {
            // The longest word narrows most in the database; the console ranks the
            // candidates over every word.
            let word = query
                .split_whitespace()
                .max_by_key(|w| w.chars().count())
                .unwrap_or("");
            desk.customers(Some(word), CUSTOMER_CANDIDATES)
                .map(|found| TicketsMsg::Customers { query, found })
        }
        TicketsFx::AutoAssign { targets } => {
            let results = targets
                .into_iter()
                .map(|(id, expected)| auto_assign(desk, id, expected))
                .collect();
            Ok(TicketsMsg::Written {
                why: Why::User,
                results,
            })
        }
        TicketsFx::LoadRanking { id } => desk
            .rank_agents(id)
            .map(|r| TicketsMsg::Ranking(Box::new(r))),
        TicketsFx::LoadCustomer { ticket } => {
            desk.ticket_customer(ticket).map(|v| TicketsMsg::Customer {
                ticket,
                view: v.map(Box::new),
            })
        }
        TicketsFx::LoadVisits => desk
            .visits(VisitDue::Today, None, VISITS_LIMIT)
            .map(TicketsMsg::Visits),
        TicketsFx::ApplyMacro {
            id,
            macro_id,
            expected,
        } => {
            let title = desk
                .macro_def(&macro_id)
                .map(|m| m.title.clone())
                .unwrap_or_default();
            desk.apply_macro(id, &macro_id, expected)
                .map(|t| done(desk, t, TicketsNote::MacroApplied { id, title }))
        }
        TicketsFx::RenderReply { id, template } => desk
            .render_reply(id, &template)
            .map(|text| TicketsMsg::Reply { id, text }),
        TicketsFx::Tag { id, tags, expected } => desk
            .tag_ticket(id, &tags, expected)
            .map(|r| done(desk, r.ticket, TicketsNote::Tagged { id, tags: r.tags })),
        TicketsFx::Rate {
            id,
            score,
            expected,
        } => desk.rate(id, score, None, expected).and_then(|_| {
            let t = desk.ticket(id)?;
            Ok(done(desk, t, TicketsNote::Rated { id, score }))
        }),
    };
    vec![m.map(Msg::Tickets).unwrap_or_else(failed)]
}

/// Tickets that arrived since the list looked, newest first, with their unread marks.
fn new_tickets(desk: &Desk, check: NewCheck) -> Result<TicketsMsg> {
    let Some(above) = check.above else {
        let newest = desk.newest_ticket_id()?;
        return Ok(TicketsMsg::New {
            gen: check.gen,
            rows: Vec::new(),
            more: false,
            newest,
            unread: Vec::new(),
        });
    };
    let found = desk.tickets_after(&check.filter, above, NEW_LIMIT)?;
    let ids: Vec<i64> = found.rows.iter().map(|t| t.id).collect();
    Ok(TicketsMsg::New {
        gen: check.gen,
        unread: desk.unread_among(&ids)?,
        rows: found
            .rows
            .into_iter()
            .rev()
            .map(|t| desk.ticket_view(t))
            .collect(),
        more: found.more,
        newest: found.newest,
    })
}

fn done(desk: &Desk, t: crate::domain::ticket::Ticket, note: TicketsNote) -> TicketsMsg {
    TicketsMsg::Done {
        after: Box::new(desk.ticket_view(t)),
        note,
    }
}

fn failed(e: Error) -> Msg {
    Msg::Failed(Failure::of(&e))
}

fn failure(e: Error) -> WriteResult {
    WriteResult::Failed(Failure::of(&e))
}

/// Applies one change, reporting a conflict with the current version of the ticket.
/// One write; with the id of the reply it added, if it added one the customer sees.
fn write(desk: &mut Desk, w: &Write, why: Why) -> (WriteResult, Option<i64>) {
    let before = match desk.ticket(w.id) {
        Ok(t) => t,
        Err(e) => return (failure(e), None),
    };
    let mut reply = None;
    let what = match &w.change {
        Change::Move(_) => "move",
        Change::Assign(_) => "assign",
        Change::Priority(_) => "priority",
        Change::Type(_) | Change::Retype { .. } => "type",
        Change::Comment { .. } => "comment",
    };
    let r = crate::log::span("ops", what, || match &w.change {
        Change::Move(stage) if why == Why::Undo => match w.expected {
            Some(v) => desk.undo_move(w.id, stage, v),
            None => desk.move_ticket(w.id, stage, None),
        },
        Change::Move(stage) => desk.move_ticket(w.id, stage, w.expected),
        Change::Assign(agent) => desk.assign(w.id, agent.as_deref(), w.expected),
        Change::Priority(p) => desk.edit_ticket(
            w.id,
            TicketEdit {
                priority: Some(p.clone()),
                ..Default::default()
            },
            w.expected,
        ),
        Change::Type(ty) => desk.edit_ticket(
            w.id,
            TicketEdit {
                ty: Some(ty.clone()),
                ..Default::default()
            },
            w.expected,
        ),
        Change::Retype { ty, stage, times } => match w.expected {
            Some(v) => desk.undo_type(w.id, ty, stage, *times, v),
            None => Err(Error::msg("an undo needs the version it undoes")),
        },
        Change::Comment { text, internal } => {
            desk.comment(w.id, text, *internal, w.expected).map(|c| {
                if !*internal {
                    reply = Some(c.comment.id);
                }
                c.ticket
            })
        }
    });
    let result = match r {
        Ok(after) => WriteResult::Done {
            before: Box::new(before),
            after: Box::new(desk.ticket_view(after)),
        },
        Err(e) if e.is_conflict() => match desk.ticket(w.id) {
            Ok(theirs) => WriteResult::Conflict {
                theirs: Box::new(theirs),
                message: e.to_string(),
            },
            Err(e2) => failure(e2),
        },
        Err(e) => failure(e),
    };
    (result, reply)
}

fn create(desk: &mut Desk, f: NewTicketFields) -> Result<crate::domain::ticket::Ticket> {
    let some = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    desk.create_ticket(TicketInput {
        title: f.title,
        body: f.body,
        customer: some(f.customer),
        // Created only when "new customer" was picked; else it must exist.
        new_customer: f.new_customer,
        channel: some(f.channel),
        ty: some(f.ty),
        priority: some(f.priority),
        assignee: None,
    })
}

/// Assigns one ticket to its best agent, reported as an ordinary assign write so the
/// list, undo, toasts and the conflict dialog work as for `assign NAME`.
fn auto_assign(desk: &mut Desk, id: i64, expected: Option<i64>) -> (Write, WriteResult) {
    let write = |name: Option<String>| Write {
        id,
        expected,
        change: Change::Assign(name),
    };
    let before = match desk.ticket(id) {
        Ok(t) => t,
        Err(e) => return (write(None), failure(e)),
    };
    match desk.auto_assign(id, expected) {
        Ok((after, pick)) => (
            write(Some(pick.name)),
            WriteResult::Done {
                before: Box::new(before),
                after: Box::new(desk.ticket_view(after)),
            },
        ),
        Err(e) if e.is_conflict() => {
            // "Apply mine" on the conflict dialog assigns the best agent on their version.
            let best = desk
                .rank_agents(id)
                .ok()
                .and_then(|r| r.ranked.into_iter().find(|x| x.available))
                .map(|x| x.name);
            match desk.ticket(id) {
                Ok(theirs) => (
                    write(best),
                    WriteResult::Conflict {
                        theirs: Box::new(theirs),
                        message: e.to_string(),
                    },
                ),
                Err(e2) => (write(best), failure(e2)),
            }
        }
        Err(e) => (write(None), failure(e)),
    }
}

/// Everything the detail shows beyond the ticket itself; parts that fail are left out.
fn detail_info(desk: &Desk, id: i64) -> DetailInfo {
    let ticket = desk.ticket(id).ok();
    let warranty = ticket.as_ref().and_then(|t| desk.warranty_for(t).ok());
    let complaint = ticket.as_ref().is_some_and(|t| t.ty == COMPLAINT);
    DetailInfo {
        id,
        sla: desk.sla_status(id).ok(),
        warranty: warranty.as_ref().map(|w| w.status),
        product: warranty.and_then(|w| w.product).map(|p| match p.serial {
            Some(s) => format!("{} ({s})", p.model),
            None => p.model,
        }),
        tags: desk.ticket_tags(id).unwrap_or_default(),
        relations: desk.relations(id).unwrap_or_default(),
        progress: if complaint {
            desk.progress(id).unwrap_or_default()
        } else {
            Vec::new()
        },
        csat: desk.csat(id).ok().flatten(),
    }
}
