//! An article as the pane shows it: its facts, then its body as Markdown.

use crate::app::keys::Context;
use crate::app::panes::kb::Reader;
use crate::app::State;
use crate::domain::records::Article;
use crate::domain::text::one_line;
use crate::ui::i18n::fill;
use crate::ui::i18n::kb::kb_strings;
use crate::ui::i18n::{status_label, strings};
use crate::ui::markdown::MdStyle;
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

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

/// The full-screen reader: the article over the whole pane, scrolled, with its keys
/// on the last line.
pub fn reader(s: &State, r: Reader, f: &mut Frame, area: Rect, th: &Theme) {
    let k = kb_strings(s.lang);
    let Some(v) = s.kb.view_of(r.id) else {
        f.render_widget(Paragraph::new(strings(s.lang).loading).style(th.dim), area);
        return;
    };
    let keys = [
        ("scroll", ""),
        ("edit", "edit-article"),
        ("review", "review-article"),
        ("archive", "archive-article"),
        ("back", "kb-articles"),
    ]
    .map(|(slot, name)| {
        let key = if slot == "scroll" {
            "j/k".to_string()
        } else {
            s.keymap
                .keys_for(&[Context::Kb, Context::Global], name)
                .into_iter()
                .next()
                .unwrap_or_else(|| format!(":{name}"))
        };
        (slot, key)
    });
    let pairs: Vec<(&str, &str)> = keys.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let hint = fill(k.reader_keys, &pairs);
    let text = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
    let bar = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    let lines = crate::ui::markdown::wrap(
        article_lines(s, &v.article, th),
        text.width.saturating_sub(2),
    );
    let block = Block::default()
        .borders(Borders::LEFT | Borders::RIGHT)
        .border_style(th.border);
    f.render_widget(
        Paragraph::new(lines).block(block).scroll((r.scroll, 0)),
        text,
    );
    f.render_widget(
        Paragraph::new(Line::styled(format!(" {hint}"), th.dim)),
        bar,
    );
}
