//! Pure drawing: `render(&State, &mut Frame)` reads the state and draws it; no
//! database, no terminal calls. One file per pane plus the shared widgets.

mod detail;
mod gantt;
pub mod i18n;
mod kb;
mod kb_views;
pub mod markdown;
mod overlays;
mod plan_tabs;
mod projects;
mod status;
mod team;
pub mod text;
pub mod theme;
mod ticket_extras;
mod tickets;
mod welcome;

use crate::app::layout::{fits, MIN_SIZE, TAB_WIDTH};
use crate::app::state::{Pane, State};
use i18n::{fill, strings};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use theme::Theme;

/// Draws the whole console.
pub fn render(s: &State, f: &mut Frame) {
    let area = f.area();
    let th = theme::theme(s);
    f.render_widget(ratatui::widgets::Block::default().style(th.base), area);
    if !fits((area.width, area.height)) {
        too_small(s, f, area, &th);
        return;
    }
    let tabs = Rect::new(area.x, area.y, area.width, 1);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
    let bar = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    tab_bar(s, f, tabs, &th);
    if let Some(d) = &s.detail {
        detail::render(s, d, f, body, &th);
    } else if s.welcome() {
        welcome::render(s, f, body, &th);
    } else {
        match s.pane {
            Pane::Tickets => tickets::render(s, f, body, &th),
            Pane::Projects => projects::render(s, f, body, &th),
            Pane::Kb => kb::render(s, f, body, &th),
            Pane::Team => team::render(s, f, body, &th),
        }
    }
    status::render(s, f, bar, &th);
    overlays::render(s, f, area, &th);
}

fn tab_bar(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let mut spans = Vec::new();
    for (i, p) in Pane::ALL.iter().enumerate() {
        let label = text::fit(&format!(" {} {}", i + 1, t.tabs[i]), TAB_WIDTH as usize - 1);
        let style = if *p == s.pane { th.tab_active } else { th.tab };
        spans.push(Span::styled(label, style));
        spans.push(Span::styled("│", th.border));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn too_small(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let msg = fill(
        t.too_small,
        &[
            ("w", &area.width.to_string()),
            ("h", &area.height.to_string()),
            ("mw", &MIN_SIZE.0.to_string()),
            ("mh", &MIN_SIZE.1.to_string()),
        ],
    );
    f.render_widget(
        Paragraph::new(msg).style(th.warn).wrap(Wrap { trim: true }),
        area,
    );
}

/// Splits a pane into a list (left) and a detail (right).
fn split(area: Rect) -> (Rect, Rect) {
    let lw = if area.width >= 110 {
        area.width * 3 / 5
    } else {
        area.width * 11 / 20
    };
    (
        Rect::new(area.x, area.y, lw, area.height),
        Rect::new(area.x + lw, area.y, area.width - lw, area.height),
    )
}

/// Today's date (YYYY-MM-DD) in the display time zone, for overdue checks.
fn today(s: &State) -> String {
    text::date(s, s.now)
}

/// The lines of a simple list pane: a header, then the visible rows.
fn list_lines<T>(
    l: &crate::app::state::SimpleList<T>,
    header: Vec<(String, ratatui::style::Style)>,
    height: u16,
    th: &Theme,
    empty: &str,
    row: impl Fn(&T) -> Vec<(String, ratatui::style::Style)>,
) -> Vec<Line<'static>> {
    let join =
        |cells: Vec<(String, ratatui::style::Style)>, base: ratatui::style::Style, sel: bool| {
            let mut spans = vec![Span::styled(if sel { ">" } else { " " }, base)];
            for (text, style) in cells {
                let style = if sel {
                    th.selected.patch(style).patch(th.selected)
                } else {
                    style
                };
                spans.push(Span::styled(text, style));
                spans.push(Span::styled(" ", base));
            }
            Line::from(spans)
        };
    let mut lines = vec![join(header, th.header, false)];
    let rows = height.saturating_sub(1) as usize;
    for (i, item) in l.rows.iter().enumerate().skip(l.offset).take(rows) {
        let sel = i == l.selected;
        lines.push(join(
            row(item),
            if sel { th.selected } else { th.base },
            sel,
        ));
    }
    if l.rows.is_empty() {
        lines.push(Line::styled(format!("  {empty}"), th.dim));
    }
    lines
}
