//! The Tickets pane's commands: moving through the list and the detail, filter,
//! sort and saved views, opening tickets, undo; triage and the extras are in
//! `triage.rs` and `extras.rs`. No I/O: work leaves as effects.

use super::state::{Detail, TicketsState};
use super::{extras, triage};
use crate::app::chrome::{Overlay, Prompt, PromptKind};
use crate::app::command::{ArgKind, Command};
use crate::app::ctx::{Ctx, Pane};
use crate::app::msg::{Effect, TicketsFx, TicketsNote, Why};
use crate::app::outcome::{Outcome, Request};
use crate::domain::filter::Filter;
use crate::store::tickets::SortKey;

/// Applies one of the pane's commands.
pub fn update(s: &mut TicketsState, ctx: &Ctx, cmd: Command) -> Outcome {
    let h = ctx.list_height();
    match cmd {
        Command::Down => step(s, ctx, 1),
        Command::Up => step(s, ctx, -1),
        Command::PageDown => step(s, ctx, h as i64),
        Command::PageUp => step(s, ctx, -(h as i64)),
        Command::Top => match &mut s.detail {
            Some(d) => {
                d.scroll_by(-i64::from(u32::MAX), h);
                Outcome::none()
            }
            None => fx(s.list.top(h)),
        },
        Command::Bottom => match &mut s.detail {
            Some(d) => {
                d.scroll_by(i64::from(u32::MAX), h);
                Outcome::none()
            }
            None => fx(s.list.bottom(h)),
        },
        Command::Open => match s.list.current() {
            Some(v) => {
                let id = v.ticket.id;
                s.detail = Some(Detail::of(id, Some(v.clone())));
                Outcome::effect(TicketsFx::LoadDetail { id })
            }
            _ => Outcome::none(),
        },
        Command::Close => {
            s.detail = None;
            Outcome::none()
        }
        Command::NextTicket => next_ticket(s, h, 1),
        Command::PrevTicket => next_ticket(s, h, -1),
        Command::Filter(None) => {
            s.detail = None;
            Outcome::dialog(Overlay::Prompt(Prompt::new(
                PromptKind::Filter,
                &s.list.filter_text,
            )))
            .and(Request::Show(Pane::Tickets))
        }
        Command::Filter(Some(q)) => apply_filter(s, &q),
        Command::FilterClear => apply_filter(s, ""),
        Command::Sort(None) => triage::pick(ctx, Command::Sort(None), Vec::new()),
        Command::Sort(Some(k)) => match SortKey::parse(k.trim()) {
            Some(key) => {
                s.list.sort = key;
                s.list.descending = default_descending(key);
                relist(s)
            }
            None => Outcome::note(TicketsNote::BadSort(k)),
        },
        Command::SortReverse => {
            s.list.descending = !s.list.descending;
            relist(s)
        }
        Command::View(None) => {
            let items = choices(s, ctx, ArgKind::ViewName);
            triage::pick(ctx, Command::View(None), items)
        }
        Command::View(Some(name)) => match s.views.iter().find(|v| v.name == name.trim()) {
            Some(v) => {
                let q = v.query.clone();
                apply_filter(s, &q)
            }
            None => Outcome::note(TicketsNote::UnknownView(name)),
        },
        Command::Undo => match s.undo.take() {
            Some(u) if !u.writes.is_empty() => Outcome::effect(TicketsFx::Write {
                writes: u.writes,
                why: Why::Undo,
            }),
            Some(_) => Outcome::note(TicketsNote::CannotUndo),
            None => Outcome::note(TicketsNote::NothingToUndo),
        },
        c @ (Command::BreachNext
        | Command::CustomerView
        | Command::VisitsDue
        | Command::Csat(_)
        | Command::Macro(_)
        | Command::ReplyTemplate(_)
        | Command::Tag(_)) => extras::update(s, ctx, c),
        other => triage::update(s, ctx, other),
    }
}

/// The values of an argument the pane knows, for pickers and the palette.
pub fn choices(
    s: &TicketsState,
    ctx: &Ctx,
    kind: ArgKind,
) -> Vec<crate::app::command::Choice> {
    use crate::app::command::Choice;
    match kind {
        ArgKind::ViewName => s
            .views
            .iter()
            .map(|v| Choice::plain(&v.name, &v.query))
            .collect(),
        ArgKind::Stage => triage::common_stages(s, ctx),
        ArgKind::Agent => ctx
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
                hint: extras::macro_hint(m),
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

fn fx(effects: Vec<TicketsFx>) -> Outcome {
    Outcome::effects(effects.into_iter().map(Effect::Tickets).collect())
}

/// The sort direction a column starts with: newest / most urgent first for numbers.
fn default_descending(key: SortKey) -> bool {
    matches!(
        key,
        SortKey::Id | SortKey::Created | SortKey::Updated | SortKey::Priority
    )
}

/// Parses and applies a filter; a bad one leaves the list as it is.
pub fn apply_filter(s: &mut TicketsState, q: &str) -> Outcome {
    match Filter::parse(q) {
        Ok(f) => {
            s.detail = None;
            s.list.filter = f;
            s.list.filter_text = q.trim().to_string();
            relist(s).and(Request::Show(Pane::Tickets))
        }
        Err(e) => Outcome::note(TicketsNote::BadFilter {
            column: e.column,
            message: e.message,
        }),
    }
}

fn relist(s: &mut TicketsState) -> Outcome {
    s.list.marked.clear();
    fx(s.list.reset())
}

/// j/k and paging: the detail's scroll position, else the list's selection.
fn step(s: &mut TicketsState, ctx: &Ctx, delta: i64) -> Outcome {
    let h = ctx.list_height();
    match &mut s.detail {
        Some(d) => {
            d.scroll_by(delta, h);
            Outcome::none()
        }
        None => fx(s.list.step(delta, h)),
    }
}

/// The mouse wheel: scrolls the detail, else the list view.
pub fn scroll(s: &mut TicketsState, ctx: &Ctx, delta: i64) -> Outcome {
    let h = ctx.list_height();
    match &mut s.detail {
        Some(d) => {
            d.scroll_by(delta, h);
            Outcome::none()
        }
        None => fx(s.list.scroll(delta, h)),
    }
}

/// A click `line` rows below the list's top: selects the row, or opens it when it
/// was selected already.
pub fn click(s: &mut TicketsState, ctx: &Ctx, line: usize) -> Outcome {
    if s.detail.is_some() {
        return Outcome::none();
    }
    let i = s.list.offset + line;
    if i >= s.list.rows.len() {
        return Outcome::none();
    }
    if i == s.list.selected {
        return update(s, ctx, Command::Open);
    }
    let h = ctx.list_height();
    s.list.select(i, h);
    fx(s.list.prefetch(h))
}

fn next_ticket(s: &mut TicketsState, h: usize, delta: i64) -> Outcome {
    let mut out = s.list.step(delta, h);
    if let Some(v) = s.list.current() {
        let id = v.ticket.id;
        s.detail = Some(Detail::of(id, Some(v.clone())));
        out.push(TicketsFx::LoadDetail { id });
    }
    fx(out)
}

/// Effects that reload what the pane shows, keeping the selection.
pub fn refresh(s: &mut TicketsState, ctx: &Ctx) -> Vec<Effect> {
    let mut out = Vec::new();
    if !s.list.loading {
        out.extend(s.list.reload(ctx.list_height()));
    }
    if let Some(d) = &s.detail {
        out.push(TicketsFx::LoadDetail { id: d.id });
    }
    out.into_iter().map(Effect::Tickets).collect()
}
