//! Article commands of the Knowledge base pane: the full-screen reader, a new
//! article in $EDITOR, archiving and the review date.

use super::state::{KbState, Reader};
use super::text::{article_text, tree};
use crate::app::chrome::{Overlay, Palette};
use crate::app::ctx::Ctx;
use crate::app::msg::{EditorFor, Effect, KbFx, KbNote, Note};
use crate::app::outcome::Outcome;
use crate::domain::records::Article;
use crate::domain::status::ArticleStatus;
use crate::domain::text::width;

/// Rows the reader keeps for its title bar and key line.
const READER_CHROME: usize = 2;
/// The review date a new article (or `R` without a date) proposes: half a year on.
const REVIEW_DAYS: i64 = 182;

/// About how many screen lines article `a` takes at `cols` columns (header, facts,
/// wrapped body), so the reader stops where the text ends.
pub fn reader_lines(a: &Article, cols: usize) -> usize {
    let cols = cols.max(1);
    let body: usize = a.body.lines().map(|l| width(l).div_ceil(cols).max(1)).sum();
    6 + body
}

/// Opens the reader on `a`.
pub fn read(s: &mut KbState, a: Option<Article>) -> Outcome {
    match a {
        Some(a) => {
            s.reader = Some(Reader {
                id: a.id,
                scroll: 0,
            });
            Outcome::none()
        }
        None => Outcome::note(KbNote::NothingSelected),
    }
}

/// Scrolls the reader by `delta` lines, never past the last screen of text.
pub fn scroll_reader(s: &mut KbState, ctx: &Ctx, delta: i64) -> Outcome {
    let Some(r) = s.reader else {
        return Outcome::none();
    };
    let lines = s
        .view_of(r.id)
        .map_or(0, |v| reader_lines(&v.article, ctx.size.0 as usize));
    let height = ctx.list_height().saturating_sub(READER_CHROME).max(1);
    let max = lines.saturating_sub(height) as i64;
    let scroll = (r.scroll as i64 + delta).clamp(0, max.min(u16::MAX as i64)) as u16;
    s.reader = Some(Reader { scroll, ..r });
    Outcome::none()
}

/// A day `days` after `now` as `YYYY-MM-DD`.
fn day_after(now: i64, days: i64) -> String {
    chrono::DateTime::from_timestamp(now + days * 86_400, 0)
        .map(|d| d.date_naive().to_string())
        .unwrap_or_default()
}

/// `c`: $EDITOR on a new draft in the selected category (or the text refused last).
pub fn new_article(s: &KbState, ctx: &Ctx) -> Outcome {
    let text = s.new_draft.clone().unwrap_or_else(|| {
        let category = tree(&s.categories)
            .get(s.category)
            .map(|n| n.path.clone())
            .unwrap_or_default();
        let blank = Article {
            category,
            status: ArticleStatus::Draft,
            review_by: day_after(ctx.now, REVIEW_DAYS).parse().ok(),
            body: "# \n".into(),
            ..Default::default()
        };
        article_text(&blank)
    });
    Outcome::effect(Effect::Editor {
        text,
        purpose: EditorFor::NewArticle,
    })
}

/// The editor closed on a new article: create it unless the text is empty.
pub fn written(s: &mut KbState, text: String) -> Outcome {
    if text.trim().is_empty() {
        s.new_draft = None;
        return Outcome::note(Note::EditorEmpty);
    }
    Outcome::effect(KbFx::Create(text))
}

/// `A`: archives article `a` at the version on screen.
pub fn archive(a: Option<Article>) -> Outcome {
    match a {
        Some(a) => Outcome::effect(KbFx::Archive {
            id: a.id,
            expected: a.version,
        }),
        None => Outcome::note(KbNote::NothingSelected),
    }
}

/// `R`: without a date, the palette proposes one half a year on; with one, sets it.
pub fn review(a: Option<Article>, ctx: &Ctx, day: Option<String>) -> Outcome {
    let Some(a) = a else {
        return Outcome::note(KbNote::NothingSelected);
    };
    match day.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()) {
        Some(day) => Outcome::effect(KbFx::Review {
            id: a.id,
            expected: a.version,
            day,
        }),
        None => Outcome::dialog(Overlay::Palette(Palette::with(&format!(
            "review-article {}",
            day_after(ctx.now, REVIEW_DAYS)
        )))),
    }
}
