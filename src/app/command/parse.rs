//! Finding commands by name and parsing `name [argument]` as typed in the palette or
//! written in `[keys]`.

use super::decl::{Command, SPECS};
use super::spec::{CommandError, Spec};

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
