//! One ticket's story: its type, priority, channel and customer, where it stands
//! now (from its age against its SLA target), and the events that got it there.

use super::kinds::active_weight;
use super::{Event, EventKind, IndexDocs, Plan, TicketGen, STREAM_TICKET};
use crate::demo::clock::{business_to_calendar, DAY, HOUR};
use crate::demo::rng::Rng;
use crate::domain::sla_engine::{evaluate, pack, ClockOutcome, History, StageChange};
use crate::domain::ticket::{Channel, Priority, Ticket};
use crate::domain::workflow::StageKind;
use crate::store::search::{comment_doc, ticket_doc};
use crate::store::service::SlaColumns;

/// Priority weights (low, normal, high, urgent); complaints run hotter.
const PRIORITY_W: [f64; 4] = [18.0, 50.0, 24.0, 8.0];
const PRIORITY_W_COMPLAINT: [f64; 4] = [5.0, 40.0, 40.0, 15.0];
/// Channel weights in `Channel::ALL` order (phone, email, chat, social, web, other).
const CHANNEL_W: [f64; 6] = [26.0, 24.0, 20.0, 7.0, 18.0, 5.0];

/// A change before actors and versions are known.
enum Raw {
    Assign(usize),
    Move(usize),
    Comment { internal: bool, body: String },
}

impl<'a> TicketGen<'a> {
    pub(super) fn ticket(&self, index: u64, created: i64, comment_id: &mut i64) -> Plan<'a> {
        let mut rng = Rng::derive(self.seed, STREAM_TICKET, index);
        let drawn = rng.weighted(&self.type_weights);
        let forced = self.showcase.get(&index).copied();
        let ty = &self.types[forced.map_or(drawn, |(t, _)| t)];
        let priority = Priority::ALL[rng.weighted(if ty.is_complaint {
            &PRIORITY_W_COMPLAINT
        } else {
            &PRIORITY_W
        })];
        let channel = Channel::ALL[rng.weighted(&CHANNEL_W)];
        let customer = if self.customers.is_empty() || rng.chance(0.03) {
            None
        } else if rng.chance(0.3) {
            Some(&self.customers[rng.index(self.key_accounts)])
        } else {
            Some(&self.customers[rng.index(self.customers.len())])
        };
        let (facts, category) = self.facts(&mut rng, customer);
        let title = match ty.titles.get(category) {
            Some(t) if !t.all.is_empty() => {
                let english_customer = customer.is_some_and(|c| c.english);
                // Problems particular to the product are the common ones.
                let list = if english_customer && !t.english.is_empty() && rng.chance(0.7) {
                    &t.english
                } else if !t.specific.is_empty() && rng.chance(0.5) {
                    &t.specific
                } else {
                    &t.all
                };
                facts.text(rng.pick::<&str>(list))
            }
            _ => format!("{} {}", facts.model, ty.id),
        };
        let body = self.body(&mut rng, ty, &facts);

        // Where the ticket stands now follows from its age against its target.
        let age = self.anchor - created;
        let target = self.sla.target(priority);
        let res_target = target.map_or(40.0, |t| t.resolution_hours);
        let fr_target = target.map_or(4.0, |t| t.first_response_hours);
        let res_secs = (res_target.max(1.0) * HOUR as f64) as i64;
        let fr_secs = (fr_target.max(0.25) * HOUR as f64) as i64;
        let f = age as f64 / business_to_calendar(res_secs) as f64;
        let p_active = match f {
            f if f < 0.35 => 0.92,
            f if f < 0.7 => 0.6,
            f if f < 1.0 => 0.2,
            f if f < 2.0 => 0.05,
            _ => self.stale_open,
        };
        let flow = &ty.flow;
        let mut active = rng.chance(p_active) && !ty.active.is_empty();
        let stage = if let Some((_, s)) = forced {
            active = flow.kinds[s].is_active();
            s
        } else if active {
            let weights: Vec<f64> = ty
                .active
                .iter()
                .map(|&s| {
                    if s == flow.initial {
                        if f < 0.15 {
                            6.0
                        } else if f < 0.5 {
                            1.5
                        } else {
                            0.3
                        }
                    } else {
                        // Tickets open long past their target mostly wait on someone.
                        let stale = f > 1.0
                            && (flow.kinds[s] == StageKind::Waiting || flow.ids[s] == "escalated");
                        active_weight(flow.ids[s], flow.kinds[s]) * if stale { 3.0 } else { 1.0 }
                    }
                })
                .collect();
            ty.active[rng.weighted(&weights)]
        } else {
            let resolved_only =
                !ty.resolved.is_empty() && rng.chance(if age < 3 * DAY { 0.55 } else { 0.03 });
            if resolved_only || ty.closed.is_empty() {
                *rng.pick(if ty.resolved.is_empty() {
                    &ty.active
                } else {
                    &ty.resolved
                })
            } else {
                *rng.pick(&ty.closed)
            }
        };
        let route = flow.route(stage, &mut rng);

