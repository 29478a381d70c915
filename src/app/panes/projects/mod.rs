//! The Projects pane: projects with health on top, the selected project's plan in
//! tabs below (Gantt, risks, issues, documents), task edits from the keyboard.

mod state;
mod update;
mod window;

pub use state::{list_h, ProjectsState};
pub use update::{click, handle, on_show, refresh, scroll, show_project, update};
