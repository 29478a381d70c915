//! How loud a note is.

/// Info, warning or error: the toast's colour and how long it stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}
