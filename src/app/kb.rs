//! The Knowledge base pane's state and behaviour: the category tree, articles with
//! their solved counts and stale flags, search results, articles suggested for a
//! ticket, and emergency playbooks with their incidents' checklists. No I/O:
//! database work goes out as `KbEffect`s and comes back as `KbMsg`s.

use super::command::Command;
use super::effect::{EditorFor, Effect};
pub use super::kb_text::{article_text, parse_article_text, tree, TreeNode};
use super::note::Note;
use super::overlay::{Overlay, Palette};
use super::state::{Detail, Pane, State};
use super::update;
use crate::domain::playbook::{Incident, Playbook};
use crate::domain::records::Article;
use crate::domain::search::Kind;
use crate::ops::{ArticleView, CategoryCount, SearchHit, Suggestion};

/// Which list the pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KbView {
    #[default]
    Articles,
    Search,
    Suggest,
    Playbooks,
}

/// A cursor over a list.
#[derive(Debug, Clone, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    fn step(&mut self, delta: i64, len: usize, h: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        let last = len as i64 - 1;
        self.selected =
            (self.selected as i64 + delta.clamp(-(len as i64), len as i64)).clamp(0, last) as usize;
        let h = h.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
    }
}

/// The ticket suggestions are for.
#[derive(Debug, Clone, PartialEq)]
pub struct ForTicket {
    pub id: i64,
    pub title: String,
}

/// Everything the Knowledge base pane shows beyond the plain article list.
#[derive(Debug, Clone, Default)]
pub struct KbState {
    pub view: KbView,
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
    pub drafts: std::collections::BTreeMap<i64, String>,
}

/// Database work for the pane.
#[derive(Debug, Clone, PartialEq)]
pub enum KbEffect {
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
}

/// A failure: message and hint.
pub type Failure = (String, Option<String>);

/// Results of `KbEffect`s.
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
        message: String,
    },
    /// The save was refused (a bad date …); my text is kept for the next `e`.
    SaveFailed {
        id: i64,
        text: String,
        failure: Failure,
    },
    Started(Box<Incident>),
    StepSet(Box<Incident>),
    Failed(Failure),
}

/// Toasts of the pane (their text lives with the pane's strings).
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
}

fn note(s: &mut State, n: KbNote) {
    s.toast(Note::Kb(n));
}

/// Runs one of the pane's commands.
pub fn command(s: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Search(None) => {
            s.overlay = Overlay::Palette(Palette {
                input: super::input::LineInput::with(&format!("search {}", s.kb.query)),
                ..Default::default()
            });
            super::palette::refresh(s);
            Vec::new()
        }
        Command::Search(Some(q)) => {
            go(s, KbView::Search);
            s.kb.query = q.trim().to_string();
            s.kb.searching = true;
            vec![fx(KbEffect::Search(s.kb.query.clone()))]
        }
        Command::SuggestArticles => match s.current_ticket() {
            Some(t) => {
                let (id, title) = (t.id, t.title.clone());
                go(s, KbView::Suggest);
                s.kb.ticket = Some(ForTicket { id, title });
                s.kb.suggestions.clear();
                vec![fx(KbEffect::Suggest(id))]
            }
            None => {
                s.toast(Note::NoTicket);
                Vec::new()
            }
        },
        Command::KbArticles => {
            s.kb.view = KbView::Articles;
            Vec::new()
        }
        Command::Playbooks => {
            let v = if s.kb.view == KbView::Playbooks {
                KbView::Articles
            } else {
                KbView::Playbooks
            };
            go(s, v)
        }
        Command::CategoryNext | Command::CategoryPrev => {
            let n = tree(&s.kb.categories).len();
            let d = if cmd == Command::CategoryNext {
                1
            } else {
                n - 1
            };
            s.kb.category = (s.kb.category + d) % n.max(1);
            s.kb.view = KbView::Articles;
            refilter(s, None);
            Vec::new()
        }
        Command::StaleArticles => {
            s.kb.stale_only = !s.kb.stale_only;
            s.kb.view = KbView::Articles;
            refilter(s, None);
            Vec::new()
        }
        Command::EditArticle => edit(s),
        Command::LinkArticle => link_or_insert(s, false),
        Command::InsertArticle => link_or_insert(s, true),
        Command::StartPlaybook(ref arg) | Command::StartDrill(ref arg) => {
            let drill = matches!(cmd, Command::StartDrill(_));
            let arg = arg.clone();
            let key = arg.or_else(|| {
                (s.kb.view == KbView::Playbooks)
                    .then(|| s.kb.playbooks.get(s.kb.pb.selected).map(|p| p.id.clone()))
                    .flatten()
            });
            match key {
                Some(playbook) => {
                    let ticket = s.detail.as_ref().map(|d| d.id);
                    vec![fx(KbEffect::Start {
                        playbook,
                        drill,
                        ticket,
                    })]
                }
                None => {
                    note(s, KbNote::NoPlaybooks);
                    go(s, KbView::Playbooks)
                }
            }
        }
        Command::StepDone(ref arg) | Command::StepUndo(ref arg) => {
            let done = matches!(cmd, Command::StepDone(_));
            let arg = arg.clone();
            step_toggle(s, done, arg)
        }
        _ => Vec::new(),
    }
}

