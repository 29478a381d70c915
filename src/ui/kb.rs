//! The Knowledge base pane: a category tree, the articles of the selected category
//! (status, review date, stale flag, tickets solved) and the selected article as
//! rendered Markdown. Search, suggestions and playbooks are drawn by `kb_views`.

use super::i18n::{status_label, strings};
use super::kb_views::{kb_strings, md_style};
use super::text::fit;
use super::theme::Theme;
use super::{list_lines, split};
use crate::app::kb::{tree, view_of, KbView};
use crate::app::state::State;
use crate::domain::records::Article;
use crate::domain::text::one_line;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// Draws the pane's current view.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    match s.kb.view {
        KbView::Articles => articles(s, f, area, th),
        KbView::Search => super::kb_views::search(s, f, area, th),
        KbView::Suggest => super::kb_views::suggest(s, f, area, th),
        KbView::Playbooks => super::kb_views::playbooks(s, f, area, th),
    }
}

fn articles(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let (left, right) = split(area);
    let tree_w = if area.width >= 110 { 20 } else { 14 };
    let tree_area = Rect::new(left.x, left.y, tree_w, left.height);
    let list_area = Rect::new(left.x + tree_w, left.y, left.width - tree_w, left.height);
    category_tree(s, f, tree_area, th);
    article_list(s, f, list_area, th);
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(th.border);
    let inner = block.inner(right);
    f.render_widget(block, right);
    if let Some(a) = s.articles.rows.get(s.articles.selected) {
        let lines = article_lines(s, a, th);
        f.render_widget(
            Paragraph::new(super::markdown::wrap(lines, inner.width)),
            inner,
        );
    }
}

fn category_tree(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let k = kb_strings(s.lang);
    let w = area.width.saturating_sub(1) as usize;
    let title = if s.kb.stale_only {
        k.stale_only
    } else {
        k.categories
    };
    let mut lines = vec![Line::styled(fit(title, w), th.header)];
    let nodes = tree(&s.kb.categories);
    let rows = area.height.saturating_sub(1) as usize;
    // Keep the selected node in view.
    let skip = (s.kb.category + 1).saturating_sub(rows);
    for (i, n) in nodes.iter().enumerate().skip(skip).take(rows) {
        let name = if n.path.is_empty() {
            k.all.to_string()
        } else {
            let leaf = n.path.rsplit('/').next().unwrap_or(&n.path);
            format!("{}{}", "  ".repeat(n.depth - 1), leaf)
        };
        let count = format!(" {}", n.count);
        let sel = i == s.kb.category;
        let name = format!("{}{name}", if sel { ">" } else { "" });
        let name_w = w.saturating_sub(count.len());
        let style = if sel {
            th.selected
        } else if n.depth == 0 {
            th.accent
        } else {
            th.base
        };
        lines.push(Line::from(vec![
            Span::styled(fit(&name, name_w), style),
            Span::styled(count, th.dim),
        ]));
    }
    f.render_widget(Paragraph::new(lines), area);
    let sep = Block::default()
        .borders(Borders::RIGHT)
        .border_style(th.border);
    f.render_widget(sep, area);
}

fn article_list(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let k = kb_strings(s.lang);
    // Narrow screens drop the status column (the article view shows it).
    let wide = area.width >= 48;
    let status_w = match area.width {
        52.. => 9,
        48.. => 6,
        _ => 0,
    };
    let fixed = 1 + 10 + 1 + 2 + 1 + 4 + 1 + status_w + usize::from(wide);
    let title_w = (area.width as usize).saturating_sub(fixed + 1).max(6);
    let today = super::today(s);
    let row = |a: &Article| -> Vec<(String, ratatui::style::Style)> {
        let v = view_of(s, a.id);
        // Before the pane's own load, the review date alone tells.
        let stale = v.map(|v| v.stale).unwrap_or_else(|| {
            a.status.as_str() != "archived" && a.review_by.is_some_and(|d| d.to_string() < today)
        });
        let solved = v.map(|v| v.solved_count).unwrap_or(0);
        let mut cells = vec![(fit(&a.title, title_w), th.base)];
        if wide {
            let st = if a.status.as_str() == "published" {
                th.base
            } else {
                th.dim
            };
            cells.push((fit(&status_label(a.status.as_str(), s.lang), status_w), st));
        }
        cells.push((
            fit(&super::text::day(a.review_by, "-"), 10),
            if stale { th.warn } else { th.dim },
        ));
        cells.push((fit(if stale { "!" } else { "" }, 2), th.bad));
        cells.push((
            super::text::fit_right(&solved.to_string(), 4),
            if solved > 0 { th.ok } else { th.dim },
        ));
        cells
    };
    let mut header = vec![(fit(t.col_title, title_w), th.header)];
    if wide {
        header.push((fit(t.col_status, status_w), th.header));
    }
    header.push((fit(t.col_review, 10), th.header));
    header.push((fit("", 2), th.header));
    header.push((super::text::fit_right(k.col_solved, 4), th.header));
    let lines = list_lines(&s.articles, header, area.height, th, t.empty_list, row);
    f.render_widget(Paragraph::new(lines), area);
}

/// The article's header facts and its rendered body.
pub fn article_lines(s: &State, a: &Article, th: &Theme) -> Vec<Line<'static>> {
    let t = strings(s.lang);
    let k = kb_strings(s.lang);
    let v = view_of(s, a.id);
    // Short lines: one fact group each, so narrow screens rarely wrap them.
    let facts = vec![
        Span::styled(format!("{} · ", one_line(&a.category)), th.dim),
        Span::raw(status_label(a.status.as_str(), s.lang)),
    ];
    let owner = vec![
        Span::styled(format!("{}: ", t.kb_owner), th.dim),
        Span::raw(one_line(a.owner.as_deref().unwrap_or(t.nobody))),
        Span::styled(format!("  {}: ", t.col_review), th.dim),
        Span::raw(super::text::day(a.review_by, "-")),
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
    lines.extend(super::markdown::render(&a.body, &md_style(th)));
    lines
}
