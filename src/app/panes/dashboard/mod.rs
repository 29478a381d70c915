//! The Dashboard pane: tiles and charts of how the service is doing over a period
//! (`report::dashboard`, computed on the worker), the period stepped with `[`/`]`,
//! narrowed to a group, type or channel, and `enter` on a bar, cell or row opening
//! the Tickets pane with the filter behind that count.

pub mod layout;
mod state;
pub mod targets;
mod update;

pub use state::{AgentSortKey, DashboardState, Widget};
pub use targets::Target;
pub use update::{click, handle, on_show, refresh, scroll, update};
