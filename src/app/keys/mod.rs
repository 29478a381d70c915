//! Keys: parsing and showing them (`key.rs`), the contexts they are bound in
//! (`context.rs`), and the keymap — a trie per context with the user's `[keys]`
//! merged over the declared defaults (`keymap.rs`).

mod context;
mod key;
mod keymap;

pub use context::Context;
pub use key::{seq_to_string, Key, KeyCode};
pub use keymap::{check_bindings, defaults_toml, Hint, KeyResult, Keymap, Pending};

#[cfg(test)]
mod tests;
