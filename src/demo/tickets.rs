//! Demo tickets: who wrote in, about what, and everything that happened since, as the
//! ticket row plus the ordered events (create, assign, move, reply, note) that the
//! operations would have recorded.
//!
//! Everything but absolute times depends only on the seed: titles, customers, agents,
//! stages and the order of events. Times are offsets from the anchor (midnight today).

use super::clock::{business_to_calendar, DAY, HOUR};
use super::rng::Rng;
use super::routes::FlowPlan;
use super::words::{render, TitleTemplate, Words};
use crate::config::Config;
use crate::domain::search::index_text_into;
use crate::domain::sla::SlaPolicy;
use crate::domain::ticket::{Channel, Priority, Ticket};
use crate::domain::workflow::StageKind;
use crate::store::search::{comment_doc, ticket_doc};
use std::collections::HashMap;

const STREAM_TICKET: u64 = 10;
const STREAM_DAY: u64 = 11;

/// Days of history for `total` tickets: about 40 tickets a day, between a month and a year,
/// so the open backlog (a few days of intake) is a visible share of a small demo.
pub fn history_days(total: u64) -> i64 {
    (total / 40).clamp(30, 365) as i64
}

/// What the ticket generator needs to know about a customer.
pub struct CustomerRef {
    pub id: i64,
    /// Indexes into `Words::products`.
    pub models: Vec<usize>,
    pub serials: Vec<String>,
    pub purchased: Vec<String>,
    pub english: bool,
}

/// What the ticket generator needs to know about an agent.
pub struct AgentRef<'a> {
    pub id: i64,
    pub name: &'a str,
    pub groups: &'a [String],
    pub skills: &'a [String],
}

/// One recorded change of a generated ticket.
#[derive(Debug, Clone)]
pub enum EventKind<'a> {
    Create {
        stage: &'a str,
    },
    Assign {
        old: Option<&'a str>,
        new: &'a str,
    },
    Move {
        from: &'a str,
        to: &'a str,
    },
    Comment {
        id: i64,
        internal: bool,
        body: String,
    },
}

/// An event with its time and actor; its version is its position plus one.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub at: i64,
    pub actor: &'a str,
    pub kind: EventKind<'a>,
}

/// A generated ticket with its id, its history (oldest first) and its word-index text.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    pub ticket: Ticket,
    pub events: Vec<Event<'a>>,
    /// The ticket's word-index documents, segmented (see `IndexDocs`).
    pub index: IndexDocs,
}

/// A ticket's documents in the word index as the triggers would write them: its
/// title and body, then each comment, in rowid order. One string holds all the
/// segmented text (one allocation per ticket while thousands wait to be written).
#[derive(Debug, Clone, Default)]
pub struct IndexDocs {
    pub text: String,
    /// Per document: rowid, and where its title and body end in `text` (the title
    /// starts where the previous document's body ends).
    pub docs: Vec<(i64, usize, usize)>,
}

impl IndexDocs {
    fn add(&mut self, doc: i64, title: &str, body: &str) {
        index_text_into(title, &mut self.text);
        let title_end = self.text.len();
        index_text_into(body, &mut self.text);
        self.docs.push((doc, title_end, self.text.len()));
    }

    /// (rowid, title, body) of each document.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &str, &str)> {
        let mut start = 0;
        self.docs.iter().map(move |&(doc, title_end, end)| {
            let title = &self.text[start..title_end];
            let body = &self.text[title_end..end];
            start = end;
            (doc, title, body)
        })
    }
}

/// Per ticket type: its flow, its agents and its words.
struct TypeGen<'a> {
    id: &'a str,
    is_complaint: bool,
    flow: FlowPlan<'a>,
    active: Vec<usize>,
    resolved: Vec<usize>,
    closed: Vec<usize>,
    /// Agent indexes of the groups that handle the type.
    pool: Vec<usize>,
    /// Per product category: pool weights (skill level in the category counts).
    pool_weights: HashMap<&'static str, Vec<f64>>,
    /// Per product category: title templates.
    titles: HashMap<&'static str, Titles>,
    bodies: &'static [&'static str],
}

/// The title templates of one ticket type for one product category.
#[derive(Default)]
struct Titles {
    /// Templates for this category only (`printer: 打印机卡纸 …`).
    specific: Vec<&'static str>,
    /// Every template that fits: the specific ones and the generic ones.
    all: Vec<&'static str>,
    /// The ones without Chinese, for foreign customers.
    english: Vec<&'static str>,
}

