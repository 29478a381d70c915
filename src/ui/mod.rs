//! Pure drawing: `render(&State, &mut Frame)` reads the state and draws it; no
//! database, no terminal calls. `panes/` mirrors the app's panes, `chrome/` its
//! dialogs, toasts and status bar; `i18n/` holds every string.

mod chrome;
mod frame;
pub mod i18n;
mod labels;
pub mod markdown;
mod panes;
pub mod text;
pub mod theme;
mod widgets;

pub use chrome::help_lines;
pub use frame::render;
