//! `update`: a command changes the state and returns effects for the loop to run.
//! No I/O here; the loop feeds results back through `handle`.

use super::command::Command;
use super::effect::Effect;
use super::note::Note;
use super::overlay::{Overlay, PickItem, PickKind, Picker, Prompt, PromptKind};
use super::state::{Detail, Lang, Pane, SimpleList, State};
use super::{actions, modal, palette};
use crate::domain::filter::Filter;
use crate::store::tickets::SortKey;

/// Applies one command.
pub fn update(s: &mut State, cmd: Command) -> Vec<Effect> {
    if !matches!(s.overlay, Overlay::None) {
        return modal::update(s, cmd);
    }
    let h = s.list_height();
    match cmd {
        Command::Noop => Vec::new(),
        Command::Quit => {
            // Unsent drafts live only in memory: say so once before they go.
            if !s.drafts.is_empty() && !s.quit_armed {
                s.quit_armed = true;
                s.toast(Note::UnsentDrafts { n: s.drafts.len() });
                return Vec::new();
            }
            s.quit = true;
            vec![Effect::Quit]
        }
        Command::Cancel => {
            s.toasts.clear();
            Vec::new()
        }
        Command::Help => {
            s.overlay = Overlay::Help { scroll: 0 };
            Vec::new()
        }
        Command::Palette => {
            s.overlay = Overlay::Palette(Default::default());
            palette::refresh(s);
            Vec::new()
        }
        Command::PaneNext => switch(s, (s.pane.index() + 1) % 4),
        Command::PanePrev => switch(s, (s.pane.index() + 3) % 4),
        Command::PaneTickets => switch(s, 0),
        Command::PaneProjects => switch(s, 1),
        Command::PaneKb => switch(s, 2),
        Command::PaneTeam => switch(s, 3),
        Command::Refresh => refresh(s),
        Command::Undo => actions::undo(s),
        Command::Language(arg) => {
            s.lang = match arg {
                Some(a) => Lang::parse(&a),
                None if s.lang == Lang::En => Lang::Zh,
                None => Lang::En,
            };
            Vec::new()
        }
        Command::Theme(arg) => {
            s.theme = match arg.as_deref() {
                Some("light") => "light".into(),
                Some(_) => "dark".into(),
                None if s.theme == "dark" => "light".into(),
                None => "dark".into(),
            };
            Vec::new()
        }
        Command::Down => step(s, Step::By(1)),
        Command::Up => step(s, Step::By(-1)),
        Command::PageDown => step(s, Step::By(h as i64)),
        Command::PageUp => step(s, Step::By(-(h as i64))),
        Command::Top => step(s, Step::Top),
        Command::Bottom => step(s, Step::Bottom),
        Command::Open => open(s),
        Command::Close => {
            s.detail = None;
            Vec::new()
        }
        Command::NextTicket => next_ticket(s, 1),
        Command::PrevTicket => next_ticket(s, -1),
        Command::Filter(None) => {
            s.pane = Pane::Tickets;
            s.detail = None;
            s.overlay = Overlay::Prompt(Prompt {
                kind: PromptKind::Filter,
                input: super::input::LineInput::with(&s.tickets.filter_text),
                error: None,
            });
            Vec::new()
        }
        Command::Filter(Some(q)) => apply_filter(s, &q),
        Command::FilterClear => apply_filter(s, ""),
        Command::Sort(None) => {
            let items = SortKey::ALL
                .iter()
                .map(|k| PickItem {
                    value: k.as_str().into(),
                    label: k.as_str().into(),
                    hint: String::new(),
                })
                .collect();
            s.overlay = Overlay::Picker(Picker::new(PickKind::Sort, items));
            Vec::new()
        }
        Command::Sort(Some(k)) => match SortKey::parse(k.trim()) {
            Some(key) => {
                s.tickets.sort = key;
                s.tickets.descending = default_descending(key);
                relist(s)
            }
            None => {
                s.toast(Note::BadCommand(format!("sort {k}")));
                Vec::new()
            }
        },
        Command::SortReverse => {
            s.tickets.descending = !s.tickets.descending;
            relist(s)
        }
        Command::View(None) => {
            let items = s
                .views
                .iter()
                .map(|v| PickItem {
                    value: v.name.clone(),
                    label: v.name.clone(),
                    hint: v.query.clone(),
                })
                .collect();
            s.overlay = Overlay::Picker(Picker::new(PickKind::View, items));
            Vec::new()
        }
        Command::View(Some(name)) => match s.views.iter().find(|v| v.name == name.trim()) {
            Some(v) => {
                let q = v.query.clone();
                apply_filter(s, &q)
            }
            None => {
                s.toast(Note::UnknownView(name));
                Vec::new()
            }
        },
        Command::LoadDemo => {
            if s.status.total == 0 && !s.starting {
                s.starting = true;
                s.toast(Note::LoadingDemo);
                vec![Effect::LoadDemo]
            } else {
                Vec::new()
            }
        }
        Command::AssignAuto | Command::TimerStart | Command::TimerStop => {
            super::team_update::update(s, cmd)
        }
        c if super::projects_update::owns(&c) => super::projects_update::update(s, c),
        c @ (Command::Search(_)
        | Command::SuggestArticles
        | Command::LinkArticle
        | Command::InsertArticle
        | Command::EditArticle
        | Command::KbArticles
        | Command::CategoryNext
        | Command::CategoryPrev
        | Command::StaleArticles
        | Command::Playbooks
        | Command::StartPlaybook(_)
        | Command::StartDrill(_)
        | Command::StepDone(_)
        | Command::StepUndo(_)) => super::kb::command(s, c),
        c @ (Command::BreachNext
        | Command::CustomerView
        | Command::VisitsDue
        | Command::Csat(_)
        | Command::Macro(_)
        | Command::ReplyTemplate(_)
        | Command::Tag(_)) => super::ticket_extras::update(s, c),
        other => actions::update(s, other),
    }
}

