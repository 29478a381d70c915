//! The Knowledge base pane's effects, results and notes: articles with counts and
//! categories, search, suggestions for a ticket, links, article saves, playbooks and
//! their incidents.

use super::failure::Failure;
use super::level::Level;
use crate::domain::playbook::{Incident, Playbook};
use crate::domain::records::Article;
use crate::ops::{ArticleView, CategoryCount, SearchHit, Suggestion};

/// The ticket suggestions are for.
#[derive(Debug, Clone, PartialEq)]
pub struct ForTicket {
    pub id: i64,
    pub title: String,
}

/// Database work of the Knowledge base pane.
#[derive(Debug, Clone, PartialEq)]
pub enum KbFx {
    Load,
    Search(String),
    Suggest(i64),
    Link {
        ticket: i64,
        article: i64,
    },
    Save {
        id: i64,
        expected: i64,
        text: String,
    },
    Start {
        playbook: String,
        drill: bool,
        ticket: Option<i64>,
    },
    Step {
        incident: i64,
        no: i64,
        done: bool,
        expected: i64,
    },
    /// A new article from the editor's text (header fields, `---`, body).
    Create(String),
    Archive {
        id: i64,
        expected: i64,
    },
    /// A new review date (`YYYY-MM-DD`) for article `id`.
    Review {
        id: i64,
        expected: i64,
        day: String,
    },
}

/// Results for the Knowledge base pane.
#[derive(Debug, Clone)]
pub enum KbMsg {
    Loaded {
        articles: Vec<ArticleView>,
        categories: Vec<CategoryCount>,
        playbooks: Vec<Playbook>,
        incidents: Vec<Incident>,
    },
    Searched {
        query: String,
        hits: Result<Vec<SearchHit>, Failure>,
    },
    Suggested {
        ticket: ForTicket,
        rows: Vec<Suggestion>,
    },
    Linked {
        ticket: i64,
        article: i64,
        new: bool,
    },
    Saved(Box<Article>),
    /// Someone saved the article first; my text is kept.
    SaveConflict {
        id: i64,
        text: String,
        failure: Failure,
    },
    /// The save was refused (a bad date …); my text is kept for the next `e`.
    SaveFailed {
        id: i64,
        text: String,
        failure: Failure,
    },
    Started(Box<Incident>),
    StepSet(Box<Incident>),
    Created(Box<Article>),
    /// The new article was refused (no title …); its text is kept for the next `c`.
    CreateFailed {
        text: String,
        failure: Failure,
    },
    Archived(Box<Article>),
    Reviewed(Box<Article>),
    Failed(Failure),
}

/// What the Knowledge base pane tells the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KbNote {
    Linked { ticket: i64, article: i64 },
    AlreadyLinked,
    Inserted { ticket: i64 },
    Saved(i64),
    Conflict(i64),
    Started { id: i64, drill: bool },
    StepDone { no: i64, done: bool },
    NothingSelected,
    NoStep,
    NoResults,
    NoPlaybooks,
    Created(i64),
    Archived(i64),
    ReviewSet { id: i64, day: String },
}

impl KbNote {
    /// How loud the note is: all of them pass quietly.
    pub fn level(&self) -> Level {
        Level::Info
    }
}
