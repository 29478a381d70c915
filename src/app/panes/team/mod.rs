//! The Team pane: every agent's open tickets, SLA pressure, tasks and load against
//! capacity with a heatmap of the coming weeks; the acting agent's timer.

mod state;
mod update;

pub use state::TeamState;
pub use update::{click, handle, on_show, refresh, scroll, update};
