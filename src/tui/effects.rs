//! Runs the effects `update` asks for against the database (through ops) and
//! turns the results into messages. No terminal here, so benches and tests use it too.

use crate::app::effect::{Change, Effect, Msg, NewTicketFields, Outcome, Why, Write};
use crate::app::projects_state::PlanFx;
use crate::app::state::DbStatus;
use crate::domain::filter::Filter;
use crate::error::Error;
use crate::ops::{Desk, TicketEdit, TicketInput};

/// Minutes of activity by others the status bar reports.
const OTHERS_MINUTES: i64 = 15;
/// Active tickets due within this window count as near their SLA.
const NEAR_FILTER: &str = "is:open due:<2h -is:breached";

/// Runs one effect; `Quit` and `Editor` are the loop's own and give nothing here.
pub fn run(desk: &mut Desk, effect: Effect) -> Vec<Msg> {
    match effect {
        Effect::LoadTickets(req) => {
            match desk.list_tickets(&req.filter, req.sort, req.descending, req.after, req.limit) {
                Ok(page) => vec![Msg::Page {
                    gen: req.gen,
                    place: req.place,
                    more: page.next.is_some(),
                    rows: page.rows.into_iter().map(|t| desk.ticket_view(t)).collect(),
                }],
                Err(e) => vec![failed(e)],
            }
        }
        Effect::CountTickets { gen, filter } => match desk.count_tickets(&filter) {
            Ok(total) => vec![Msg::Count { gen, total }],
            Err(e) => vec![failed(e)],
        },
        Effect::LoadStatus => match status(desk) {
            Ok(s) => vec![Msg::Status(s)],
            Err(e) => vec![failed(e)],
        },
        Effect::LoadDetail { id } => {
            let r = (|| {
                let t = desk.ticket(id)?;
                Ok::<_, Error>(Msg::Detail {
                    comments: desk.comments(id)?,
                    history: desk.ticket_history(id)?,
                    view: Box::new(desk.ticket_view(t)),
                })
            })();
            // The SLA breakdown, warranty, tags … follow the ticket.
            vec![
                r.unwrap_or_else(failed),
                super::ticket_extras::detail_info(desk, id),
            ]
        }
        Effect::LoadAgents => vec![desk.agents().map(Msg::Agents).unwrap_or_else(failed)],
        Effect::LoadProjects => {
            let mut m = vec![desk.projects().map(Msg::Projects).unwrap_or_else(failed)];
            m.extend(super::project_effects::run(desk, PlanFx::Summaries));
            m
        }
        Effect::LoadProject { id } => {
            let mut m = vec![desk
                .project_detail(id)
                .map(|p| Msg::Project(Box::new(p)))
                .unwrap_or_else(failed)];
            m.extend(super::project_effects::run(desk, PlanFx::Load { id }));
            m
        }
        Effect::Plan(fx) => super::project_effects::run(desk, fx),
        Effect::Kb(k) => super::kb_effects::run(desk, k),
        Effect::LoadArticles => vec![desk
            .articles(None)
            .map(Msg::Articles)
            .unwrap_or_else(failed)],
        Effect::Write { writes, why } => {
            let results = writes
                .into_iter()
                .map(|w| {
                    let outcome = write(desk, &w, why);
                    (w, outcome)
                })
                .collect();
            vec![Msg::Written { why, results }]
        }
        Effect::CreateTicket(fields) => vec![Msg::Created(
            create(desk, fields)
                .map(|t| Box::new(desk.ticket_view(t)))
                .map_err(|e| (e.to_string(), e.hint())),
        )],
        Effect::Editor { text, purpose } => vec![Msg::EditorDone {
            purpose,
            text: crate::editor::edit_text(&text, "md").map_err(|e| match e.hint() {
                Some(h) => format!("{e} ({h})"),
                None => e.to_string(),
            }),
        }],
        Effect::LoadDemo => vec![Msg::DemoLoaded(load_demo(desk).map_err(|e| e.to_string()))],
        e @ (Effect::LoadWorkload { .. }
        | Effect::LoadRanking { .. }
        | Effect::AutoAssign { .. }
        | Effect::TimerStart { .. }
        | Effect::TimerStop
        | Effect::LoadTimer) => super::team_effects::run(desk, e),
        Effect::Quit => Vec::new(),
        Effect::Extra(e) => super::ticket_extras::run(desk, e),
    }
}

fn failed(e: Error) -> Msg {
    Msg::Failed {
        message: e.to_string(),
        hint: e.hint(),
    }
}

/// Facts for the status bar: journal mode, totals, SLA counts, other people at work.
pub fn status(desk: &Desk) -> crate::Result<DbStatus> {
    let breached = Filter::parse("is:breached").unwrap_or_default();
    let near = Filter::parse(NEAR_FILTER).unwrap_or_default();
    Ok(DbStatus {
        journal_mode: desk.store.journal_mode()?.to_lowercase(),
        shared: crate::store::on_network_fs(desk.store.path()),
        read_only: desk.store.is_read_only(),
        total: desk.ticket_total()?,
        breached: desk.count_tickets(&breached)?,
        near: desk.count_tickets(&near)?,
        others: desk.recent_actors(OTHERS_MINUTES)?,
    })
}

/// Applies one change, reporting a conflict with the current version of the ticket.
fn write(desk: &mut Desk, w: &Write, why: Why) -> Outcome {
    let before = match desk.ticket(w.id) {
        Ok(t) => t,
        Err(e) => return failure(e),
    };
    let r = match &w.change {
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
        Change::Comment { text, internal } => desk
            .comment(w.id, text, *internal, w.expected)
            .and_then(|_| desk.ticket(w.id)),
    };
    match r {
        Ok(after) => Outcome::Done {
            before: Box::new(before),
            after: Box::new(desk.ticket_view(after)),
        },
        Err(e) if e.is_conflict() => match desk.ticket(w.id) {
            Ok(theirs) => Outcome::Conflict {
                theirs: Box::new(theirs),
                message: e.to_string(),
            },
            Err(e2) => failure(e2),
        },
        Err(e) => failure(e),
    }
}

fn failure(e: Error) -> Outcome {
    Outcome::Failed {
        message: e.to_string(),
        hint: e.hint(),
    }
}

fn create(desk: &mut Desk, f: NewTicketFields) -> crate::Result<crate::domain::ticket::Ticket> {
    let some = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    desk.create_ticket(TicketInput {
        title: f.title,
        body: f.body,
        customer: some(f.customer),
        // Only a customer that exists or matches uniquely: creating one is an
        // explicit choice.
        new_customer: false,
        channel: None,
        ty: some(f.ty),
        priority: some(f.priority),
        assignee: None,
    })
}

/// Fills an empty database with the demo data set (the welcome screen's one key).
fn load_demo(desk: &mut Desk) -> crate::Result<()> {
    let opts = crate::demo::DemoOptions {
        tickets: 2000,
        seed: 1,
    };
    crate::demo::generate(desk, &opts, &mut |_, _| {}).map(|_| ())
}
