//! Drawing of the Projects pane: the list with health, the plan's tab bar, the
//! Gantt chart, the risks, issues and documents tabs, and the progress curves.

mod gantt;
mod list;
mod progress;
mod tabs;

pub use list::render;
