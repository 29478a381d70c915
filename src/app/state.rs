//! The console's state: the facts every pane reads (language, clock, screen,
//! workflow, keymap, agents, drafts), the chrome (dialog, toasts, pending keys),
//! and the five panes, each with its own state. `render` draws from here.

use super::chrome::{toast, Overlay, Toast};
use super::ctx::{Ctx, Drafts, Focus, Lang, Pane, Place};
use super::keys::{Context, Key, Keymap, Pending};
use super::msg::{DbStatus, Note, Working};
use super::panes::dashboard::DashboardState;
use super::panes::kb::KbState;
use super::panes::projects::ProjectsState;
use super::panes::team::TeamState;
use super::panes::tickets::TicketsState;
use crate::config::Config;
use crate::domain::records::Agent;
use crate::domain::workflow::Workflow;

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
    pub actor: String,
    pub workflow: Workflow,
    /// The business-hours calendar due times count in.
    pub calendar: crate::domain::sla::Calendar,
    pub keymap: Keymap,
    /// The pane on screen.
    pub pane: Pane,
    /// The dialog over the pane, if any.
    pub overlay: Overlay,
    pub toasts: Vec<Toast>,
    /// Keys of a sequence typed so far.
    pub pending: Vec<Key>,
    /// The continuations shown after a prefix key (the which-key box).
    pub which_key: Option<Pending>,
    pub tickets: TicketsState,
    pub projects: ProjectsState,
    pub kb: KbState,
    pub team: TeamState,
    pub dashboard: DashboardState,
    /// Agents with their open load: the Team pane's rows, the assign picker's choices.
    pub agents: Vec<Agent>,
    /// Whether the agents have been loaded at least once.
    pub agents_loaded: bool,
    /// Unsent replies and notes: (ticket, internal) → text. Kept until sent.
    pub drafts: Drafts,
    pub status: DbStatus,
    /// What runs in the background now, for the spinner.
    pub working: Option<Working>,
    /// True until the first status load says whether the database is empty.
    pub starting: bool,
    pub quit: bool,
    /// Quit was pressed once with unsent drafts; the next quit leaves.
    pub quit_armed: bool,
    /// Ask who the user is once the agents are known (only the OS user name was).
    pub ask_who: bool,
    /// The config file `iam` writes the user's name into.
    pub config_path: Option<std::path::PathBuf>,
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
            actor: actor.to_string(),
            workflow: config.workflow.clone(),
            calendar: config.sla.calendar.clone(),
            keymap,
            pane: Pane::Tickets,
            overlay: Overlay::None,
            toasts: Vec::new(),
            pending: Vec::new(),
            which_key: None,
            tickets: TicketsState::new(config),
            projects: ProjectsState::default(),
            kb: KbState::default(),
            team: TeamState::default(),
            dashboard: DashboardState::default(),
            agents: Vec::new(),
            agents_loaded: false,
            drafts: Drafts::new(),
            status: DbStatus::default(),
            working: None,
            starting: true,
            quit: false,
            quit_armed: false,
            ask_who: false,
            config_path: None,
        }
    }

    /// Adds saved views (name, filter); one with a built-in view's name replaces it.
    pub fn add_views(&mut self, views: impl IntoIterator<Item = (String, String)>) {
        self.tickets.add_views(views);
    }

    /// Whether the welcome screen shows: an empty database on the Tickets pane.
    pub fn welcome(&self) -> bool {
        !self.starting
            && self.status.total == 0
            && self.pane == Pane::Tickets
            && self.tickets.list.rows.is_empty()
            && self.tickets.list.filter_text.is_empty()
            && self.tickets.detail.is_none()
    }

    /// Where the user is, under any dialog.
    pub fn place(&self) -> Place {
        if self.pane == Pane::Tickets && self.tickets.detail.is_some() {
            Place::Detail
        } else if self.welcome() {
            Place::Welcome
        } else {
            Place::Pane(self.pane)
        }
    }

    /// The key contexts in force, innermost first.
    pub fn contexts(&self) -> Vec<Context> {
        use Context::*;
        match &self.overlay {
            Overlay::Help { .. } | Overlay::Panel { .. } => vec![Help],
            Overlay::Palette(_) => vec![Palette, Input],
            Overlay::Prompt(_) => vec![Input],
            Overlay::Picker(_) => vec![Picker, Input],
            // A field's picker takes the keys until it closes.
            Overlay::Form(f) if f.picker.is_some() => vec![Picker, Input],
            Overlay::Form(_) => vec![Form, Input],
            Overlay::Conflict(_) => vec![Conflict],
            Overlay::Confirm(_) => vec![Confirm],
            Overlay::None => self.base_contexts(),
        }
    }

    /// The contexts of what is under any dialog: the detail, the welcome screen or a pane.
    pub fn base_contexts(&self) -> Vec<Context> {
        Context::at(self.place()).to_vec()
    }

    /// The ticket single-ticket commands act on, for panes other than Tickets.
    pub fn focus(&self) -> Option<Focus> {
        let place = self.place();
        self.tickets.current(place).map(|t| Focus {
            id: t.id,
            title: t.title.clone(),
            open: place == Place::Detail,
        })
    }

    /// Whether the acting user is one of the agents (`assignee:me` means someone).
    pub fn is_agent(&self) -> bool {
        self.agents.iter().any(|a| a.name == self.actor)
    }

    /// Shows a toast for a few seconds.
    pub fn toast(&mut self, note: Note) {
        toast::push(&mut self.toasts, note, self.now);
    }

    /// Rows of the list area (between the header and the status bar).
    pub fn list_height(&self) -> usize {
        super::layout::list_height(self.size)
    }

    /// The read-only facts for a pane, with `focus` as the ticket in front.
    pub fn ctx<'a>(&'a self, focus: Option<&'a Focus>) -> Ctx<'a> {
        Ctx {
            now: self.now,
            lang: self.lang,
            actor: &self.actor,
            workflow: &self.workflow,
            size: self.size,
            place: self.place(),
            agents: &self.agents,
            drafts: &self.drafts,
            focus,
            dialog: self.overlay.is_open(),
        }
    }
}