fn fx(k: KbEffect) -> Effect {
    Effect::Kb(k)
}

/// Shows view `v` on the Knowledge base pane, loading the pane the first time.
fn go(s: &mut State, v: KbView) -> Vec<Effect> {
    let mut out = Vec::new();
    if s.pane != Pane::Kb || s.detail.is_some() {
        out = update::switch(s, Pane::Kb.index());
    }
    s.kb.view = v;
    if !s.kb.loaded && !out.contains(&fx(KbEffect::Load)) {
        out.push(fx(KbEffect::Load));
    }
    out
}

/// Fills the article list from the tree selection and the stale switch, keeping
/// the article `keep` (else the selected one) selected when it is still listed.
pub fn refilter(s: &mut State, keep: Option<i64>) {
    let nodes = tree(&s.kb.categories);
    s.kb.category = s.kb.category.min(nodes.len().saturating_sub(1));
    let path = nodes
        .get(s.kb.category)
        .map(|n| n.path.clone())
        .unwrap_or_default();
    let keep = keep.or_else(|| s.articles.rows.get(s.articles.selected).map(|a| a.id));
    let sub = format!("{path}/");
    let rows: Vec<Article> = s
        .kb
        .all
        .iter()
        .filter(|v| {
            path.is_empty() || v.article.category == path || v.article.category.starts_with(&sub)
        })
        .filter(|v| !s.kb.stale_only || v.stale)
        .map(|v| v.article.clone())
        .collect();
    s.articles.selected = keep
        .and_then(|id| rows.iter().position(|a| a.id == id))
        .unwrap_or(0);
    s.articles.offset = s.articles.offset.min(s.articles.selected);
    s.articles.rows = rows;
    s.articles.loaded = true;
}

/// The pane's facts about an article (solved count, stale flag).
pub fn view_of(s: &State, id: i64) -> Option<&ArticleView> {
    s.kb.all.iter().find(|v| v.article.id == id)
}

/// Moves the selection of the current view.
pub fn step(s: &mut State, delta: i64, h: usize) -> Vec<Effect> {
    match s.kb.view {
        KbView::Articles => update::simple_step(&mut s.articles, delta, h),
        KbView::Search => s.kb.hit.step(delta, s.kb.hits.len(), h),
        KbView::Suggest => s.kb.suggestion.step(delta, s.kb.suggestions.len(), h),
        KbView::Playbooks => {
            let n = s.kb.playbooks.len() + s.kb.incidents.len();
            s.kb.pb.step(delta, n, h)
        }
    }
    Vec::new()
}

/// Enter: opens a search result, inserts a suggestion, starts nothing by accident.
pub fn open(s: &mut State) -> Vec<Effect> {
    match s.kb.view {
        KbView::Search => match s.kb.hits.get(s.kb.hit.selected).cloned() {
            Some(h) => open_hit(s, &h),
            None => Vec::new(),
        },
        KbView::Suggest => link_or_insert(s, true),
        _ => Vec::new(),
    }
}

