//! The Team pane's commands and results: moving through the agents, an agent's
//! tickets, the workload when the pane shows, and the timer commands.

use super::state::TeamState;
use crate::app::command::Command;
use crate::app::ctx::Ctx;
use crate::app::msg::team::WEEKS;
use crate::app::msg::{Effect, Note, TeamFx, TeamMsg};
use crate::app::outcome::{Outcome, Request};

/// Applies one of the pane's commands.
pub fn update(s: &mut TeamState, ctx: &Ctx, cmd: Command) -> Outcome {
    let h = ctx.list_height();
    let n = ctx.agents.len();
    match cmd {
        Command::Down => s.cursor.step(1, n, h),
        Command::Up => s.cursor.step(-1, n, h),
        Command::PageDown => s.cursor.step(h as i64, n, h),
        Command::PageUp => s.cursor.step(-(h as i64), n, h),
        Command::Top => s.cursor.step(-i64::from(u32::MAX), n, h),
        Command::Bottom => s.cursor.step(i64::from(u32::MAX), n, h),
        // An agent's tickets: the Tickets pane filtered to them.
        Command::Open => {
            if let Some(a) = ctx.agents.get(s.cursor.selected) {
                let q = format!("assignee:\"{}\" is:open", a.name.replace('"', ""));
                return Outcome::request(Request::Run(Command::Filter(Some(q))));
            }
        }
        Command::TimerStart => {
            return match ctx.focus {
                Some(t) => Outcome::effect(TeamFx::TimerStart { id: t.id }),
                None => Outcome::note(Note::NoTicket),
            }
        }
        Command::TimerStop => return Outcome::effect(TeamFx::TimerStop),
        _ => {}
    }
    Outcome::none()
}

/// Applies a result.
pub fn handle(s: &mut TeamState, msg: TeamMsg) -> Outcome {
    match msg {
        TeamMsg::Workload(w) => {
            s.workload = Some(*w);
            Outcome::none()
        }
        TeamMsg::Timer { timer, note } => {
            s.timer = timer;
            match note {
                Some(n) => Outcome::note(n),
                None => Outcome::none(),
            }
        }
    }
}

/// Effects for showing the pane: the agents if none are known, the workload always
/// (a lead switching to the pane wants today's picture).
pub fn on_show(ctx: &Ctx) -> Vec<Effect> {
    let mut fx = Vec::new();
    if ctx.agents.is_empty() {
        fx.push(Effect::LoadAgents);
    }
    fx.push(Effect::Team(TeamFx::LoadWorkload { weeks: WEEKS }));
    fx
}

/// Effects that reload what the pane shows: the workload once it has been shown.
pub fn refresh(s: &TeamState) -> Vec<Effect> {
    if s.workload.is_some() {
        vec![Effect::Team(TeamFx::LoadWorkload { weeks: WEEKS })]
    } else {
        Vec::new()
    }
}

/// The mouse wheel moves through the agents.
pub fn scroll(s: &mut TeamState, ctx: &Ctx, delta: i64) -> Outcome {
    s.cursor.step(delta, ctx.agents.len(), ctx.list_height());
    Outcome::none()
}

/// A click `line` rows below the list's top selects that agent.
pub fn click(s: &mut TeamState, ctx: &Ctx, line: usize) -> Outcome {
    let delta = (s.cursor.offset + line) as i64 - s.cursor.selected as i64;
    scroll(s, ctx, delta)
}
