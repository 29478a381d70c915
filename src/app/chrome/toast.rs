//! Toasts: short notes that go away by themselves.

use crate::app::msg::{Level, Note};

/// A toast on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub note: Note,
    pub level: Level,
    /// When it disappears (Unix seconds).
    pub until: i64,
}

/// The most toasts shown at once.
const MAX: usize = 3;

/// Shows `note` for a few seconds (errors longer); the same note is not stacked.
pub fn push(toasts: &mut Vec<Toast>, note: Note, now: i64) {
    let level = note.level();
    let secs = if level == Level::Error { 8 } else { 4 };
    toasts.retain(|t| t.note != note);
    toasts.push(Toast {
        note,
        level,
        until: now + secs,
    });
    if toasts.len() > MAX {
        toasts.remove(0);
    }
}