/// Generates tickets in creation order.
pub struct TicketGen<'a> {
    seed: u64,
    anchor: i64,
    sla: &'a SlaPolicy,
    types: Vec<TypeGen<'a>>,
    type_weights: Vec<f64>,
    customers: &'a [CustomerRef],
    key_accounts: usize,
    agents: &'a [AgentRef<'a>],
    words: &'static Words,
    /// Tickets created on each day, oldest day first.
    per_day: Vec<u64>,
    /// Newest tickets whose type and stage are set, so that even a small demo has a
    /// ticket in every stage: ticket index → (type index, stage index).
    showcase: HashMap<u64, (usize, usize)>,
    /// Id of the first ticket and of the first comment: ids follow in creation order.
    first_ids: (i64, i64),
    /// Chance that a long-overdue ticket is still open: the backlog of stale tickets
    /// stays a fraction of the recent ones whatever the length of the history.
    stale_open: f64,
}

/// The groups that handle a ticket type of the default config.
fn groups_for(ty: &str) -> &'static [&'static str] {
    match ty {
        "technical" => &["technical"],
        "after_sales" => &["technical", "logistics"],
        "complaint" => &["complaints"],
        "inquiry" => &["sales"],
        "return" => &["logistics"],
        _ => &[],
    }
}

/// How common each type of the default config is; other types get 10.
fn type_weight(ty: &str) -> f64 {
    match ty {
        "technical" => 34.0,
        "after_sales" => 24.0,
        "complaint" => 10.0,
        "inquiry" => 18.0,
        "return" => 14.0,
        _ => 10.0,
    }
}

