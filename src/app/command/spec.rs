//! The row type of the command table, where a command applies, key-prefix labels,
//! and the errors of parsing a command line.

use super::args::ArgKind;
use crate::app::ctx::{Pane, Place};
use crate::app::keys::Context;

/// Who runs a command, and so where it is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The console itself (panes, language, quit …): offered everywhere.
    App,
    /// Moving in whatever list or text is in front: offered everywhere.
    Nav,
    /// Only meaningful on a key (`noop`, `palette`): not offered in the palette.
    Keys,
    /// Editing inside a dialog: bound in dialog contexts, not offered in the palette.
    Dialog,
    Tickets,
    Projects,
    Kb,
    Team,
    Dashboard,
}

impl Scope {
    /// The pane whose `update` runs the command, if a pane does.
    pub fn pane(self) -> Option<Pane> {
        match self {
            Scope::Tickets => Some(Pane::Tickets),
            Scope::Projects => Some(Pane::Projects),
            Scope::Kb => Some(Pane::Kb),
            Scope::Team => Some(Pane::Team),
            Scope::Dashboard => Some(Pane::Dashboard),
            Scope::App | Scope::Nav | Scope::Keys | Scope::Dialog => None,
        }
    }
}

/// One row of the command table.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The stable kebab-case name bound in `[keys]` and typed in the palette.
    pub name: &'static str,
    /// One line of help in English.
    pub en: &'static str,
    /// The same in Chinese.
    pub zh: &'static str,
    /// The argument it takes, if any.
    pub arg: Option<ArgKind>,
    pub scope: Scope,
    /// Default keys: (context, key sequence).
    pub keys: &'static [(Context, &'static str)],
}

impl Spec {
    /// Whether the palette offers the command at `place`: where one of its default
    /// keys works, on its own pane, and — for the console's commands without a key
    /// (`language`, `theme`) — everywhere.
    pub fn applies(&self, place: Place) -> bool {
        if matches!(self.scope, Scope::Keys | Scope::Dialog) {
            return false;
        }
        let keyed = self
            .keys
            .iter()
            .any(|(ctx, _)| Context::at(place).contains(ctx));
        let own_pane = self.scope.pane() == Some(place.pane()) && place != Place::Welcome;
        keyed || own_pane || (self.keys.is_empty() && self.scope.pane().is_none())
    }

    /// `name ARG` for help and the palette.
    pub fn usage(&self) -> String {
        match self.arg {
            Some(a) => format!("{} {}", self.name, a.placeholder()),
            None => self.name.to_string(),
        }
    }
}

/// A key prefix with a name, shown over the which-key box ("g" → "Go to").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefix {
    pub keys: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

/// Why a command line did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    Empty,
    Unknown(String),
    /// No command has this name; the nearest one does (Tab or ↓ picks it).
    DidYouMean {
        name: String,
        nearest: &'static str,
    },
    /// The command takes no argument.
    NoArgument(String),
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::Empty => f.write_str("no command given"),
            CommandError::Unknown(n) => write!(f, "unknown command '{n}'"),
            CommandError::DidYouMean { name, nearest } => write!(
                f,
                "unknown command '{name}' — did you mean {nearest}? (Tab completes it)"
            ),
            CommandError::NoArgument(n) => write!(f, "'{n}' takes no argument"),
        }
    }
}
