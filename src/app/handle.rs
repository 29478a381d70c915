//! `handle`: everything that comes into the console — keys, mouse, ticks, resizes,
//! and the results of effects — turned into state changes and further effects.
//! Results go to the pane they belong to, with the same `Ctx` commands get.

use super::chrome::dialog;
use super::identity;
use super::keys::{Key, KeyResult};
use super::layout::{tab_width, LIST_TOP};
use super::msg::{EditorFor, Effect, Mouse, Msg, Note, TeamFx};
use super::outcome::Outcome;
use super::panes::{dashboard, kb, projects, team, tickets};
use super::state::State;
use super::update::{apply, complete_palette, ctx, in_dialog, refresh, switch, update};
use crate::app::ctx::{Ctx, Pane};

/// Seconds between refreshes of SLA colours when nothing else changes.
const SLA_REFRESH_SECS: i64 = 60;

/// The effects to run when the console starts.
pub fn start(s: &mut State) -> Vec<Effect> {
    let mut fx = vec![
        Effect::LoadStatus,
        Effect::LoadAgents,
        Effect::Team(TeamFx::LoadTimer),
    ];
    fx.extend(s.tickets.list.reset().into_iter().map(Effect::Tickets));
    fx
}

/// Handles one message.
pub fn handle(s: &mut State, msg: Msg) -> Vec<Effect> {
    let fx = match msg {
        Msg::Key(key) => return key_press(s, key),
        Msg::Paste(text) => {
            let mut fx = Vec::new();
            for c in text.chars() {
                let out = in_dialog(s, |o, d, fixed| dialog::type_char(o, d, c, fixed));
                fx.extend(apply(s, out));
            }
            fx
        }
        Msg::Tick(now) => tick(s, now),
        Msg::Resize(w, h) => {
            s.size = (w, h);
            let h = s.list_height();
            let sel = s.tickets.list.selected;
            s.tickets.list.select(sel, h);
            tickets_fx(s.tickets.list.prefetch(h))
        }
        Msg::Mouse(m) => mouse(s, m),
        Msg::DataChanged => refresh(s),
        Msg::Status(st) => {
            s.status = st;
            s.starting = false;
            Vec::new()
        }
        Msg::Agents(agents) => {
            s.agents = agents;
            s.agents_loaded = true;
            s.team.cursor.clamp(s.agents.len());
            identity::maybe_ask(s);
            Vec::new()
        }
        Msg::IdentitySet(r) => match r {
            Ok((name, saved)) => {
                s.actor = name.clone();
                s.toast(Note::IdentitySet {
                    name,
                    saved: saved.map(|p| p.display().to_string()),
                });
                // `assignee:me`, "mine" and the timer mean someone else now.
                let mut fx = refresh(s);
                fx.push(Effect::Team(TeamFx::LoadTimer));
                fx
            }
            Err(f) => {
                s.toast(Note::Failed(f));
                Vec::new()
            }
        },
        Msg::EditorDone { purpose, text } => match text {
            Err(f) => {
                s.toast(Note::Failed(f));
                Vec::new()
            }
            Ok(text) => edited(s, purpose, text),
        },
        Msg::DemoLoaded(r) => {
            s.starting = false;
            match r {
                Ok(()) => {
                    s.toasts.retain(|t| t.note != Note::LoadingDemo);
                    s.toast(Note::DemoLoaded);
                    s.projects.loaded = false;
                    s.kb.loaded = false;
                    let mut fx = vec![Effect::LoadStatus, Effect::LoadAgents];
                    fx.extend(tickets_fx(s.tickets.list.reset()));
                    fx
                }
                Err(f) => {
                    s.toast(Note::Failed(f));
                    Vec::new()
                }
            }
        }
        Msg::Working(w) => {
            s.working = w;
            Vec::new()
        }
        Msg::Failed(f) => {
            s.tickets.list.loading = false;
            s.starting = false;
            s.toast(Note::Failed(f));
            Vec::new()
        }
        Msg::Tickets(m) => {
            let focus = s.focus();
            let ctx = ctx!(s, focus.as_ref());
            let out = tickets::handle(&mut s.tickets, &ctx, m);
            apply(s, out)
        }
        Msg::Projects(m) => {
            let ctx = ctx!(s, None);
            let out = projects::handle(&mut s.projects, &ctx, m);
            apply(s, out)
        }
        Msg::Kb(m) => {
            let out = kb::handle(&mut s.kb, m);
            apply(s, out)
        }
        Msg::Team(m) => {
            let out = team::handle(&mut s.team, m);
            apply(s, out)
        }
        Msg::Dashboard(m) => {
            let out = dashboard::handle(&mut s.dashboard, m);
            apply(s, out)
        }
    };
    complete_palette(s);
    fx
}

