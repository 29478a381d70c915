//! The welcome screen of an empty database: load demo data with one key.

use crate::app::keys::Context;
use crate::app::State;
use crate::ui::i18n::{fill, strings};
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// Draws the welcome text, with keys from the live keymap.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let key = |name: &str| {
        s.keymap
            .keys_for(&[Context::Welcome, Context::Global], name)
            .into_iter()
            .next()
            .unwrap_or_else(|| format!(":{name}"))
    };
    let lines = vec![
        Line::raw(""),
        Line::styled(t.welcome_title, th.accent),
        Line::raw(""),
        Line::raw(t.welcome_body),
        Line::raw(""),
        Line::raw(fill(t.welcome_demo, &[("key", &key("demo"))])),
        Line::raw(fill(t.welcome_new, &[("key", &key("new"))])),
        Line::raw(fill(t.welcome_quit, &[("key", &key("quit"))])),
    ];
    let w = 72.min(area.width);
    let h = 12.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.border);
    f.render_widget(Paragraph::new(lines).block(block).style(th.base), r);
}
