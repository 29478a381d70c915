//! Drawing of the Projects pane: the list with health, the plan's tab bar, the
//! Gantt chart and the risks, issues and documents tabs.

mod gantt;
mod list;
mod tabs;

pub use list::render;
