//! The Knowledge base pane: a category tree, the articles of the selected category
//! (status, review date, stale flag, tickets solved) and the selected article as
//! rendered Markdown. Search, suggestions and playbooks are drawn by `views.rs`.

use super::article::article_lines;
use crate::app::panes::kb::{tree, KbView};
use crate::app::State;
use crate::domain::records::Article;
use crate::ui::i18n::kb::kb_strings;
use crate::ui::i18n::{status_label, strings};
use crate::ui::text::fit;
use crate::ui::theme::Theme;
use crate::ui::widgets::{list_lines, split, today};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// Draws the pane's current view.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    if let Some(r) = s.kb.reader {
        return super::article::reader(s, r, f, area, th);
    }
    match s.kb.view {
        KbView::Articles => articles(s, f, area, th),
        KbView::Search => super::views::search(s, f, area, th),
        KbView::Suggest => super::views::suggest(s, f, area, th),
        KbView::Playbooks => super::views::playbooks(s, f, area, th),
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
    if let Some(a) = s.kb.selected_article() {
        let lines = article_lines(s, a, th);
        f.render_widget(
            Paragraph::new(crate::ui::markdown::wrap(lines, inner.width)),
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
    let today = today(s);
    let row = |a: &Article| -> Vec<(String, ratatui::style::Style)> {
        let v = s.kb.view_of(a.id);
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
            fit(&crate::ui::text::day(a.review_by, "-"), 10),
            if stale { th.warn } else { th.dim },
        ));
        cells.push((fit(if stale { "!" } else { "" }, 2), th.bad));
        cells.push((
            crate::ui::text::fit_right(&solved.to_string(), 4),
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
    header.push((crate::ui::text::fit_right(k.col_solved, 4), th.header));
    let lines = list_lines(
        &s.kb.articles,
        s.kb.article,
        header,
        area.height,
        th,
        t.empty_list,
        row,
    );
    f.render_widget(Paragraph::new(lines), area);
}
