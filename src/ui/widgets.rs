//! Pieces every pane draws with: the list / detail split and a simple list with a
//! header and a cursor.

use super::theme::Theme;
use crate::app::chrome::Cursor;
use crate::app::State;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Splits a pane into a list (left) and a detail (right).
pub fn split(area: Rect) -> (Rect, Rect) {
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
pub fn today(s: &State) -> String {
    super::text::date(s, s.now)
}

/// One styled cell of a list row.
pub type Cell = (String, Style);

/// The lines of a simple list: a header, then the rows in view of `cursor`.
pub fn list_lines<T>(
    rows: &[T],
    cursor: Cursor,
    header: Vec<Cell>,
    height: u16,
    th: &Theme,
    empty: &str,
    row: impl Fn(&T) -> Vec<Cell>,
) -> Vec<Line<'static>> {
    let join = |cells: Vec<Cell>, base: Style, sel: bool| {
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
    let n = height.saturating_sub(1) as usize;
    for (i, item) in rows.iter().enumerate().skip(cursor.offset).take(n) {
        let sel = i == cursor.selected;
        lines.push(join(
            row(item),
            if sel { th.selected } else { th.base },
            sel,
        ));
    }
    if rows.is_empty() {
        lines.push(Line::styled(format!("  {empty}"), th.dim));
    }
    lines
}
