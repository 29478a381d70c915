//! What `update` asks the event loop to do (effects) and what comes back (messages).

use crate::domain::filter::Filter;
use crate::domain::records::{Agent, Article, Project};
use crate::domain::ticket::{AuditEvent, Comment, Ticket};
use crate::ops::{ProjectDetail, TicketView};
use crate::store::tickets::{Cursor, SortKey};

use super::keys::Key;
use super::state::DbStatus;

/// Where a loaded page goes in the list window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A new list (filter or sort changed): from the top, first row selected.
    Reset,
    /// Rows after the last loaded row.
    Append,
    /// Rows before the first loaded row (queried in reverse).
    Prepend,
    /// The last rows of the list (queried in reverse).
    Bottom,
    /// A refresh from the top visible row on, keeping the selected ticket if it is still there.
    Reload { keep: Option<i64> },
}

/// A request for one page of the ticket list.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRequest {
    /// The list generation it belongs to; stale pages are dropped.
    pub gen: u64,
    pub filter: Filter,
    pub sort: SortKey,
    /// The direction of the query (already reversed for Prepend / Bottom).
    pub descending: bool,
    pub after: Option<Cursor>,
    pub limit: usize,
    pub place: Place,
}

/// One change to one ticket.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Move(String),
    /// An agent name, or None to unassign.
    Assign(Option<String>),
    Priority(String),
    Type(String),
    Comment {
        text: String,
        internal: bool,
    },
}

/// A change with the ticket version the user saw (None: no check).
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub id: i64,
    pub expected: Option<i64>,
    pub change: Change,
}

/// Why a batch of writes is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The user's own change.
    User,
    /// Undoing the last change.
    Undo,
    /// "Apply mine" after a conflict.
    Retry,
}

/// Fields of the new-ticket form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewTicketFields {
    pub title: String,
    pub customer: String,
    pub ty: String,
    pub priority: String,
    pub body: String,
}

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
}

/// Work for the event loop.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadTickets(PageRequest),
    CountTickets {
        gen: u64,
        filter: Filter,
    },
    LoadStatus,
    LoadDetail {
        id: i64,
    },
    LoadAgents,
    LoadProjects,
    LoadProject {
        id: i64,
    },
    LoadArticles,
    Write {
        writes: Vec<Write>,
        why: Why,
    },
    CreateTicket(NewTicketFields),
    Editor {
        text: String,
        purpose: EditorFor,
    },
    LoadDemo,
    /// Work of the Knowledge base pane.
    Kb(super::kb::KbEffect),
    /// Work of the Projects pane's plan.
    Plan(super::projects_state::PlanFx),
    /// The Team pane's workload and heatmap for `weeks` weeks.
    LoadWorkload {
        weeks: u32,
    },
    /// The assignment ranking of agents for ticket `id` (the assign picker).
    LoadRanking {
        id: i64,
    },
    /// Assigns each ticket (id, version seen) to its best available agent.
    AutoAssign {
        targets: Vec<(i64, Option<i64>)>,
    },
    /// Starts the acting agent's timer on ticket `id`.
    TimerStart {
        id: i64,
    },
    TimerStop,
    /// The acting agent's running timer, for the status bar.
    LoadTimer,
    Quit,
    /// Tickets-pane extras (customer view, macros, tags …).
    Extra(super::ticket_extras::ExtraEffect),
}

/// How one write ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Done {
        before: Box<Ticket>,
        after: Box<TicketView>,
    },
    /// Someone else changed the ticket: their version, and the error's text.
    Conflict {
        theirs: Box<Ticket>,
        message: String,
    },
    Failed {
        message: String,
        hint: Option<String>,
    },
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
    Page {
        gen: u64,
        place: Place,
        rows: Vec<TicketView>,
        more: bool,
    },
    Count {
        gen: u64,
        total: i64,
    },
    Status(DbStatus),
    Detail {
        view: Box<TicketView>,
        comments: Vec<Comment>,
        history: Vec<AuditEvent>,
    },
    Agents(Vec<Agent>),
    Projects(Vec<Project>),
    Project(Box<ProjectDetail>),
    Articles(Vec<Article>),
    Written {
        why: Why,
        results: Vec<(Write, Outcome)>,
    },
    Created(Result<Box<TicketView>, (String, Option<String>)>),
    EditorDone {
        purpose: EditorFor,
        text: Result<String, String>,
    },
    DemoLoaded(Result<(), String>),
    /// Results of the Tickets-pane extras.
    Extra(super::ticket_extras::ExtraMsg),
    /// Results of the Knowledge base pane's work.
    Kb(super::kb::KbMsg),
    /// Results for the Projects pane's plan.
    Plan(super::projects_state::PlanMsg),
    Workload(Box<crate::ops::TeamWorkload>),
    Ranking(Box<crate::ops::Ranking>),
    /// The running timer now, and what to tell the user about the change.
    Timer {
        timer: Option<crate::domain::timelog::Timer>,
        note: Option<super::note::Note>,
    },
    Failed {
        message: String,
        hint: Option<String>,
    },
}
