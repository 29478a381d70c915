//! Boxes every dialog is drawn in, and the key a hint shows for a command.

use crate::app::keys::Context;
use crate::app::State;
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;

/// A `w`×`h` rectangle in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width.saturating_sub(2));
    let h = h.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears `r`, draws a titled border and returns the inside.
pub fn boxed(f: &mut Frame, r: Rect, title: &str, th: &Theme) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.border)
        .style(th.popup)
        .title(Span::styled(format!(" {title} "), th.accent));
    let inner = block.inner(r);
    clear(f, r);
    f.render_widget(block, r);
    inner
}

/// The key bound to command `name` in `ctxs` (else `:name`), from the live keymap.
pub fn key_of(s: &State, ctxs: &[Context], name: &str) -> String {
    s.keymap
        .keys_for(ctxs, name)
        .into_iter()
        .next()
        .unwrap_or_else(|| format!(":{name}"))
}

/// Empties `r` for a popup, including a wide character half under its left edge:
/// left there, the terminal would draw that character over the popup's border.
pub fn clear(f: &mut Frame, r: Rect) {
    f.render_widget(Clear, r);
    let buf = f.buffer_mut();
    let area = buf.area;
    if r.x <= area.x || r.x >= area.right() {
        return;
    }
    for y in r.top()..r.bottom().min(area.bottom()) {
        let cell = &mut buf[(r.x - 1, y)];
        if crate::domain::text::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}