        // The timeline: the resolving work, then (for closed tickets) the closing move.
        let t0 = created;
        let limit = self.anchor - 60;
        let closes_after_resolving = route.len() >= 2
            && flow.kinds[stage] == StageKind::Closed
            && flow.kinds[route[route.len() - 2]] == StageKind::Resolved;
        let (t_work, t_end) = if active {
            let end = t0 + ((limit - t0) as f64 * (0.2 + 0.8 * rng.unit())) as i64;
            (end, end)
        } else {
            let share = if rng.chance(0.85) {
                0.05 + 0.85 * rng.unit()
            } else {
                1.0 + 1.5 * rng.unit()
            };
            let resolve = t0 + business_to_calendar((res_secs as f64 * share) as i64).max(600);
            let close = if closes_after_resolving {
                resolve + rng.range(1, 5) * DAY + rng.range(0, 8) * HOUR
            } else {
                resolve
            };
            let end = close.min(limit);
            let work = if resolve >= end && closes_after_resolving {
                t0 + (end - t0) * 2 / 3
            } else {
                resolve.min(end)
            };
            (work, end)
        };
        let t_work = t_work.max(t0 + 120);
        let t_end = t_end.max(t_work);

        let mut raw: Vec<(i64, Raw)> = Vec::with_capacity(route.len() + 6);
        // Moves: spread over the work, the last one when the work ends.
        let work_moves = if closes_after_resolving && !active {
            route.len() - 1
        } else {
            route.len()
        };
        let mut times: Vec<i64> = (0..work_moves.saturating_sub(1))
            .map(|_| rng.range(t0 + 120, t_work))
            .collect();
        times.sort_unstable();
        if work_moves > 0 {
            times.push(t_work);
        }
        if work_moves < route.len() {
            times.push(t_end);
        }
        let first_activity = times.first().copied().unwrap_or(t_end);

        // Assignment: everything but some fresh tickets has an owner.
        let fresh = active && stage == flow.initial && f < 0.15;
        let unassigned = fresh && rng.chance(0.25);
        let weights = ty.pool_weights.get(category);
        let pick_agent = |rng: &mut Rng| -> usize {
            match weights {
                Some(w) => ty.pool[rng.weighted(w)],
                None => *rng.pick(&ty.pool),
            }
        };
        let first_agent = pick_agent(&mut rng);
        if !unassigned {
            let delay = rng
                .range(120, 45 * 60)
                .min((first_activity - t0) / 2)
                .max(30);
            raw.push((t0 + delay, Raw::Assign(first_agent)));
            if route.len() >= 2 && rng.chance(0.07) {
                let other = pick_agent(&mut rng);
                if other != first_agent {
                    let at = rng.range(t0 + delay + 60, t_end.max(t0 + delay + 60));
                    raw.push((at, Raw::Assign(other)));
                }
            }
        }
        for (&s, &at) in route.iter().zip(&times) {
            raw.push((at, Raw::Move(s)));
        }

        // Comments: a first reply early, more on older and finished tickets.
        let comments = if unassigned {
            0
        } else if active {
            // Fresh tickets may still await their first reply; the others have had it.
            if fresh {
                usize::from(rng.chance(0.6))
            } else {
                1 + rng.weighted(&[60.0, 30.0, 10.0])
            }
        } else {
            rng.weighted(&[10.0, 40.0, 30.0, 12.0, 5.0, 3.0])
        };
        let w = self.words;
        if comments > 0 {
            let share = if rng.chance(0.8) {
                0.05 + 0.85 * rng.unit()
            } else {
                1.0 + 2.0 * rng.unit()
            };
            let mut first = t0 + business_to_calendar((fr_secs as f64 * share) as i64).max(60);
            if first > t_end {
                first = t0 + (t_end - t0) / 2;
            }
            raw.push((
                first,
                Raw::Comment {
                    internal: false,
                    body: facts.text(rng.pick::<&str>(&w.reply_first)),
                },
            ));
            for k in 1..comments {
                let last = k + 1 == comments;
                if last && !active {
                    let at = (t_work - rng.range(60, 1800)).max(first);
                    let body = facts.text(rng.pick::<&str>(&w.reply_done));
                    raw.push((
                        at,
                        Raw::Comment {
                            internal: false,
                            body,
                        },
                    ));
                } else {
                    let internal = rng.chance(0.35);
                    let list = if internal { &w.note } else { &w.reply };
                    let at = rng.range(first, t_work.max(first));
                    raw.push((
                        at,
                        Raw::Comment {
                            internal,
                            body: facts.text(rng.pick::<&str>(list)),
                        },
                    ));
                }
            }
        }
        // Stable: events at the same second keep the order they were planned in.
        raw.sort_by_key(|(at, _)| *at);