fn open_hit(s: &mut State, h: &SearchHit) -> Vec<Effect> {
    match h.kind {
        Kind::Ticket => {
            s.pane = Pane::Tickets;
            s.detail = Some(Detail {
                id: h.id,
                ..Default::default()
            });
            vec![Effect::LoadDetail { id: h.id }]
        }
        Kind::Article => {
            s.kb.view = KbView::Articles;
            s.kb.category = 0;
            s.kb.stale_only = false;
            refilter(s, Some(h.id));
            let hgt = s.list_height();
            update::simple_step(&mut s.articles, 0, hgt);
            Vec::new()
        }
        Kind::Customer => {
            let q = format!("customer:\"{}\"", h.title.replace('"', ""));
            update::apply_filter(s, &q)
        }
        Kind::Project => {
            let mut out = update::switch(s, Pane::Projects.index());
            if let Some(i) = s.projects.rows.iter().position(|p| p.id == h.id) {
                s.projects.selected = i;
            }
            out.push(Effect::LoadProject { id: h.id });
            out
        }
    }
}

/// The article the link / insert / edit commands act on.
fn chosen_article(s: &State) -> Option<Article> {
    match s.kb.view {
        KbView::Suggest => {
            s.kb.suggestions
                .get(s.kb.suggestion.selected)
                .map(|x| x.article.clone())
        }
        KbView::Search => {
            s.kb.hits
                .get(s.kb.hit.selected)
                .filter(|h| h.kind == Kind::Article)
                .and_then(|h| view_of(s, h.id).map(|v| v.article.clone()))
        }
        _ => s.articles.rows.get(s.articles.selected).cloned(),
    }
}

fn link_or_insert(s: &mut State, insert: bool) -> Vec<Effect> {
    let Some(a) = chosen_article(s) else {
        note(s, KbNote::NothingSelected);
        return Vec::new();
    };
    let ticket =
        s.kb.ticket
            .as_ref()
            .map(|t| t.id)
            .or_else(|| s.current_ticket().map(|t| t.id));
    let Some(ticket) = ticket else {
        s.toast(Note::NoTicket);
        return Vec::new();
    };
    let mut out = vec![fx(KbEffect::Link {
        ticket,
        article: a.id,
    })];
    if insert {
        // The reply draft gets the article; the agent reviews and sends it (r / R).
        let draft = s.drafts.get(&(ticket, false)).cloned();
        let text = crate::ops::article_reply(draft.as_deref(), &a);
        s.drafts.insert((ticket, false), text);
        note(s, KbNote::Inserted { ticket });
        s.pane = Pane::Tickets;
        s.kb.view = KbView::Articles;
        s.detail = Some(Detail {
            id: ticket,
            ..Default::default()
        });
        out.push(Effect::LoadDetail { id: ticket });
    }
    out
}

fn edit(s: &mut State) -> Vec<Effect> {
    let Some(a) = chosen_article(s) else {
        note(s, KbNote::NothingSelected);
        return Vec::new();
    };
    let text =
        s.kb.drafts
            .get(&a.id)
            .cloned()
            .unwrap_or_else(|| article_text(&a));
    vec![Effect::Editor {
        text,
        purpose: EditorFor::Article {
            id: a.id,
            expected: a.version,
        },
    }]
}

/// The editor closed on an article.
pub fn edited(s: &mut State, id: i64, expected: i64, text: String) -> Vec<Effect> {
    if text.trim().is_empty() {
        s.toast(Note::EditorEmpty);
        return Vec::new();
    }
    // Closing the editor without a change saves nothing (no new version).
    let unchanged = view_of(s, id).is_some_and(|v| article_text(&v.article) == text);
    if unchanged && !s.kb.drafts.contains_key(&id) {
        return Vec::new();
    }
    vec![fx(KbEffect::Save { id, expected, text })]
}

fn step_toggle(s: &mut State, done: bool, arg: Option<String>) -> Vec<Effect> {
    let i = s.kb.pb.selected.checked_sub(s.kb.playbooks.len());
    let inc = match i.and_then(|i| s.kb.incidents.get(i)) {
        Some(inc) if s.kb.view == KbView::Playbooks => inc,
        _ => {
            note(s, KbNote::NoStep);
            return Vec::new();
        }
    };
    let no = match arg.and_then(|a| a.trim().parse::<i64>().ok()) {
        Some(n) => Some(n),
        // Without a number: the next open step, or the last done one to undo.
        None if done => inc.next_step().map(|st| st.no),
        None => inc
            .steps
            .iter()
            .rev()
            .find(|st| st.done_at.is_some())
            .map(|st| st.no),
    };
    match no {
        Some(no) => vec![fx(KbEffect::Step {
            incident: inc.id,
            no,
            done,
            expected: inc.version,
        })],
        None => {
            note(s, KbNote::NoStep);
            Vec::new()
        }
    }
}

