//! The row type of the command table, where a command applies, and parsing
//! `name [argument]` as typed in the palette or written in `[keys]`.

use super::args::ArgKind;
use super::decl::{Command, SPECS};
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
}

impl Scope {
    /// The pane whose `update` runs the command, if a pane does.
    pub fn pane(self) -> Option<Pane> {
        match self {
            Scope::Tickets => Some(Pane::Tickets),
            Scope::Projects => Some(Pane::Projects),
            Scope::Kb => Some(Pane::Kb),
            Scope::Team => Some(Pane::Team),
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
    /// Whether the palette offers the command at `place`: console-wide commands
    /// everywhere, a pane's commands on that pane, and any command where one of its
    /// default keys works.
    pub fn applies(&self, place: Place) -> bool {
        match self.scope {
            Scope::Keys | Scope::Dialog => false,
            Scope::App | Scope::Nav => true,
            scope => {
                scope.pane() == Some(place.pane()) && place != Place::Welcome
                    || self
                        .keys
                        .iter()
                        .any(|(ctx, _)| Context::at(place).contains(ctx))
            }
        }
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
    /// The command takes no argument.
    NoArgument(String),
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::Empty => f.write_str("no command given"),
            CommandError::Unknown(n) => write!(f, "unknown command '{n}'"),
            CommandError::NoArgument(n) => write!(f, "'{n}' takes no argument"),
        }
    }
}

/// The table row named `name`.
pub fn find(name: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.name == name)
}

impl Command {
    /// The command's stable name.
    pub fn name(&self) -> &'static str {
        self.spec().name
    }

    /// Builds a command from its name and optional argument.
    pub fn from_parts(name: &str, arg: Option<&str>) -> Result<Command, CommandError> {
        let arg = arg
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string);
        let i = SPECS
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| CommandError::Unknown(name.to_string()))?;
        if arg.is_some() && SPECS[i].arg.is_none() {
            return Err(CommandError::NoArgument(name.to_string()));
        }
        Command::bare(i)
            .map(|c| c.with_arg(arg))
            .ok_or_else(|| CommandError::Unknown(name.to_string()))
    }

    /// Parses `name [argument…]` as typed in the palette or written in `[keys]`.
    pub fn parse(line: &str) -> Result<Command, CommandError> {
        let line = line.trim().trim_start_matches(':').trim_start();
        if line.is_empty() {
            return Err(CommandError::Empty);
        }
        let (name, arg) = match line.split_once(char::is_whitespace) {
            Some((n, a)) => (n, Some(a)),
            None => (line, None),
        };
        Command::from_parts(name, arg)
    }
}
