//! Drawing of the panes, one module each as in `app::panes`, plus the welcome screen.

pub mod dashboard;
pub mod kb;
pub mod projects;
pub mod team;
pub mod tickets;
pub mod welcome;