/// The sort direction a column starts with: newest / most urgent first for numbers.
fn default_descending(key: SortKey) -> bool {
    matches!(
        key,
        SortKey::Id | SortKey::Created | SortKey::Updated | SortKey::Priority
    )
}

/// Switches to pane `i`, loading its rows the first time.
pub fn switch(s: &mut State, i: usize) -> Vec<Effect> {
    s.pane = Pane::ALL[i % 4];
    s.detail = None;
    match s.pane {
        Pane::Tickets => Vec::new(),
        Pane::Projects if !s.projects.loaded => vec![Effect::LoadProjects],
        Pane::Kb if !s.kb.loaded => vec![Effect::Kb(super::kb::KbEffect::Load)],
        Pane::Kb if !s.articles.loaded => vec![Effect::LoadArticles],
        Pane::Team => super::team_update::on_show(s),
        _ => Vec::new(),
    }
}

/// Reloads what is on screen, keeping the selection.
pub fn refresh(s: &mut State) -> Vec<Effect> {
    let h = s.list_height();
    let mut fx = vec![Effect::LoadStatus, Effect::LoadAgents];
    if !s.tickets.loading {
        fx.extend(s.tickets.reload(h));
    }
    if let Some(d) = &s.detail {
        fx.push(Effect::LoadDetail { id: d.id });
    }
    if s.projects.loaded {
        fx.push(Effect::LoadProjects);
    }
    if s.articles.loaded {
        fx.push(Effect::LoadArticles);
    }
    if s.kb.loaded {
        fx.push(Effect::Kb(super::kb::KbEffect::Load));
    }
    if let Some(p) = &s.project_detail {
        fx.push(Effect::LoadProject { id: p.project.id });
    }
    fx.extend(super::team_update::on_refresh(s));
    fx
}