        // Replay the changes as the operations would have made them.
        let creator = self.agents[if rng.chance(0.6) {
            first_agent
        } else {
            rng.index(self.agents.len())
        }]
        .name;
        let mut events = Vec::with_capacity(raw.len() + 1);
        events.push(Event {
            at: t0,
            actor: creator,
            kind: EventKind::Create {
                stage: flow.ids[flow.initial],
            },
        });
        let mut cur = flow.initial;
        let mut assignee: Option<usize> = None;
        let (mut fr_at, mut resolved_at, mut closed_at) = (None, None, None);
        for (at, r) in raw {
            let at = at.max(t0 + 1);
            let actor = assignee.map_or(creator, |a| self.agents[a].name);
            let kind = match r {
                Raw::Assign(a) => {
                    let old = assignee.map(|o| self.agents[o].name);
                    assignee = Some(a);
                    EventKind::Assign {
                        old,
                        new: self.agents[a].name,
                    }
                }
                Raw::Move(s) => {
                    let from = flow.ids[cur];
                    cur = s;
                    match flow.kinds[s] {
                        StageKind::Resolved => {
                            resolved_at = resolved_at.or(Some(at));
                            closed_at = None;
                        }
                        StageKind::Closed => {
                            resolved_at = resolved_at.or(Some(at));
                            closed_at = Some(at);
                        }
                        StageKind::Open | StageKind::Waiting => {
                            resolved_at = None;
                            closed_at = None;
                        }
                    }
                    if fr_at.is_none() && !flow.kinds[s].is_active() {
                        fr_at = Some(at);
                    }
                    EventKind::Move {
                        from,
                        to: flow.ids[s],
                    }
                }
                Raw::Comment { internal, body } => {
                    if !internal && fr_at.is_none() {
                        fr_at = Some(at);
                    }
                    let id = *comment_id;
                    *comment_id += 1;
                    EventKind::Comment { id, internal, body }
                }
            };
            events.push(Event { at, actor, kind });
        }
        let last = events.last().map_or((t0, creator), |e| (e.at, e.actor));
        let (fr_due, res_due) = self.sla.due_times(priority, created);
        // What the index triggers would store: the ticket's text, each comment.
        let id = self.first_ids.0 + index as i64 - 1;
        let mut docs = IndexDocs::default();
        docs.text.reserve((title.len() + body.len()) * 2);
        docs.add(ticket_doc(id), &title, &body);
        for e in &events {
            if let EventKind::Comment { id: cid, body, .. } = &e.kind {
                docs.add(comment_doc(id, *cid), "", body);
            }
        }
        let ticket = Ticket {
            id,
            title,
            body,
            stage: flow.ids[cur].to_string(),
            ty: ty.id.to_string(),
            priority,
            channel,
            customer_id: customer.map(|c| c.id),
            customer: None,
            assignee_id: assignee.map(|a| self.agents[a].id),
            assignee: None,
            created_at: created,
            updated_at: last.0,
            updated_by: last.1.to_string(),
            first_response_at: fr_at,
            resolved_at,
            closed_at,
            first_response_due: fr_due,
            resolution_due: res_due,
            next_due: None,
            version: events.len() as i64,
        };
        let sla = self.sla(&ticket, &events);
        let category = self
            .categories
            .of_into(&ticket.title, &mut String::new())
            .map(|i| i as i64);
        Plan {
            index: docs,
            ticket,
            events,
            sla,
            category,
        }
    }

    /// The stored SLA columns of a ticket with this history: the outcome
    /// (`sla_engine::pack`) as `Desk::rebuild_report_data` computes it from the rows,
    /// and for a ticket in an open, waiting or resolved stage every column as
    /// `Desk::sla_recompute_open` computes them. Written with the row, so that the
    /// rebuild and the recompute of the demo's service phase find nothing to change
    /// (the recompute rewrote ~44,000 rows at a million tickets, 6–8 s).
    fn sla(&self, t: &Ticket, events: &[Event<'_>]) -> SlaColumns {
        let changes: Vec<StageChange> = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Create { stage } => Some(StageChange {
                    at: e.at,
                    from: None,
                    to: stage.to_string(),
                }),
                EventKind::Move { from, to } => Some(StageChange {
                    at: e.at,
                    from: Some(from.to_string()),
                    to: to.to_string(),
                }),
                _ => None,
            })
            .collect();
        let h = History::of(t, &changes);
        let s = evaluate(self.sla, self.workflow, &h, self.now);
        if self.open_stages.contains(&t.stage) {
            return crate::ops::sla_columns(&s, h.stages.last().map(|x| x.0));
        }
        SlaColumns {
            first_response_due: t.first_response_due,
            resolution_due: t.resolution_due,
            outcome: Some(pack(
                ClockOutcome::of(s.first_response.as_ref()),
                ClockOutcome::of(s.resolution.as_ref()),
            )),
            ..SlaColumns::default()
        }
    }
}
