//! The values of the pane's arguments (stages, agents, views, macros, canned
//! replies), for pickers and the palette alike, and opening a picker of them.

use super::state::TicketsState;
use crate::app::chrome::{Overlay, Picker};
use crate::app::command::{ArgKind, Choice, Command, Completer};
use crate::app::ctx::Ctx;
use crate::app::msg::{Effect, Note, TicketsNote};
use crate::app::outcome::Outcome;
use crate::domain::service::Macro;
use crate::domain::ticket::Ticket;

/// The values of an argument the pane knows, for pickers and the palette.
pub fn choices(s: &TicketsState, ctx: &Ctx, kind: ArgKind) -> Vec<Choice> {
    match kind {
        ArgKind::ViewName => s
            .views
            .iter()
            .map(|v| Choice::plain(&v.name, &v.query))
            .collect(),
        ArgKind::Stage => common_stages(s, ctx),
        ArgKind::Agent | ArgKind::Me => ctx
            .agents
            .iter()
            .filter(|a| a.active)
            .map(|a| Choice {
                value: a.name.clone(),
                label: a.name.clone(),
                hint: format!("{} · {}", a.open_tickets, a.groups.join(",")),
            })
            .collect(),
        ArgKind::MacroId => s
            .macros
            .iter()
            .map(|m| Choice {
                value: m.id.clone(),
                label: m.title.clone(),
                hint: macro_hint(m, ctx),
            })
            .collect(),
        ArgKind::TemplateId => s
            .replies
            .iter()
            .map(|r| Choice {
                value: r.id.clone(),
                label: r.title.clone(),
                hint: crate::domain::text::one_line(&r.text),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Stages every target may move to, in flow order.
pub fn common_stages(s: &TicketsState, ctx: &Ctx) -> Vec<Choice> {
    let targets = s.targets(ctx.place);
    let Some(first) = targets.first() else {
        return Vec::new();
    };
    let flow = ctx.workflow.flow_for(&first.ty);
    let allowed = |t: &Ticket| -> Vec<String> {
        ctx.workflow
            .flow_for(&t.ty)
            .stage(&t.stage)
            .map(|st| st.next.clone())
            .unwrap_or_default()
    };
    let mut common = allowed(first);
    for t in &targets[1..] {
        let next = allowed(t);
        common.retain(|id| next.contains(id));
    }
    flow.stages
        .iter()
        .filter(|st| common.contains(&st.id))
        .map(|st| Choice {
            value: st.id.clone(),
            label: st.label(ctx.lang.code()).to_string(),
            hint: st.id.clone(),
        })
        .collect()
}

/// A picker for `cmd`'s argument: `items`, or (when empty) the values its completer
/// knows without the pane.
pub fn pick(ctx: &Ctx, cmd: Command, items: Vec<Choice>) -> Outcome {
    let items = match (items.is_empty(), cmd.spec().arg.map(ArgKind::completer)) {
        (true, Some(Completer::Fixed(f))) => f(ctx),
        _ => items,
    };
    Outcome::dialog(Overlay::Picker(Picker::new(cmd, items)))
}

/// A picker for a change of the targets; says why when there is nothing to pick.
pub fn open_picker(s: &TicketsState, ctx: &Ctx, cmd: Command) -> Outcome {
    if s.targets(ctx.place).is_empty() {
        return Outcome::note(Note::NoTicket);
    }
    let kind = cmd.spec().arg.unwrap_or(ArgKind::FreeText);
    let items = match kind.completer() {
        Completer::Fixed(f) => f(ctx),
        _ => choices(s, ctx, kind),
    };
    if items.is_empty() {
        return match kind {
            ArgKind::Agent => Outcome::note(TicketsNote::NoAgents).and_effect(Effect::LoadAgents),
            _ => Outcome::note(TicketsNote::NoCommonStage),
        };
    }
    pick(ctx, cmd, items)
}

/// What a macro does, in short: `→ stage · priority · @agent · reply`, the stage by
/// its label in the console's language (the macro names it by id).
pub fn macro_hint(m: &Macro, ctx: &Ctx) -> String {
    let mut parts = Vec::new();
    if let Some(st) = &m.stage {
        let label = ctx
            .workflow
            .flows
            .values()
            .find_map(|flow| flow.stage(st))
            .map_or(st.as_str(), |x| x.label(ctx.lang.code()));
        parts.push(format!("→ {label}"));
    }
    if let Some(p) = m.priority {
        parts.push(p.as_str().to_string());
    }
    if let Some(a) = &m.assignee {
        parts.push(format!("@{a}"));
    }
    if let Some(r) = &m.reply {
        parts.push(format!("✉ {r}"));
    }
    parts.join(" · ")
}
