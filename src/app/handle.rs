//! `handle`: everything that comes into the console — keys, mouse, ticks, resizes,
//! and the results of effects — turned into state changes and further effects.

use super::effect::{Effect, Mouse, Msg};
use super::keymap::KeyResult;
use super::keys::Key;
use super::layout::{LIST_TOP, TAB_WIDTH};
use super::note::Note;
use super::overlay::Overlay;
use super::state::{Detail, Pane, State};
use super::{modal, results, update};

/// Seconds between refreshes of SLA colours when nothing else changes.
const SLA_REFRESH_SECS: i64 = 60;

/// The effects to run when the console starts.
pub fn start(s: &mut State) -> Vec<Effect> {
    let mut fx = vec![Effect::LoadStatus, Effect::LoadAgents, Effect::LoadTimer];
    fx.extend(s.tickets.reset());
    fx
}

/// Handles one message.
pub fn handle(s: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => key_press(s, key),
        Msg::Paste(text) => {
            for c in text.chars() {
                modal::type_char(s, c);
            }
            Vec::new()
        }
        Msg::Tick(now) => tick(s, now),
        Msg::Resize(w, h) => {
            s.size = (w, h);
            let h = s.list_height();
            let sel = s.tickets.selected;
            s.tickets.select(sel, h);
            s.tickets.prefetch(h)
        }
        Msg::Mouse(m) => mouse(s, m),
        Msg::DataChanged => update::refresh(s),
        Msg::Page {
            gen,
            place,
            rows,
            more,
        } => {
            if gen != s.tickets.gen {
                return Vec::new();
            }
            let h = s.list_height();
            s.tickets.apply_page(place, rows, more, h);
            s.tickets.prefetch(h)
        }
        Msg::Count { gen, total } => {
            if gen == s.tickets.gen {
                s.tickets.total = Some(total);
            }
            Vec::new()
        }
        Msg::Status(st) => {
            s.status = st;
            s.starting = false;
            Vec::new()
        }
        Msg::Detail {
            view,
            comments,
            history,
        } => {
            let id = view.ticket.id;
            s.tickets.update_ticket(&view);
            if let Some(d) = s.detail.as_mut().filter(|d| d.id == id) {
                let scroll = d.scroll;
                *d = Detail {
                    id,
                    view: Some(*view),
                    comments,
                    history,
                    scroll,
                    info: d.info.take(),
                };
            }
            Vec::new()
        }
        Msg::Agents(agents) => {
            s.agents = agents.clone();
            s.team.rows = agents;
            s.team.loaded = true;
            s.team.selected = s.team.selected.min(s.team.rows.len().saturating_sub(1));
            Vec::new()
        }
        Msg::Projects(rows) => {
            s.projects.rows = rows;
            s.projects.loaded = true;
            let sel = s
                .projects
                .selected
                .min(s.projects.rows.len().saturating_sub(1));
            s.projects.selected = sel;
            match s.projects.rows.get(sel) {
                Some(p) if s.project_detail.is_none() => vec![Effect::LoadProject { id: p.id }],
                _ => Vec::new(),
            }
        }
        Msg::Project(p) => {
            let current = s.projects.rows.get(s.projects.selected).map(|r| r.id);
            if current == Some(p.project.id) || current.is_none() {
                s.project_detail = Some(*p);
            }
            Vec::new()
        }
        Msg::Articles(rows) => {
            s.articles.rows = rows;
            s.articles.loaded = true;
            s.articles.selected = s
                .articles
                .selected
                .min(s.articles.rows.len().saturating_sub(1));
            Vec::new()
        }
        Msg::Extra(m) => super::ticket_extras::handle(s, m),
        Msg::Written { why, results } => results::written(s, why, results),
        Msg::Created(r) => results::created(s, r),
        Msg::EditorDone { purpose, text } => results::editor_done(s, purpose, text),
        Msg::Plan(m) => super::projects_update::handle(s, m),
        Msg::Kb(m) => super::kb::handle(s, m),
        Msg::DemoLoaded(r) => {
            s.starting = false;
            match r {
                Ok(()) => {
                    s.toasts.retain(|t| t.note != Note::LoadingDemo);
                    s.toast(Note::DemoLoaded);
                    s.projects.loaded = false;
                    s.articles.loaded = false;
                    let mut fx = vec![Effect::LoadStatus, Effect::LoadAgents];
                    fx.extend(s.tickets.reset());
                    fx
                }
                Err(message) => {
                    s.toast(Note::Failed {
                        message,
                        hint: None,
                    });
                    Vec::new()
                }
            }
        }
        Msg::Workload(w) => {
            super::team_update::on_workload(s, *w);
            Vec::new()
        }
        Msg::Ranking(r) => {
            super::team_update::on_ranking(s, *r);
            Vec::new()
        }
        Msg::Timer { timer, note } => {
            super::team_update::on_timer(s, timer, note);
            Vec::new()
        }
        Msg::Failed { message, hint } => {
            s.tickets.loading = false;
            s.starting = false;
            s.toast(Note::Failed { message, hint });
            Vec::new()
        }
    }
}

