//! Runs the effects `update` asks for against the database (through ops) and turns
//! the results into messages: the console's own here, each pane's in its file.
//! No terminal here, so benches and tests use it too. Each effect runs in a span,
//! so a log shows what the console did and how long it took.

use crate::app::msg::{DbStatus, EditorFor, Effect, Failure, Msg, Problem};
use crate::domain::filter::Filter;
use crate::domain::quote::{strip, template};
use crate::ops::Desk;

/// Minutes of activity by others the status bar reports.
const OTHERS_MINUTES: i64 = 15;
/// Active tickets due within this window count as near their SLA.
const NEAR_FILTER: &str = "is:open due:<2h -is:breached";

/// Runs one effect; `Quit` is the loop's own and gives nothing here.
pub fn run(desk: &mut Desk, effect: Effect) -> Vec<Msg> {
    let kind = name(&effect);
    let msgs = crate::log::span("effect", &kind, || run_one(desk, effect));
    for m in &msgs {
        if let Msg::Failed(f) = m {
            tracing::warn!(effect = %kind, problem = ?f.problem, message = %f.message, "failed");
        }
    }
    msgs
}

fn run_one(desk: &mut Desk, effect: Effect) -> Vec<Msg> {
    match effect {
        Effect::LoadStatus => vec![status(desk).map(Msg::Status).unwrap_or_else(failed)],
        Effect::LoadAgents => vec![desk.agents().map(Msg::Agents).unwrap_or_else(failed)],
        Effect::Editor { text, purpose } => {
            // A reply or note opens over the customer's last message, quoted below
            // the scissors line; what comes back is cut there.
            let comment = matches!(purpose, EditorFor::Comment { .. });
            let text = match &purpose {
                EditorFor::Comment { id, .. } => {
                    let quote = last_customer_message(desk, *id);
                    template(&text, quote.as_ref().map(|(a, t)| (a.as_str(), t.as_str())))
                }
                _ => text,
            };
            let edited = crate::editor::edit_text(&text, "md").map_err(|e| {
                let mut f = Failure::of(&e);
                f.problem = Problem::Editor;
                f
            });
            vec![Msg::EditorDone {
                purpose,
                text: edited.map(|t| if comment { strip(&t) } else { t }),
            }]
        }
        Effect::LoadDemo => vec![demo(desk, &mut |_, _| {})],
        Effect::SetIdentity {
            name,
            create,
            config,
        } => vec![Msg::IdentitySet(
            set_identity(desk, &name, create, config.as_deref())
                .map(|saved| (name, saved))
                .map_err(|e| Failure::of(&e)),
        )],
        Effect::Quit | Effect::Suspend => Vec::new(),
        Effect::Tickets(fx) => super::tickets::run(desk, fx),
        Effect::Projects(fx) => super::projects::run(desk, fx),
        Effect::Kb(fx) => super::kb::run(desk, fx),
        Effect::Team(fx) => super::team::run(desk, fx),
        Effect::Dashboard(fx) => super::dashboard::run(desk, fx),
    }
}

/// The effect's kind for the log (not its data: that may hold customer text).
fn name(e: &Effect) -> String {
    let debug = match e {
        Effect::Tickets(fx) => format!("tickets::{fx:?}"),
        Effect::Projects(fx) => format!("projects::{fx:?}"),
        Effect::Kb(fx) => format!("kb::{fx:?}"),
        Effect::Team(fx) => format!("team::{fx:?}"),
        Effect::Dashboard(fx) => format!("dashboard::{fx:?}"),
        other => format!("{other:?}"),
    };
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn failed(e: crate::Error) -> Msg {
    Msg::Failed(Failure::of(&e))
}

/// Facts for the status bar: journal mode, totals, SLA counts, other people at work.
pub fn status(desk: &Desk) -> crate::Result<DbStatus> {
    let breached = Filter::parse("is:breached").unwrap_or_default();
    let near = Filter::parse(NEAR_FILTER).unwrap_or_default();
    Ok(DbStatus {
        journal_mode: match desk.store.engine() {
            crate::store::Engine::Sqlite => desk.store.journal_mode()?.to_lowercase(),
            crate::store::Engine::Postgres => "postgres".into(),
        },
        shared: desk.store.on_network_fs(),
        server: desk.store.engine() == crate::store::Engine::Postgres,
        read_only: desk.store.is_read_only(),
        total: desk.ticket_total()?,
        breached: desk.count_tickets(&breached)?,
        near: desk.count_tickets(&near)?,
        others: desk.recent_actors(OTHERS_MINUTES)?,
    })
}

/// Acts as `name` (added as an agent first when `create`) and writes it as
/// `[ui] agent` into the config file; returns the file written.
fn set_identity(
    desk: &mut Desk,
    name: &str,
    create: bool,
    config: Option<&std::path::Path>,
) -> crate::Result<Option<std::path::PathBuf>> {
    if create {
        desk.create_agent(crate::ops::AgentInput {
            name: name.to_string(),
            ..Default::default()
        })?;
    }
    if let Some(path) = config {
        crate::config::write::set_string(path, "ui", "agent", name)?;
    }
    desk.actor = name.to_string();
    Ok(config.map(|p| p.to_path_buf()))
}

/// Fills an empty database with the demo data set (the welcome screen's one key);
/// `progress(done, total)` as tickets are written.
pub fn demo(desk: &mut Desk, progress: &mut dyn FnMut(u64, u64)) -> Msg {
    let opts = crate::demo::DemoOptions {
        tickets: 2000,
        seed: 1,
    };
    Msg::DemoLoaded(
        crate::demo::generate(desk, &opts, progress)
            .map(|_| ())
            .map_err(|e| Failure::of(&e)),
    )
}

/// The customer's last message on ticket `id` (author, text): the newest visible
/// comment by someone who is not an agent, else the ticket's own text.
fn last_customer_message(desk: &Desk, id: i64) -> Option<(String, String)> {
    let t = desk.ticket(id).ok()?;
    let agents: Vec<String> = desk
        .agents()
        .map(|a| a.into_iter().map(|a| a.name).collect())
        .unwrap_or_default();
    let comments = desk.comments(id).unwrap_or_default();
    let from_customer = comments
        .iter()
        .rev()
        .find(|c| !c.internal && !agents.contains(&c.author) && c.author != desk.actor);
    match from_customer {
        Some(c) => Some((c.author.clone(), c.body.clone())),
        None => Some((t.customer.clone().unwrap_or_default(), t.body.clone())),
    }
}
