//! The Knowledge base pane's commands and results. No I/O: database work leaves as
//! `KbFx` and comes back as `KbMsg`; what concerns tickets goes out as requests.

use super::articles;
use super::state::{KbState, KbView};
use super::text::{article_text, tree};
use crate::app::chrome::{Cursor, Overlay, Palette};
use crate::app::command::{ArgKind, Choice, Command};
use crate::app::ctx::{Ctx, Pane};
use crate::app::msg::{EditorFor, Effect, ForTicket, KbFx, KbMsg, KbNote, Note};
use crate::app::outcome::{Outcome, Request};
use crate::domain::records::Article;
use crate::domain::search::Kind;
use crate::ops::SearchHit;

/// Applies one of the pane's commands.
pub fn update(s: &mut KbState, ctx: &Ctx, cmd: Command) -> Outcome {
    let h = ctx.list_height();
    if s.reader.is_some() {
        // The reader scrolls its text; esc goes back to the list it was opened from.
        let page = h.saturating_sub(2).max(1) as i64;
        let delta = match cmd {
            Command::Down => Some(1),
            Command::Up => Some(-1),
            Command::PageDown => Some(page),
            Command::PageUp => Some(-page),
            Command::Top => Some(-i64::from(u32::MAX)),
            Command::Bottom => Some(i64::from(u32::MAX)),
            _ => None,
        };
        if let Some(d) = delta {
            return articles::scroll_reader(s, ctx, d);
        }
        if cmd == Command::KbArticles {
            s.reader = None;
            return Outcome::none();
        }
    }
    match cmd {
        Command::Down => step(s, 1, h),
        Command::Up => step(s, -1, h),
        Command::PageDown => step(s, h as i64, h),
        Command::PageUp => step(s, -(h as i64), h),
        Command::Top => step(s, -i64::from(u32::MAX), h),
        Command::Bottom => step(s, i64::from(u32::MAX), h),
        Command::Open => match s.view {
            KbView::Search => match s.hits.get(s.hit.selected).cloned() {
                Some(hit) => open_hit(s, ctx, &hit),
                None => Outcome::none(),
            },
            KbView::Suggest => link_or_insert(s, ctx, true),
            KbView::Articles => {
                let a = s.selected_article().cloned();
                articles::read(s, a)
            }
            KbView::Playbooks => Outcome::none(),
        },
        Command::ReadArticle => {
            let a = chosen_article(s);
            articles::read(s, a)
        }
        Command::NewArticle => articles::new_article(s, ctx),
        Command::ArchiveArticle => articles::archive(chosen_article(s)),
        Command::ReviewArticle(day) => articles::review(chosen_article(s), ctx, day),
        Command::Search(None) => Outcome::dialog(Overlay::Palette(Palette::with(&format!(
            "search {}",
            s.query
        )))),
        Command::Search(Some(q)) => {
            let out = go(s, ctx, KbView::Search);
            s.query = q.trim().to_string();
            s.searching = true;
            out.and_effect(KbFx::Search(s.query.clone()))
        }
        Command::SuggestArticles => match ctx.focus {
            Some(t) => {
                let out = go(s, ctx, KbView::Suggest);
                s.ticket = Some(ForTicket {
                    id: t.id,
                    title: t.title.clone(),
                });
                s.suggestions.clear();
                out.and_effect(KbFx::Suggest(t.id))
            }
            None => Outcome::note(Note::NoTicket),
        },
        Command::KbArticles => {
            s.view = KbView::Articles;
            Outcome::none()
        }
        Command::Playbooks => {
            let v = if s.view == KbView::Playbooks {
                KbView::Articles
            } else {
                KbView::Playbooks
            };
            go(s, ctx, v)
        }
        Command::CategoryNext | Command::CategoryPrev => {
            let n = tree(&s.categories).len();
            let d = if cmd == Command::CategoryNext {
                1
            } else {
                n - 1
            };
            s.category = (s.category + d) % n.max(1);
            s.view = KbView::Articles;
            s.refilter(None);
            Outcome::none()
        }
        Command::StaleArticles => {
            s.stale_only = !s.stale_only;
            s.view = KbView::Articles;
            s.refilter(None);
            Outcome::none()
        }
        Command::EditArticle => edit(s),
        Command::LinkArticle => link_or_insert(s, ctx, false),
        Command::InsertArticle => link_or_insert(s, ctx, true),
        Command::StartPlaybook(arg) => start(s, ctx, false, arg),
        Command::StartDrill(arg) => start(s, ctx, true, arg),
        Command::StepDone(arg) => step_toggle(s, true, arg),
        Command::StepUndo(arg) => step_toggle(s, false, arg),
        _ => Outcome::none(),
    }
}

