//! Drawing of the shared chrome: dialogs, the which-key box, toasts, the status bar.

mod boxes;
mod confirm;
mod conflict;
mod form;
mod help;
mod overlays;
mod picker;
mod status;

pub use boxes::clear;
pub use help::help_lines;
pub use overlays::render as overlays;
pub use status::render as status;
