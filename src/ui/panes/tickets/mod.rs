//! Drawing of the Tickets pane: the virtual table, the detail with its extras, and
//! the customer and return-visit panels.

mod detail;
mod extras;
mod list;
mod mail;
mod panel;

pub use detail::{preview, render as detail};
pub use list::render;
pub use panel::render as panel;
