//! What every part of the console may read and none may change: the clock, the
//! language, who is acting, the workflow, the screen, where the user is. Panes get
//! a `Ctx` with each command and message instead of the whole state.

use crate::domain::records::Agent;
use crate::domain::workflow::Workflow;
use std::collections::BTreeMap;

/// The five panes of the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pane {
    Tickets,
    Projects,
    Kb,
    Team,
    Dashboard,
}

impl Pane {
    /// The panes in tab order.
    pub const ALL: [Pane; 5] = [
        Pane::Tickets,
        Pane::Projects,
        Pane::Kb,
        Pane::Team,
        Pane::Dashboard,
    ];

    /// Position in the tab bar.
    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// Where the user is: a pane's list, the open ticket, or the welcome screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    Pane(Pane),
    /// A ticket's detail (part of the Tickets pane).
    Detail,
    /// The welcome screen of an empty database.
    Welcome,
}

impl Place {
    /// Every place, for tests and help.
    pub const ALL: [Place; 7] = [
        Place::Pane(Pane::Tickets),
        Place::Pane(Pane::Projects),
        Place::Pane(Pane::Kb),
        Place::Pane(Pane::Team),
        Place::Pane(Pane::Dashboard),
        Place::Detail,
        Place::Welcome,
    ];

    /// The pane this place belongs to.
    pub fn pane(self) -> Pane {
        match self {
            Place::Pane(p) => p,
            Place::Detail | Place::Welcome => Pane::Tickets,
        }
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

/// Unsent replies and notes: (ticket, internal) → text. Kept until sent.
pub type Drafts = BTreeMap<(i64, bool), String>;

/// The ticket single-ticket commands act on: the open detail, else the selected row.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    pub id: i64,
    pub title: String,
    /// Whether it is open in the detail (not only selected in the list).
    pub open: bool,
}

/// The read-only facts a pane works with.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// Unix seconds.
    pub now: i64,
    pub lang: Lang,
    pub actor: &'a str,
    pub workflow: &'a Workflow,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub place: Place,
    /// The agents (with their open load), stored once for every pane.
    pub agents: &'a [Agent],
    pub drafts: &'a Drafts,
    pub focus: Option<&'a Focus>,
    /// A dialog is open over the pane.
    pub dialog: bool,
}

impl Ctx<'_> {
    /// Rows of the list area (between the header and the status bar).
    pub fn list_height(&self) -> usize {
        super::layout::list_height(self.size)
    }

    /// Whether the user is on pane `p` (its list or, for tickets, the detail).
    pub fn on(&self, p: Pane) -> bool {
        self.place.pane() == p
    }
}