/// Parses and applies a filter; a bad one leaves the list as it is.
pub fn apply_filter(s: &mut State, q: &str) -> Vec<Effect> {
    match Filter::parse(q) {
        Ok(f) => {
            s.pane = Pane::Tickets;
            s.detail = None;
            s.tickets.filter = f;
            s.tickets.filter_text = q.trim().to_string();
            relist(s)
        }
        Err(e) => {
            s.toast(Note::BadFilter {
                column: e.column,
                message: e.message,
            });
            Vec::new()
        }
    }
}

fn relist(s: &mut State) -> Vec<Effect> {
    s.tickets.marked.clear();
    s.tickets.reset()
}

/// A movement of the selection (or of the detail's scroll position).
#[derive(Debug, Clone, Copy)]
enum Step {
    By(i64),
    Top,
    Bottom,
}

fn step(s: &mut State, how: Step) -> Vec<Effect> {
    let h = s.list_height();
    // Simple lists are short: the ends are just far steps.
    let delta = match how {
        Step::By(d) => d,
        Step::Top => -(u32::MAX as i64),
        Step::Bottom => u32::MAX as i64,
    };
    if let Some(d) = &mut s.detail {
        // Keep at least half a screen of text in view at the end.
        let max = d.text_lines().saturating_sub(h / 2) as i64;
        d.scroll = (d.scroll as i64 + delta).clamp(0, max.min(u16::MAX as i64)) as u16;
        return Vec::new();
    }
    match s.pane {
        Pane::Tickets => match how {
            Step::By(d) => s.tickets.step(d, h),
            Step::Top => s.tickets.top(h),
            Step::Bottom => s.tickets.bottom(h),
        },
        Pane::Projects if s.plan_view.focus => super::projects_update::step(s, delta),
        Pane::Projects => {
            simple_step(&mut s.projects, delta, h);
            s.projects
                .rows
                .get(s.projects.selected)
                .map(|p| vec![Effect::LoadProject { id: p.id }])
                .unwrap_or_default()
        }
        Pane::Kb => super::kb::step(s, delta, h),
        Pane::Team => {
            simple_step(&mut s.team, delta, h);
            Vec::new()
        }
    }
}

/// Moves the selection of a fully loaded list.
pub fn simple_step<T>(l: &mut SimpleList<T>, delta: i64, h: usize) {
    if l.rows.is_empty() {
        return;
    }
    let last = l.rows.len() as i64 - 1;
    let d = delta.clamp(-(last + 1), last + 1);
    l.selected = (l.selected as i64 + d).clamp(0, last) as usize;
    let h = h.max(1);
    if l.selected < l.offset {
        l.offset = l.selected;
    } else if l.selected >= l.offset + h {
        l.offset = l.selected + 1 - h;
    }
}

fn open(s: &mut State) -> Vec<Effect> {
    match s.pane {
        Pane::Tickets => match s.tickets.current() {
            Some(v) => {
                let id = v.ticket.id;
                s.detail = Some(Detail {
                    id,
                    view: Some(v.clone()),
                    ..Default::default()
                });
                vec![Effect::LoadDetail { id }]
            }
            None => Vec::new(),
        },
        Pane::Projects => s
            .projects
            .rows
            .get(s.projects.selected)
            .map(|p| vec![Effect::LoadProject { id: p.id }])
            .unwrap_or_default(),
        Pane::Kb => super::kb::open(s),
        Pane::Team => match s.team.rows.get(s.team.selected) {
            // An agent's tickets: the Tickets pane filtered to them.
            Some(a) => {
                let q = format!("assignee:\"{}\" is:open", a.name.replace('"', ""));
                apply_filter(s, &q)
            }
            None => Vec::new(),
        },
    }
}

fn next_ticket(s: &mut State, delta: i64) -> Vec<Effect> {
    let h = s.list_height();
    let mut fx = s.tickets.step(delta, h);
    if let Some(v) = s.tickets.current() {
        let id = v.ticket.id;
        s.detail = Some(Detail {
            id,
            view: Some(v.clone()),
            ..Default::default()
        });
        fx.push(Effect::LoadDetail { id });
    }
    fx
}
