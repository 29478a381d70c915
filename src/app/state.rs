//! What is on screen: panes, the ticket list window, the open detail, dialogs,
//! drafts, toasts. Everything `render` draws comes from here.

use super::keymap::{Context, Keymap};
use super::keys::Key;
use super::list::TicketList;
use super::note::{Level, Note};
use super::overlay::Overlay;
use crate::config::Config;
use crate::domain::records::{Agent, Article, Project};
use crate::domain::ticket::{AuditEvent, Comment, Ticket};
use crate::domain::workflow::Workflow;
use crate::ops::{ProjectDetail, TicketView};
use std::collections::BTreeMap;

/// The four panes of the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tickets,
    Projects,
    Kb,
    Team,
}

impl Pane {
    /// The panes in tab order.
    pub const ALL: [Pane; 4] = [Pane::Tickets, Pane::Projects, Pane::Kb, Pane::Team];

    /// Position in the tab bar.
    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// `zh` (or any `zh-…`) is Chinese; everything else English.
    pub fn parse(s: &str) -> Lang {
        if s.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The code used by workflow labels (`en` / `zh`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// Facts about the database for the status bar.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DbStatus {
    /// `wal`, `delete` …
    pub journal_mode: String,
    /// On a network file system (shared drive).
    pub shared: bool,
    /// On a PostgreSQL server (`journal_mode` is then `postgres`).
    pub server: bool,
    pub read_only: bool,
    /// Tickets in the database.
    pub total: i64,
    /// Active tickets past their due time.
    pub breached: i64,
    /// Active tickets due within the warning window and not yet breached.
    pub near: i64,
    /// Other people who changed something in the last minutes.
    pub others: Vec<String>,
}

/// A toast: a short message that goes away by itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub note: Note,
    pub level: Level,
    /// When it disappears (Unix seconds).
    pub until: i64,
}

/// The open ticket detail.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    pub id: i64,
    pub view: Option<TicketView>,
    pub comments: Vec<Comment>,
    pub history: Vec<AuditEvent>,
    pub scroll: u16,
    /// SLA breakdown, warranty, tags, relations … (loaded after the ticket).
    pub info: Option<Box<super::ticket_extras::DetailInfo>>,
}

impl Detail {
    /// About how many lines the detail view has (before wrapping), to bound scrolling.
    pub fn text_lines(&self) -> usize {
        let body = self
            .view
            .as_ref()
            .map(|v| v.ticket.body.lines().count())
            .unwrap_or(0);
        let comments: usize = self
            .comments
            .iter()
            .map(|c| 1 + c.body.lines().count())
            .sum();
        // Header, blank lines and section titles are about ten more.
        let info = self.info.as_ref().map_or(0, |i| i.line_count());
        10 + body + comments + self.history.len() + info
    }
}

/// A simple list pane (projects, articles, agents): rows and a selection.
#[derive(Debug, Clone, Default)]
pub struct SimpleList<T> {
    pub rows: Vec<T>,
    pub selected: usize,
    pub offset: usize,
    pub loaded: bool,
}

/// The change to undo: the inverse writes, guarded by the versions they produced.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoEntry {
    pub writes: Vec<super::effect::Write>,
}

/// Views every console has; the config's `[views]` add to them and may replace them.
pub const BUILTIN_VIEWS: &[(&str, &str)] = &[
    ("mine", "assignee:me is:open"),
    ("unassigned", "is:unassigned is:open"),
    ("breached", "is:breached"),
    ("complaints", "type:complaint is:open"),
    ("waiting", "is:waiting"),
];

/// A named filter: built in, or from the config's `[views]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedView {
    pub name: String,
    pub query: String,
}

/// The whole console state.
#[derive(Debug, Clone)]
pub struct State {
    pub lang: Lang,
    /// `dark` or `light`.
    pub theme: String,
    /// False under NO_COLOR: draw with attributes only.
    pub color: bool,
    /// The clock, fed by ticks (Unix seconds).
    pub now: i64,
    /// Time zone for showing times; None means the machine's local zone.
    pub time_zone: Option<chrono_tz::Tz>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub pane: Pane,
    pub keymap: Keymap,
    /// Keys of a sequence typed so far.
    pub pending: Vec<Key>,
    /// The continuations shown after a prefix key.
    pub which_key: Vec<(Key, String)>,
    pub workflow: Workflow,
    pub actor: String,
    pub tickets: TicketList,
    pub detail: Option<Detail>,
    pub overlay: Overlay,
    pub projects: SimpleList<Project>,
    pub project_detail: Option<ProjectDetail>,
    /// The Projects pane's plan: health, tabs, Gantt window, selected task.
    pub plan_view: super::projects_state::ProjectsView,
    pub articles: SimpleList<Article>,
    /// The Knowledge base pane: categories, search, suggestions, playbooks.
    pub kb: super::kb::KbState,
    pub team: SimpleList<Agent>,
    /// The Team pane's workload, the assignment ranking and the running timer.
    pub team_view: super::team_state::TeamView,
    /// Agents for the assign picker (with their open load).
    pub agents: Vec<Agent>,
    pub views: Vec<SavedView>,
    /// Unsent replies and notes: (ticket, internal) → text. Kept until sent.
    pub drafts: BTreeMap<(i64, bool), String>,
    pub toasts: Vec<Toast>,
    pub undo: Option<UndoEntry>,
    pub status: DbStatus,
    /// True until the first status load says whether the database is empty.
    pub starting: bool,
    pub quit: bool,
    /// Quit was pressed once with unsent drafts; the next quit leaves.
    pub quit_armed: bool,
    /// Macros and canned replies for the Tickets-pane extras.
    pub extras: super::ticket_extras::TicketExtras,
}