/// The values of an argument the pane knows: the playbooks.
pub fn choices(s: &KbState, ctx: &Ctx, kind: ArgKind) -> Vec<Choice> {
    match kind {
        ArgKind::PlaybookId => s
            .playbooks
            .iter()
            .map(|p| Choice {
                value: p.id.clone(),
                label: p.id.clone(),
                hint: if ctx.lang.code() == "zh" {
                    p.zh.clone()
                } else {
                    p.en.clone()
                },
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Effects for showing the pane: everything the first time.
pub fn on_show(s: &KbState) -> Vec<Effect> {
    if s.loaded {
        Vec::new()
    } else {
        vec![Effect::Kb(KbFx::Load)]
    }
}

/// Effects that reload what the pane shows.
pub fn refresh(s: &KbState) -> Vec<Effect> {
    if s.loaded {
        vec![Effect::Kb(KbFx::Load)]
    } else {
        Vec::new()
    }
}

/// Shows view `v`, bringing the pane on screen (which loads it the first time).
fn go(s: &mut KbState, ctx: &Ctx, v: KbView) -> Outcome {
    s.view = v;
    if ctx.place != crate::app::ctx::Place::Pane(Pane::Kb) {
        return Outcome::request(Request::Show(Pane::Kb));
    }
    if s.loaded {
        Outcome::none()
    } else {
        Outcome::effect(KbFx::Load)
    }
}

fn step(s: &mut KbState, delta: i64, h: usize) -> Outcome {
    let (cursor, len) = s.list();
    cursor.step(delta, len, h);
    Outcome::none()
}

/// The mouse wheel and clicks move the list in front.
pub fn scroll(s: &mut KbState, ctx: &Ctx, delta: i64) -> Outcome {
    step(s, delta, ctx.list_height())
}

/// A click `line` rows below the list's top selects that row.
pub fn click(s: &mut KbState, ctx: &Ctx, line: usize) -> Outcome {
    let (cursor, _) = s.list();
    let delta = (cursor.offset + line) as i64 - cursor.selected as i64;
    step(s, delta, ctx.list_height())
}

fn open_hit(s: &mut KbState, ctx: &Ctx, h: &SearchHit) -> Outcome {
    match h.kind {
        Kind::Ticket => Outcome::request(Request::OpenTicket(h.id)),
        Kind::Article => {
            s.view = KbView::Articles;
            s.category = 0;
            s.stale_only = false;
            s.refilter(Some(h.id));
            let len = s.articles.len();
            s.article.step(0, len, ctx.list_height());
            // Straight into the reader; esc leaves the article selected in the list.
            let a = s.view_of(h.id).map(|v| v.article.clone());
            articles::read(s, a)
        }
        Kind::Customer => {
            let q = format!("customer:\"{}\"", h.title.replace('"', ""));
            Outcome::request(Request::Run(Command::Filter(Some(q))))
        }
        Kind::Project => Outcome::request(Request::ShowProject(h.id)),
    }
}

/// The article the link / insert / edit / archive commands act on: the one in the
/// reader, else the one selected in the view in front.
fn chosen_article(s: &KbState) -> Option<Article> {
    if let Some(r) = s.reader {
        return s.view_of(r.id).map(|v| v.article.clone());
    }
    match s.view {
        KbView::Suggest => s
            .suggestions
            .get(s.suggestion.selected)
            .map(|x| x.article.clone()),
        KbView::Search => s
            .hits
            .get(s.hit.selected)
            .filter(|h| h.kind == Kind::Article)
            .and_then(|h| s.view_of(h.id).map(|v| v.article.clone())),
        _ => s.selected_article().cloned(),
    }
}

fn link_or_insert(s: &mut KbState, ctx: &Ctx, insert: bool) -> Outcome {
    let Some(a) = chosen_article(s) else {
        return Outcome::note(KbNote::NothingSelected);
    };
    let ticket = s
        .ticket
        .as_ref()
        .map(|t| t.id)
        .or_else(|| ctx.focus.map(|t| t.id));
    let Some(ticket) = ticket else {
        return Outcome::note(Note::NoTicket);
    };
    let out = Outcome::effect(KbFx::Link {
        ticket,
        article: a.id,
    });
    if !insert {
        return out;
    }
    // The reply draft gets the article; the agent reviews and sends it (r / R).
    let draft = ctx.drafts.get(&(ticket, false)).cloned();
    let text = crate::ops::article_reply(draft.as_deref(), &a);
    s.view = KbView::Articles;
    out.and(Request::Draft {
        ticket,
        internal: false,
        text: Some(text),
    })
    .and(Request::OpenTicket(ticket))
    .and_note(KbNote::Inserted { ticket })
}

fn edit(s: &KbState) -> Outcome {
    let Some(a) = chosen_article(s) else {
        return Outcome::note(KbNote::NothingSelected);
    };
    let text = s
        .drafts
        .get(&a.id)
        .cloned()
        .unwrap_or_else(|| article_text(&a));
    Outcome::effect(Effect::Editor {
        text,
        purpose: EditorFor::Article {
            id: a.id,
            expected: a.version,
        },
    })
}

/// The editor closed on an article.
pub fn edited(s: &KbState, id: i64, expected: i64, text: String) -> Outcome {
    if text.trim().is_empty() {
        return Outcome::note(Note::EditorEmpty);
    }
    // Closing the editor without a change saves nothing (no new version).
    let unchanged = s
        .view_of(id)
        .is_some_and(|v| article_text(&v.article) == text);
    if unchanged && !s.drafts.contains_key(&id) {
        return Outcome::none();
    }
    Outcome::effect(KbFx::Save { id, expected, text })
}

fn start(s: &mut KbState, ctx: &Ctx, drill: bool, arg: Option<String>) -> Outcome {
    let key = arg.or_else(|| {
        (s.view == KbView::Playbooks)
            .then(|| s.playbooks.get(s.pb.selected).map(|p| p.id.clone()))
            .flatten()
    });
    match key {
        Some(playbook) => Outcome::effect(KbFx::Start {
            playbook,
            drill,
            ticket: ctx.focus.filter(|f| f.open).map(|f| f.id),
        }),
        None => go(s, ctx, KbView::Playbooks).and_note(KbNote::NoPlaybooks),
    }
}

fn step_toggle(s: &KbState, done: bool, arg: Option<String>) -> Outcome {
    let i = s.pb.selected.checked_sub(s.playbooks.len());
    let inc = match i.and_then(|i| s.incidents.get(i)) {
        Some(inc) if s.view == KbView::Playbooks => inc,
        _ => return Outcome::note(KbNote::NoStep),
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
        Some(no) => Outcome::effect(KbFx::Step {
            incident: inc.id,
            no,
            done,
            expected: inc.version,
        }),
        None => Outcome::note(KbNote::NoStep),
    }
}

/// Applies a result.
pub fn handle(s: &mut KbState, msg: KbMsg) -> Outcome {
    match msg {
        KbMsg::Loaded {
            articles,
            categories,
            playbooks,
            incidents,
        } => {
            s.all = articles;
            s.categories = categories;
            s.playbooks = playbooks;
            s.incidents = incidents;
            s.loaded = true;
            s.refilter(None);
            Outcome::none()
        }
        KbMsg::Searched { query, hits } => {
            if query != s.query {
                return Outcome::none();
            }
            s.searching = false;
            s.hit = Cursor::default();
            match hits {
                Ok(h) => {
                    let out = if h.is_empty() {
                        Outcome::note(KbNote::NoResults)
                    } else {
                        Outcome::none()
                    };
                    s.hits = h;
                    out
                }
                Err(f) => {
                    s.hits.clear();
                    Outcome::note(Note::Failed(f))
                }
            }
        }
        KbMsg::Suggested { ticket, rows } => {
            s.ticket = Some(ticket);
            s.suggestions = rows;
            s.suggestion = Cursor::default();
            Outcome::none()
        }
        KbMsg::Linked {
            ticket,
            article,
            new,
        } => {
            let mut out = Outcome::effect(KbFx::Load);
            if new {
                out = out.and_note(KbNote::Linked { ticket, article });
            } else if s.view == KbView::Suggest {
                out = out.and_note(KbNote::AlreadyLinked);
            }
            if s.ticket.as_ref().is_some_and(|t| t.id == ticket) {
                out = out.and_effect(KbFx::Suggest(ticket));
            }
            out
        }
        KbMsg::Saved(a) => {
            s.drafts.remove(&a.id);
            Outcome::note(KbNote::Saved(a.id)).and_effect(KbFx::Load)
        }
        KbMsg::SaveConflict { id, text, failure } => {
            s.drafts.insert(id, text);
            Outcome::note(Note::Failed(failure))
                .and_note(KbNote::Conflict(id))
                .and_effect(KbFx::Load)
        }
        KbMsg::SaveFailed { id, text, failure } => {
            s.drafts.insert(id, text);
            Outcome::note(Note::Failed(failure))
        }
        KbMsg::Started(inc) => {
            let note = KbNote::Started {
                id: inc.id,
                drill: inc.drill,
            };
            s.incidents.retain(|i| i.id != inc.id);
            s.incidents.insert(0, *inc);
            s.pb.selected = s.playbooks.len();
            s.view = KbView::Playbooks;
            Outcome::note(note).and(Request::Show(Pane::Kb))
        }
        KbMsg::StepSet(inc) => {
            let prev = s.incidents.iter().find(|i| i.id == inc.id);
            // Say which step changed: the first whose done state differs.
            let changed = prev.and_then(|p| {
                inc.steps
                    .iter()
                    .zip(p.steps.iter())
                    .find(|(a, b)| a.done_at.is_some() != b.done_at.is_some())
                    .map(|(a, _)| (a.no, a.done_at.is_some()))
            });
            if let Some(slot) = s.incidents.iter_mut().find(|i| i.id == inc.id) {
                *slot = *inc;
            }
            match changed {
                Some((no, done)) => Outcome::note(KbNote::StepDone { no, done }),
                None => Outcome::none(),
            }
        }
        KbMsg::Created(a) => {
            s.new_draft = None;
            s.reader = Some(super::Reader {
                id: a.id,
                scroll: 0,
            });
            Outcome::note(KbNote::Created(a.id)).and_effect(KbFx::Load)
        }
        KbMsg::CreateFailed { text, failure } => {
            s.new_draft = Some(text);
            Outcome::note(Note::Failed(failure))
        }
        KbMsg::Archived(a) => Outcome::note(KbNote::Archived(a.id)).and_effect(KbFx::Load),
        KbMsg::Reviewed(a) => Outcome::note(KbNote::ReviewSet {
            id: a.id,
            day: a.review_by.map(|d| d.to_string()).unwrap_or_default(),
        })
        .and_effect(KbFx::Load),
        KbMsg::Failed(f) => {
            s.searching = false;
            Outcome::note(Note::Failed(f))
        }
    }
}
