//! Drawing of the Knowledge base pane: the category tree and articles, search
//! results, suggestions for a ticket, playbooks and incidents.

mod article;
mod articles;
mod views;

pub use articles::render;