/// Relative share of each active stage of the default config, by stage id.
fn active_weight(id: &str, kind: StageKind) -> f64 {
    match id {
        "analysing" => 1.0,
        "in_progress" | "investigating" => 2.0,
        "waiting_customer" => 1.2,
        "escalated" => 0.5,
        "solution_proposed" => 1.0,
        _ if kind == StageKind::Waiting => 0.8,
        _ => 1.0,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

fn skill_level(skills: &[String], name: &str) -> Option<f64> {
    skills.iter().find_map(|s| {
        let (n, level) = s.split_once(':').unwrap_or((s, "3"));
        (n == name).then(|| level.parse().unwrap_or(3.0))
    })
}

/// Priority weights (low, normal, high, urgent); complaints run hotter.
const PRIORITY_W: [f64; 4] = [18.0, 50.0, 24.0, 8.0];
const PRIORITY_W_COMPLAINT: [f64; 4] = [5.0, 40.0, 40.0, 15.0];
/// Channel weights in `Channel::ALL` order (phone, email, chat, social, web, other).
const CHANNEL_W: [f64; 6] = [26.0, 24.0, 20.0, 7.0, 18.0, 5.0];

/// Per-ticket facts the templates refer to, drawn once so title, body and
/// comments agree.
struct Facts {
    model: &'static str,
    category_zh: &'static str,
    serial: String,
    purchased: String,
    order: u64,
    err: String,
    courier: &'static str,
    tracking: u64,
    n: i64,
    days: i64,
    amount: i64,
    city: &'static str,
    rma: u64,
    fw: String,
}

impl Facts {
    fn fill(&self, name: &str, out: &mut String) {
        use std::fmt::Write;
        let _ = match name {
            "product" => write!(out, "{}", self.model),
            "cat" => write!(out, "{}", self.category_zh),
            "serial" => write!(out, "{}", self.serial),
            "purchased" => write!(out, "{}", self.purchased),
            "order" => write!(out, "{}", self.order),
            "err" => write!(out, "{}", self.err),
            "courier" => write!(out, "{}", self.courier),
            "tracking" => write!(out, "{}", self.tracking),
            "n" => write!(out, "{}", self.n),
            "days" => write!(out, "{}", self.days),
            "amount" => write!(out, "{}", self.amount),
            "city" => write!(out, "{}", self.city),
            "rma" => write!(out, "RMA{}", self.rma),
            "fw" => write!(out, "{}", self.fw),
            other => write!(out, "{{{other}}}"),
        };
    }

    fn text(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 24);
        render(template, &mut out, &mut |name, o| self.fill(name, o));
        out
    }
}

/// A change before actors and versions are known.
enum Raw {
    Assign(usize),
    Move(usize),
    Comment { internal: bool, body: String },
}

impl<'a> TicketGen<'a> {
    /// A generator for `total` tickets over `config`'s workflow and SLA, numbering
    /// tickets and comments from `first_ids`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        seed: u64,
        total: u64,
        anchor: i64,
        first_ids: (i64, i64),
        config: &'a Config,
        customers: &'a [CustomerRef],
        agents: &'a [AgentRef<'a>],
    ) -> TicketGen<'a> {
        let words = Words::get();
        let categories: Vec<&'static str> = {
            let mut c: Vec<&'static str> = words.products.iter().map(|p| p.category).collect();
            c.sort_unstable();
            c.dedup();
            c
        };
        let all_agents: Vec<usize> = (0..agents.len()).collect();
        let types = config
            .workflow
            .types
            .iter()
            .map(|t| {
                let flow = FlowPlan::new(config.workflow.flow_for(&t.id));
                let groups = groups_for(&t.id);
                let mut pool: Vec<usize> = (0..agents.len())
                    .filter(|&a| {
                        agents[a]
                            .groups
                            .iter()
                            .any(|g| groups.contains(&g.as_str()))
                    })
                    .collect();
                if pool.is_empty() {
                    pool = all_agents.clone();
                }
                let templates = words
                    .titles
                    .get(t.id.as_str())
                    .or_else(|| words.titles.get("technical"))
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let titles = categories
                    .iter()
                    .map(|&cat| {
                        let fits = |tt: &&TitleTemplate| tt.category.is_none_or(|c| c == cat);
                        let all: Vec<&'static str> =
                            templates.iter().filter(fits).map(|tt| tt.text).collect();
                        let titles = Titles {
                            specific: templates
                                .iter()
                                .filter(|tt| tt.category == Some(cat))
                                .map(|tt| tt.text)
                                .collect(),
                            english: all
                                .iter()
                                .copied()
                                .filter(|s| !s.chars().any(is_cjk))
                                .collect(),
                            all,
                        };
                        (cat, titles)
                    })
                    .collect();
                let pool_weights = categories
                    .iter()
                    .map(|&cat| {
                        let w = pool
                            .iter()
                            .map(|&a| 1.0 + skill_level(agents[a].skills, cat).unwrap_or(0.0))
                            .collect();
                        (cat, w)
                    })
                    .collect();
                TypeGen {
                    id: t.id.as_str(),
                    is_complaint: t.id == "complaint",
                    active: flow.stages_of(&[StageKind::Open, StageKind::Waiting]),
                    resolved: flow.stages_of(&[StageKind::Resolved]),
                    closed: flow.stages_of(&[StageKind::Closed]),
                    flow,
                    pool,
                    pool_weights,
                    titles,
                    bodies: words
                        .bodies
                        .get(t.id.as_str())
                        .map(Vec::as_slice)
                        .unwrap_or(&[]),
                }
            })
            .collect::<Vec<_>>();
        let type_weights = types.iter().map(|t| type_weight(t.id)).collect();
        let showcase = showcase(seed, total, config, &types);
        TicketGen {
            seed,
            anchor,
            sla: &config.sla,
            types,
            type_weights,
            customers,
            key_accounts: (customers.len() / 20).max(15).min(customers.len()),
            agents,
            words,
            per_day: per_day(seed, total, history_days(total)),
            stale_open: 0.5 / history_days(total) as f64,
            showcase,
            first_ids,
        }
    }

    /// Generates every ticket, oldest first, handing over one day's tickets at a time;
    /// stops early when `emit` returns false.
    pub fn run(&self, emit: &mut dyn FnMut(Vec<Plan<'a>>) -> bool) {
        let mut index = 0u64;
        let mut comment_id = self.first_ids.1;
        for (d, &count) in self.per_day.iter().enumerate() {
            let day_start = self.anchor - (self.per_day.len() - d) as i64 * DAY;
            let mut rng = Rng::derive(self.seed, STREAM_DAY, d as u64);
            let mut times: Vec<i64> = (0..count)
                .map(|_| day_start + time_of_day(&mut rng))
                .collect();
            times.sort_unstable();
            let plans = times
                .into_iter()
                .map(|t| {
                    index += 1;
                    self.ticket(index, t, &mut comment_id)
                })
                .collect();
            if !emit(plans) {
                return;
            }
        }
    }

    fn facts(&self, rng: &mut Rng, customer: Option<&CustomerRef>) -> (Facts, &'static str) {
        let w = self.words;
        let owned = customer.filter(|c| !c.models.is_empty());
        let (model, serial, purchased) = match owned {
            Some(c) => {
                let k = rng.index(c.models.len());
                (c.models[k], c.serials[k].clone(), c.purchased[k].clone())
            }
            None => {
                let m = rng.index(w.products.len());
                let serial = format!(
                    "{}{:08}",
                    w.products[m].serial_prefix,
                    rng.below(100_000_000)
                );
                (
                    m,
                    serial,
                    format!("2025-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28)),
                )
            }
        };
        let def = w.products[model];
        let err = match rng.below(4) {
            0 => format!("E{:02}", rng.range(1, 99)),
            1 => format!("0x8007{:04X}", rng.below(0x10000)),
            2 => format!("E-{}", rng.range(1000, 9999)),
            _ => format!("F{}", rng.range(0, 9)),
        };
        let facts = Facts {
            model: def.model,
            category_zh: def.category_zh,
            serial,
            purchased,
            order: rng.range(10_000, 99_999) as u64,
            err,
            courier: rng.pick::<&str>(&w.courier),
            tracking: rng.range(100_000_000_000, 999_999_999_999) as u64,
            n: rng.range(2, 9),
            days: rng.range(3, 20),
            amount: rng.range(8, 500) * 10,
            city: rng.pick(&w.zh_city).0,
            rma: rng.range(1_000_000, 9_999_999) as u64,
            fw: format!(
                "{}.{}.{}",
                rng.range(1, 5),
                rng.range(0, 9),
                rng.range(0, 30)
            ),
        };
        (facts, def.category)
    }

    fn body(&self, rng: &mut Rng, ty: &TypeGen<'a>, facts: &Facts) -> String {
        let any = self
            .words
            .bodies
            .get("any")
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let n = 1 + rng.weighted(&[35.0, 35.0, 20.0, 10.0]);
        let mut used: Vec<&str> = Vec::with_capacity(n);
        let mut out = String::new();
        for _ in 0..n {
            let list = if rng.chance(0.5) && !ty.bodies.is_empty() {
                ty.bodies
            } else {
                any
            };
            if list.is_empty() {
                break;
            }
            let s = *rng.pick(list);
            if used.contains(&s) {
                continue;
            }
            used.push(s);
            let text = facts.text(s);
            let cjk_join =
                out.chars().last().is_some_and(is_cjk) && text.chars().next().is_some_and(is_cjk);
            if !out.is_empty() && !cjk_join {
                out.push(' ');
            }
            out.push_str(&text);
        }
        out
    }

    fn ticket(&self, index: u64, created: i64, comment_id: &mut i64) -> Plan<'a> {
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
        Plan {
            index: docs,
            ticket: Ticket {
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
            },
            events,
        }
    }
}

