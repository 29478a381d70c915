//! Where a binding applies. Resolution goes from the innermost context outwards.

use crate::app::ctx::{Pane, Place};

/// A key context, named as in `[keys.NAME]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    List,
    Tickets,
    Projects,
    Kb,
    Team,
    Dashboard,
    Detail,
    Input,
    Palette,
    Picker,
    Form,
    Conflict,
    Confirm,
    Help,
    Welcome,
}

impl Context {
    /// Every context, in the order help lists them.
    pub const ALL: [Context; 16] = [
        Context::Global,
        Context::List,
        Context::Tickets,
        Context::Projects,
        Context::Kb,
        Context::Team,
        Context::Dashboard,
        Context::Detail,
        Context::Input,
        Context::Palette,
        Context::Picker,
        Context::Form,
        Context::Conflict,
        Context::Confirm,
        Context::Help,
        Context::Welcome,
    ];

    /// The name used in `[keys.NAME]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Tickets => "tickets",
            Context::Projects => "projects",
            Context::Kb => "kb",
            Context::Team => "team",
            Context::Dashboard => "dashboard",
            Context::Detail => "detail",
            Context::Input => "input",
            Context::Palette => "palette",
            Context::Picker => "picker",
            Context::Form => "form",
            Context::Conflict => "conflict",
            Context::Confirm => "confirm",
            Context::Help => "help",
            Context::Welcome => "welcome",
        }
    }

    /// The context named `s`.
    pub fn parse(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }

    /// The contexts in force at `place` when no dialog is open, innermost first.
    pub fn at(place: Place) -> &'static [Context] {
        use Context::*;
        match place {
            Place::Detail => &[Detail, Global],
            Place::Welcome => &[Welcome, Global],
            Place::Pane(Pane::Tickets) => &[Tickets, List, Global],
            Place::Pane(Pane::Projects) => &[Projects, List, Global],
            Place::Pane(Pane::Kb) => &[Kb, List, Global],
            Place::Pane(Pane::Team) => &[Team, List, Global],
            Place::Pane(Pane::Dashboard) => &[Dashboard, List, Global],
        }
    }
}
