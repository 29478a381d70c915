//! Every user action, declared once (`decl.rs`, through the `commands!` macro):
//! name, English and Chinese description, argument kind, owning pane and default
//! keys. The keymap, the `:` palette, pickers and the `?` help all read it.

#[macro_use]
mod macros;
mod args;
mod decl;
mod parse;
mod spec;

pub use args::{ArgKind, Choice, Completer};
pub use decl::{Command, PREFIXES, SPECS};
pub use parse::find;
pub use spec::{CommandError, Prefix, Scope, Spec};

#[cfg(test)]
mod tests;
