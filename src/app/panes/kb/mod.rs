//! The Knowledge base pane: the category tree, articles with solved counts and
//! stale flags, search results, articles suggested for a ticket, and emergency
//! playbooks with their incidents' checklists.

mod articles;
mod state;
mod text;
mod update;

pub use articles::{reader_lines, written};
pub use state::{KbState, KbView, Reader};
pub use text::{article_text, parse_article_text, tree, TreeNode};
pub use update::{choices, click, edited, handle, on_show, refresh, scroll, update};