/// Applies a result.
pub fn handle(s: &mut State, m: KbMsg) -> Vec<Effect> {
    match m {
        KbMsg::Loaded {
            articles,
            categories,
            playbooks,
            incidents,
        } => {
            s.kb.all = articles;
            s.kb.categories = categories;
            s.kb.playbooks = playbooks;
            s.kb.incidents = incidents;
            s.kb.loaded = true;
            refilter(s, None);
            Vec::new()
        }
        KbMsg::Searched { query, hits } => {
            if query != s.kb.query {
                return Vec::new();
            }
            s.kb.searching = false;
            s.kb.hit = Cursor::default();
            match hits {
                Ok(h) => {
                    if h.is_empty() {
                        note(s, KbNote::NoResults);
                    }
                    s.kb.hits = h;
                }
                Err((message, hint)) => {
                    s.kb.hits.clear();
                    s.toast(Note::Failed { message, hint });
                }
            }
            Vec::new()
        }
        KbMsg::Suggested { ticket, rows } => {
            s.kb.ticket = Some(ticket);
            s.kb.suggestions = rows;
            s.kb.suggestion = Cursor::default();
            Vec::new()
        }
        KbMsg::Linked {
            ticket,
            article,
            new,
        } => {
            if new {
                note(s, KbNote::Linked { ticket, article });
            } else if s.kb.view == KbView::Suggest {
                note(s, KbNote::AlreadyLinked);
            }
            let mut out = vec![fx(KbEffect::Load)];
            if s.kb.ticket.as_ref().is_some_and(|t| t.id == ticket) {
                out.push(fx(KbEffect::Suggest(ticket)));
            }
            out
        }
        KbMsg::Saved(a) => {
            s.kb.drafts.remove(&a.id);
            note(s, KbNote::Saved(a.id));
            vec![fx(KbEffect::Load)]
        }
        KbMsg::SaveConflict { id, text, message } => {
            s.kb.drafts.insert(id, text);
            s.toast(Note::Failed {
                message,
                hint: None,
            });
            note(s, KbNote::Conflict(id));
            vec![fx(KbEffect::Load)]
        }
        KbMsg::SaveFailed {
            id,
            text,
            failure: (message, hint),
        } => {
            s.kb.drafts.insert(id, text);
            s.toast(Note::Failed { message, hint });
            Vec::new()
        }
        KbMsg::Started(inc) => {
            note(
                s,
                KbNote::Started {
                    id: inc.id,
                    drill: inc.drill,
                },
            );
            s.kb.incidents.retain(|i| i.id != inc.id);
            s.kb.incidents.insert(0, *inc);
            s.kb.pb.selected = s.kb.playbooks.len();
            s.kb.view = KbView::Playbooks;
            s.pane = Pane::Kb;
            s.detail = None;
            Vec::new()
        }
        KbMsg::StepSet(inc) => {
            let prev = s.kb.incidents.iter().find(|i| i.id == inc.id).cloned();
            // Say which step changed: the first whose done state differs.
            if let Some(p) = prev {
                if let Some(st) = inc
                    .steps
                    .iter()
                    .zip(p.steps.iter())
                    .find(|(a, b)| a.done_at.is_some() != b.done_at.is_some())
                {
                    let (no, done) = (st.0.no, st.0.done_at.is_some());
                    note(s, KbNote::StepDone { no, done });
                }
            }
            if let Some(slot) = s.kb.incidents.iter_mut().find(|i| i.id == inc.id) {
                *slot = *inc;
            }
            Vec::new()
        }
        KbMsg::Failed((message, hint)) => {
            s.kb.searching = false;
            s.toast(Note::Failed { message, hint });
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_stays_in_range() {
        let mut c = Cursor::default();
        c.step(5, 3, 2);
        assert_eq!((c.selected, c.offset), (2, 1));
        c.step(-9, 3, 2);
        assert_eq!((c.selected, c.offset), (0, 0));
        c.step(1, 0, 2);
        assert_eq!(c.selected, 0);
    }
}