/// Resolves a key through the live keymap and runs what it names.
fn key_press(s: &mut State, key: Key) -> Vec<Effect> {
    let contexts = s.contexts();
    match s.keymap.resolve(&contexts, &s.pending, key) {
        KeyResult::Matched(cmd) => {
            s.pending.clear();
            s.which_key.clear();
            update::update(s, cmd)
        }
        KeyResult::Pending(hints) => {
            s.pending.push(key);
            s.which_key = hints;
            Vec::new()
        }
        KeyResult::Cancelled(_) => {
            s.pending.clear();
            s.which_key.clear();
            Vec::new()
        }
        KeyResult::NotFound => {
            if let Some(c) = key.typed_char() {
                modal::type_char(s, c);
            }
            Vec::new()
        }
    }
}

fn tick(s: &mut State, now: i64) -> Vec<Effect> {
    let before = s.now;
    s.now = now;
    s.toasts.retain(|t| t.until > now);
    // SLA colours move with time: reload the visible rows once a minute.
    if now / SLA_REFRESH_SECS != before / SLA_REFRESH_SECS && !s.tickets.loading && !s.starting {
        let h = s.list_height();
        let mut fx = s.tickets.reload(h);
        fx.push(Effect::LoadStatus);
        return fx;
    }
    Vec::new()
}

fn mouse(s: &mut State, m: Mouse) -> Vec<Effect> {
    if !matches!(s.overlay, Overlay::None) {
        return Vec::new();
    }
    let h = s.list_height();
    match m {
        Mouse::ScrollDown | Mouse::ScrollUp => {
            let d = if m == Mouse::ScrollDown { 3 } else { -3 };
            if let Some(det) = &mut s.detail {
                let max = det.text_lines().saturating_sub(h / 2) as i64;
                det.scroll = (det.scroll as i64 + d).clamp(0, max.min(u16::MAX as i64)) as u16;
                return Vec::new();
            }
            match s.pane {
                Pane::Tickets => s.tickets.scroll(d, h),
                Pane::Projects => {
                    update::simple_step(&mut s.projects, d, h);
                    Vec::new()
                }
                Pane::Kb => super::kb::step(s, d, h),
                Pane::Team => {
                    update::simple_step(&mut s.team, d, h);
                    Vec::new()
                }
            }
        }
        Mouse::Click { column, row } => {
            if row == 0 {
                let i = (column / TAB_WIDTH) as usize;
                return if i < 4 {
                    update::switch(s, i)
                } else {
                    Vec::new()
                };
            }
            if s.detail.is_some() || row < LIST_TOP || (row - LIST_TOP) as usize >= h {
                return Vec::new();
            }
            let line = (row - LIST_TOP) as usize;
            match s.pane {
                Pane::Tickets => {
                    let i = s.tickets.offset + line;
                    if i >= s.tickets.rows.len() {
                        return Vec::new();
                    }
                    // A click on the selected row opens it.
                    if i == s.tickets.selected {
                        return update::update(s, super::command::Command::Open);
                    }
                    s.tickets.select(i, h);
                    s.tickets.prefetch(h)
                }
                Pane::Projects if s.plan_view.loaded.is_some() => {
                    super::projects_update::click(s, line)
                }
                Pane::Projects => {
                    let i = s.projects.offset + line;
                    let delta = i as i64 - s.projects.selected as i64;
                    update::simple_step(&mut s.projects, delta, h);
                    s.projects
                        .rows
                        .get(s.projects.selected)
                        .map(|p| vec![Effect::LoadProject { id: p.id }])
                        .unwrap_or_default()
                }
                Pane::Kb => {
                    let delta = (s.articles.offset + line) as i64 - s.articles.selected as i64;
                    update::simple_step(&mut s.articles, delta, h);
                    Vec::new()
                }
                Pane::Team => {
                    let delta = (s.team.offset + line) as i64 - s.team.selected as i64;
                    update::simple_step(&mut s.team, delta, h);
                    Vec::new()
                }
            }
        }
    }
}
