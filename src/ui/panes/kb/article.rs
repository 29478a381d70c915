//! An article as the pane shows it: its facts, then its body as Markdown.

use crate::app::State;
use crate::domain::records::Article;
use crate::domain::text::one_line;
use crate::ui::i18n::kb::kb_strings;
use crate::ui::i18n::{status_label, strings};
use crate::ui::markdown::MdStyle;
use crate::ui::theme::Theme;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

/// Markdown styles from the theme.
pub fn md_style(th: &Theme) -> MdStyle {
    MdStyle {
        text: th.base,
        heading: th.accent,
        code: th.marked.remove_modifier(Modifier::BOLD),
        bullet: th.dim,
        quote: th.dim.add_modifier(Modifier::ITALIC),
    }
}

/// The article's header facts and its rendered body.
pub fn article_lines(s: &State, a: &Article, th: &Theme) -> Vec<Line<'static>> {
    let t = strings(s.lang);
    let k = kb_strings(s.lang);
    let v = s.kb.view_of(a.id);
    // Short lines: one fact group each, so narrow screens rarely wrap them.
    let facts = vec![
        Span::styled(format!("{} · ", one_line(&a.category)), th.dim),
        Span::raw(status_label(a.status.as_str(), s.lang)),
    ];
    let owner = vec![
        Span::styled(format!("{}: ", t.kb_owner), th.dim),
        Span::raw(one_line(a.owner.as_deref().unwrap_or(t.nobody))),
        Span::styled(format!("  {}: ", t.col_review), th.dim),
        Span::raw(crate::ui::text::day(a.review_by, "-")),
    ];
    let mut lines = vec![
        Line::styled(format!("#{} {}", a.id, one_line(&a.title)), th.header),
        Line::from(facts),
        Line::from(owner),
    ];
    if let Some(v) = v {
        let mut third = Vec::new();
        if v.stale {
            third.push(Span::styled(format!("{}  ", k.stale), th.bad));
        }
        third.push(Span::styled(format!("{}: ", k.solved), th.dim));
        third.push(Span::styled(v.solved_count.to_string(), th.ok));
        third.push(Span::styled(
            format!(" / {} {}", v.linked_tickets.len(), k.linked),
            th.dim,
        ));
        lines.push(Line::from(third));
    }
    if s.kb.drafts.contains_key(&a.id) {
        lines.push(Line::styled(k.unsaved, th.warn));
    }
    lines.push(Line::raw(""));
    lines.extend(crate::ui::markdown::render(&a.body, &md_style(th)));
    lines
}
