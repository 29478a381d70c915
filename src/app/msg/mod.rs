//! The console's vocabulary with the outside: `Effect`s `update` asks the event loop
//! to run, `Msg`s that come back (input and results), and the notes panes leave for
//! the user. One file per pane; this one holds what belongs to the console as a whole.

pub mod dashboard;
mod failure;
pub mod kb;
mod level;
mod note;
pub mod projects;
pub mod team;
pub mod tickets;

pub use dashboard::{DashboardFx, DashboardMsg, DashboardNote, Window};
pub use failure::{Failure, Problem};
pub use kb::{ForTicket, KbFx, KbMsg, KbNote};
pub use level::Level;
pub use note::Note;
pub use projects::{LoadedPlan, PlanTab, ProjectsFx, ProjectsMsg, ProjectsNote};
pub use team::{TeamFx, TeamMsg, TeamNote};
pub use tickets::{
    Change, DetailInfo, NewCheck, NewTicketFields, PageRequest, Panel, Slot, TicketsFx, TicketsMsg,
    TicketsNote, Why, Write, WriteResult,
};

use crate::app::keys::Key;
use crate::domain::records::Agent;

/// Where text edited in $EDITOR goes back to.
#[derive(Debug, Clone, PartialEq)]
pub enum EditorFor {
    /// Send as a reply or note on ticket `id` when saved non-empty.
    Comment {
        id: i64,
        internal: bool,
        expected: Option<i64>,
    },
    /// Back into the open prompt, palette or form field.
    Field,
    /// Save article `id`, seen at version `expected`.
    Article { id: i64, expected: i64 },
    /// Create an article from the text.
    NewArticle,
}

/// Work for the event loop.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadStatus,
    /// The agents with their open load (every pane shows them somewhere).
    LoadAgents,
    /// Hands the terminal to $EDITOR with `text`.
    Editor {
        text: String,
        purpose: EditorFor,
    },
    LoadDemo,
    /// Act as `name` from now on (creating the agent first when `create`), and
    /// remember it as `[ui] agent` in the config file at `config`.
    SetIdentity {
        name: String,
        create: bool,
        config: Option<std::path::PathBuf>,
    },
    Quit,
    /// Give the terminal back and stop until `fg` (`C-z`).
    Suspend,
    Tickets(TicketsFx),
    Projects(ProjectsFx),
    Kb(KbFx),
    Team(TeamFx),
    Dashboard(DashboardFx),
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

/// Work the console runs in the background, named for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// The status bar's totals and SLA counts.
    Status,
    /// How many tickets match the list's filter.
    Count,
    /// Loading the demo data.
    Demo,
    /// Merging the search index's segments while nobody types.
    IndexUpkeep,
    /// Computing the dashboard.
    Dashboard,
    /// Fetching or sending mail on request (`:mail fetch`, `:mail send`).
    Mail,
    /// Rebuilding stale report data (SLA outcomes, dashboard facts) after start.
    ReportData,
}

/// What runs in the background now, for the status line's spinner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Working {
    pub job: Job,
    /// Units done of `total`; `total` is 0 while the job has not said.
    pub done: u64,
    pub total: u64,
    /// Since the job started, in milliseconds (the spinner turns with it).
    pub elapsed_ms: u64,
}

/// A mouse event in screen cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    Click { column: u16, row: u16 },
    ScrollDown,
    ScrollUp,
}

/// Input and results fed back into the state.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(Key),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    Tick(i64),
    Resize(u16, u16),
    Mouse(Mouse),
    /// Another process committed to the database.
    DataChanged,
    Status(DbStatus),
    Agents(Vec<Agent>),
    EditorDone {
        purpose: EditorFor,
        text: Result<String, Failure>,
    },
    DemoLoaded(Result<(), Failure>),
    /// The user is `name` now; saved in this config file (None: not saved).
    IdentitySet(Result<(String, Option<std::path::PathBuf>), Failure>),
    /// What runs in the background now (none: nothing).
    Working(Option<Working>),
    /// Something the loop ran failed; what, in words the UI can translate.
    Failed(Failure),
    Tickets(TicketsMsg),
    Projects(ProjectsMsg),
    Kb(KbMsg),
    Team(TeamMsg),
    Dashboard(DashboardMsg),
}

impl From<TicketsFx> for Effect {
    fn from(fx: TicketsFx) -> Effect {
        Effect::Tickets(fx)
    }
}

impl From<ProjectsFx> for Effect {
    fn from(fx: ProjectsFx) -> Effect {
        Effect::Projects(fx)
    }
}

impl From<KbFx> for Effect {
    fn from(fx: KbFx) -> Effect {
        Effect::Kb(fx)
    }
}

impl From<TeamFx> for Effect {
    fn from(fx: TeamFx) -> Effect {
        Effect::Team(fx)
    }
}

impl From<DashboardFx> for Effect {
    fn from(fx: DashboardFx) -> Effect {
        Effect::Dashboard(fx)
    }
}