impl State {
    /// A fresh state for `config`, acting as `actor`, at `now`, on a `size` terminal.
    pub fn new(config: &Config, actor: &str, now: i64, size: (u16, u16)) -> State {
        let (keymap, _) = Keymap::with_user(&config.keys);
        State {
            lang: Lang::parse(&config.ui.language),
            theme: config.ui.theme.clone(),
            color: true,
            now,
            time_zone: None,
            size,
            pane: Pane::Tickets,
            keymap,
            pending: Vec::new(),
            which_key: Vec::new(),
            workflow: config.workflow.clone(),
            actor: actor.to_string(),
            tickets: TicketList::default(),
            detail: None,
            overlay: Overlay::None,
            projects: SimpleList::default(),
            project_detail: None,
            plan_view: Default::default(),
            articles: SimpleList::default(),
            kb: Default::default(),
            team: SimpleList::default(),
            team_view: Default::default(),
            agents: Vec::new(),
            views: BUILTIN_VIEWS
                .iter()
                .map(|(name, query)| SavedView {
                    name: name.to_string(),
                    query: query.to_string(),
                })
                .collect(),
            drafts: BTreeMap::new(),
            toasts: Vec::new(),
            undo: None,
            status: DbStatus::default(),
            starting: true,
            quit: false,
            quit_armed: false,
            extras: super::ticket_extras::TicketExtras::new(config),
        }
    }

    /// Adds saved views (name, filter); one with a built-in view's name replaces it.
    pub fn add_views(&mut self, views: impl IntoIterator<Item = (String, String)>) {
        for (name, query) in views {
            self.views.retain(|v| v.name != name);
            self.views.push(SavedView { name, query });
        }
    }

    /// Whether the welcome screen shows: an empty database on the Tickets pane.
    pub fn welcome(&self) -> bool {
        !self.starting
            && self.status.total == 0
            && self.pane == Pane::Tickets
            && self.tickets.rows.is_empty()
            && self.tickets.filter_text.is_empty()
            && self.detail.is_none()
    }

    /// The key contexts in force, innermost first.
    pub fn contexts(&self) -> Vec<Context> {
        use Context::*;
        match &self.overlay {
            Overlay::Help { .. } => return vec![Help],
            Overlay::Palette(_) => return vec![Palette, Input],
            Overlay::Prompt(_) => return vec![Input],
            Overlay::Picker(_) => return vec![Picker, Input],
            Overlay::Form(_) => return vec![Form, Input],
            Overlay::Conflict(_) => return vec![Conflict],
            Overlay::TicketPanel(_) => return vec![Help],
            Overlay::None => {}
        }
        self.base_contexts()
    }

    /// The contexts of what is under any dialog: the detail, the welcome screen or a pane.
    pub fn base_contexts(&self) -> Vec<Context> {
        use Context::*;
        if self.detail.is_some() {
            return vec![Detail, Global];
        }
        if self.welcome() {
            return vec![Welcome, Global];
        }
        let pane = match self.pane {
            Pane::Tickets => Tickets,
            Pane::Projects => Projects,
            Pane::Kb => Kb,
            Pane::Team => Team,
        };
        vec![pane, List, Global]
    }

    /// Shows a toast for a few seconds.
    pub fn toast(&mut self, note: Note) {
        let level = note.level();
        let secs = if level == Level::Error { 8 } else { 4 };
        self.toasts.retain(|t| t.note != note);
        self.toasts.push(Toast {
            note,
            level,
            until: self.now + secs,
        });
        if self.toasts.len() > 3 {
            self.toasts.remove(0);
        }
    }

    /// The ticket the single-ticket commands act on: the open detail, else the selected row.
    pub fn current_ticket(&self) -> Option<&Ticket> {
        if let Some(d) = &self.detail {
            return d.view.as_ref().map(|v| &v.ticket);
        }
        if self.pane != Pane::Tickets {
            return None;
        }
        self.tickets.current().map(|v| &v.ticket)
    }

    /// The tickets a change applies to: the marked rows (list only), else the current one.
    pub fn targets(&self) -> Vec<Ticket> {
        if self.detail.is_none() && self.pane == Pane::Tickets && !self.tickets.marked.is_empty() {
            return self.tickets.marked.values().cloned().collect();
        }
        self.current_ticket().cloned().into_iter().collect()
    }

    /// Rows of the list area (between the header and the status bar).
    pub fn list_height(&self) -> usize {
        super::layout::list_height(self.size)
    }
}
