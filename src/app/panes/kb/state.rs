//! The Knowledge base pane's own state: the category tree, articles with their
//! solved counts and stale flags, search results, suggestions for a ticket, and
//! playbooks with their incidents.

use super::text::tree;
use crate::app::chrome::Cursor;
use crate::app::msg::ForTicket;
use crate::domain::playbook::{Incident, Playbook};
use crate::domain::records::Article;
use crate::ops::{ArticleView, CategoryCount, SearchHit, Suggestion};
use std::collections::BTreeMap;

/// Which list the pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KbView {
    #[default]
    Articles,
    Search,
    Suggest,
    Playbooks,
}

/// Everything the Knowledge base pane keeps.
#[derive(Debug, Clone, Default)]
pub struct KbState {
    pub view: KbView,
    /// The articles of the selected category (and stale switch).
    pub articles: Vec<Article>,
    pub article: Cursor,
    /// Every article with links, solved count and stale flag.
    pub all: Vec<ArticleView>,
    pub categories: Vec<CategoryCount>,
    /// The selected node of the category tree (0: all articles).
    pub category: usize,
    /// Only articles past their review date.
    pub stale_only: bool,
    pub loaded: bool,
    pub query: String,
    pub hits: Vec<SearchHit>,
    pub hit: Cursor,
    pub searching: bool,
    pub ticket: Option<ForTicket>,
    pub suggestions: Vec<Suggestion>,
    pub suggestion: Cursor,
    pub playbooks: Vec<Playbook>,
    pub incidents: Vec<Incident>,
    /// Over playbooks then incidents.
    pub pb: Cursor,
    /// Edited text whose save met a newer version: offered again by `e`.
    pub drafts: BTreeMap<i64, String>,
    /// The article open in the full-screen reader, over whichever view.
    pub reader: Option<Reader>,
    /// A new article's text that was refused: offered again by `c`.
    pub new_draft: Option<String>,
}

/// The full-screen reader: which article, scrolled how far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reader {
    pub id: i64,
    pub scroll: u16,
}

impl KbState {
    /// The pane's facts about an article (solved count, stale flag).
    pub fn view_of(&self, id: i64) -> Option<&ArticleView> {
        self.all.iter().find(|v| v.article.id == id)
    }

    /// The article selected in the list.
    pub fn selected_article(&self) -> Option<&Article> {
        self.articles.get(self.article.selected)
    }

    /// Fills the article list from the tree selection and the stale switch, keeping
    /// the article `keep` (else the selected one) selected when it is still listed.
    pub fn refilter(&mut self, keep: Option<i64>) {
        let nodes = tree(&self.categories);
        self.category = self.category.min(nodes.len().saturating_sub(1));
        let path = nodes
            .get(self.category)
            .map(|n| n.path.clone())
            .unwrap_or_default();
        let keep = keep.or_else(|| self.selected_article().map(|a| a.id));
        let sub = format!("{path}/");
        let rows: Vec<Article> = self
            .all
            .iter()
            .filter(|v| {
                path.is_empty()
                    || v.article.category == path
                    || v.article.category.starts_with(&sub)
            })
            .filter(|v| !self.stale_only || v.stale)
            .map(|v| v.article.clone())
            .collect();
        self.article.selected = keep
            .and_then(|id| rows.iter().position(|a| a.id == id))
            .unwrap_or(0);
        self.article.offset = self.article.offset.min(self.article.selected);
        self.articles = rows;
    }

    /// The cursor and length of the list in front.
    pub fn list(&mut self) -> (&mut Cursor, usize) {
        match self.view {
            KbView::Articles => (&mut self.article, self.articles.len()),
            KbView::Search => (&mut self.hit, self.hits.len()),
            KbView::Suggest => (&mut self.suggestion, self.suggestions.len()),
            KbView::Playbooks => (&mut self.pb, self.playbooks.len() + self.incidents.len()),
        }
    }
}