/// Picks, among the newest tickets, one for every stage (but the closed ones, which
/// are common anyway) of every flow, with the first type that uses the flow.
fn showcase(
    seed: u64,
    total: u64,
    config: &Config,
    types: &[TypeGen<'_>],
) -> HashMap<u64, (usize, usize)> {
    let mut wanted = Vec::new();
    for flow in config.workflow.flows.values() {
        let Some(t) = config
            .workflow
            .types
            .iter()
            .position(|t| config.workflow.flow_for(&t.id).id == flow.id)
        else {
            continue;
        };
        let plan = &types[t].flow;
        for s in plan.stages_of(&[StageKind::Open, StageKind::Waiting, StageKind::Resolved]) {
            wanted.push((t, s));
        }
    }
    // Scattered over the newest tickets so they do not stand out as a block.
    let window = (wanted.len() as u64 * 3).min(total);
    let mut slots: Vec<u64> = (total - window + 1..=total).collect();
    let mut rng = Rng::derive(seed, STREAM_DAY, u64::MAX);
    for i in 0..slots.len() {
        let j = i + rng.index(slots.len() - i);
        slots.swap(i, j);
    }
    slots.into_iter().zip(wanted).collect()
}

/// A time of day in seconds: mostly office hours, some evenings, a few nights.
fn time_of_day(rng: &mut Rng) -> i64 {
    let (from, to) = match rng.weighted(&[80.0, 15.0, 5.0]) {
        0 => (9 * HOUR, 18 * HOUR),
        1 => (18 * HOUR, 23 * HOUR),
        _ => (0, 9 * HOUR),
    };
    // Never in the last two minutes of the day, so every event fits before midnight.
    rng.range(from, to - 1).min(DAY - 120)
}

/// How many of `total` tickets were created on each day: volume grows over the
/// period, with some day-to-day noise.
fn per_day(seed: u64, total: u64, days: i64) -> Vec<u64> {
    let weights: Vec<f64> = (0..days)
        .map(|d| {
            let mut rng = Rng::derive(seed, STREAM_DAY, 1_000_000 + d as u64);
            (1.0 + 0.35 * d as f64 / days as f64) * (0.85 + 0.3 * rng.unit())
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut out = Vec::with_capacity(weights.len());
    let (mut acc, mut given) = (0.0, 0u64);
    for w in weights {
        acc += w;
        let upto = ((acc / sum) * total as f64).round() as u64;
        let upto = upto.min(total);
        out.push(upto - given);
        given = upto;
    }
    if let Some(last) = out.last_mut() {
        *last += total - given;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_add_up_to_the_total() {
        for total in [0, 1, 7, 2000, 1_000_000] {
            let days = history_days(total);
            assert_eq!(per_day(3, total, days).len() as i64, days);
            assert_eq!(per_day(3, total, days).iter().sum::<u64>(), total);
        }
    }
}