fn tickets_fx(fx: Vec<super::msg::TicketsFx>) -> Vec<Effect> {
    fx.into_iter().map(Effect::Tickets).collect()
}

/// Text came back from $EDITOR: to the field, the ticket or the article it was for.
fn edited(s: &mut State, purpose: EditorFor, text: String) -> Vec<Effect> {
    let out = match purpose {
        EditorFor::Field => {
            dialog::put_field(&mut s.overlay, &mut s.drafts, &text);
            Outcome::none()
        }
        EditorFor::Article { id, expected } => kb::edited(&s.kb, id, expected, text),
        EditorFor::NewArticle => kb::written(&mut s.kb, text),
        EditorFor::Comment {
            id,
            internal,
            expected,
        } => tickets::edited((id, internal, expected), text),
    };
    apply(s, out)
}

/// Resolves a key through the live keymap and runs what it names.
fn key_press(s: &mut State, key: Key) -> Vec<Effect> {
    let contexts = s.contexts();
    match s.keymap.resolve(&contexts, &s.pending, key) {
        KeyResult::Matched(cmd) => {
            s.pending.clear();
            s.which_key = None;
            update(s, cmd)
        }
        KeyResult::Pending(p) => {
            s.pending.push(key);
            s.which_key = Some(p);
            Vec::new()
        }
        KeyResult::Cancelled(_) => {
            s.pending.clear();
            s.which_key = None;
            Vec::new()
        }
        KeyResult::NotFound => {
            let Some(c) = key.typed_char() else {
                return Vec::new();
            };
            let out = in_dialog(s, |o, d, fixed| dialog::type_char(o, d, c, fixed));
            let fx = apply(s, out);
            complete_palette(s);
            fx
        }
    }
}

fn tick(s: &mut State, now: i64) -> Vec<Effect> {
    let before = s.now;
    s.now = now;
    s.toasts.retain(|t| t.until > now);
    // SLA colours move with time: reload the visible rows once a minute.
    if now / SLA_REFRESH_SECS != before / SLA_REFRESH_SECS && !s.tickets.list.loading && !s.starting
    {
        let h = s.list_height();
        let mut fx = tickets_fx(s.tickets.list.reload(h));
        fx.push(Effect::LoadStatus);
        return fx;
    }
    Vec::new()
}

fn mouse(s: &mut State, m: Mouse) -> Vec<Effect> {
    if s.overlay.is_open() {
        return Vec::new();
    }
    let h = s.list_height();
    let at = match m {
        Mouse::ScrollDown | Mouse::ScrollUp => None,
        Mouse::Click { column, row } => {
            if row > 0 && s.place() == crate::app::Place::Pane(Pane::Dashboard) {
                // Charts are not rows: the pane knows what lies under the pointer.
                let size = s.size;
                let out = dashboard::click(&mut s.dashboard, size, column, row);
                return apply(s, out);
            }
            if row == 0 {
                let i = (column / tab_width(s.size.0)) as usize;
                return match Pane::ALL.get(i) {
                    Some(p) => switch(s, *p),
                    None => Vec::new(),
                };
            }
            if row < LIST_TOP || (row - LIST_TOP) as usize >= h {
                return Vec::new();
            }
            Some((row - LIST_TOP) as usize)
        }
    };
    let delta = if m == Mouse::ScrollDown { 3 } else { -3 };
    let focus = s.focus();
    let ctx: Ctx = ctx!(s, focus.as_ref());
    let out = match (s.pane, at) {
        (Pane::Tickets, None) => tickets::scroll(&mut s.tickets, &ctx, delta),
        (Pane::Tickets, Some(line)) => tickets::click(&mut s.tickets, &ctx, line),
        (Pane::Projects, None) => projects::scroll(&mut s.projects, &ctx, delta),
        (Pane::Projects, Some(line)) => projects::click(&mut s.projects, &ctx, line),
        (Pane::Kb, None) => kb::scroll(&mut s.kb, &ctx, delta),
        (Pane::Kb, Some(line)) => kb::click(&mut s.kb, &ctx, line),
        (Pane::Team, None) => team::scroll(&mut s.team, &ctx, delta),
        (Pane::Team, Some(line)) => team::click(&mut s.team, &ctx, line),
        (Pane::Dashboard, None) => dashboard::scroll(&mut s.dashboard, delta),
        (Pane::Dashboard, Some(_)) => Outcome::none(),
    };
    apply(s, out)
}
