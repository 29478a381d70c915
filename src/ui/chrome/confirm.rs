//! The confirm dialog: the message a customer would read, and the keys to send it,
//! edit it again (a reply) or cancel.

use super::boxes::{boxed, centered, key_of};
use crate::app::chrome::{Confirm, ConfirmKind};
use crate::app::keys::Context;
use crate::app::{Lang, State};
use crate::domain::text::sanitize;
use crate::ui::i18n::tickets::{confirm_keys, confirm_words};
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

/// Most lines of the message shown (the dialog stays inside a small screen).
const MAX_TEXT_LINES: usize = 12;

/// Draws the dialog.
pub fn render(s: &State, c: &Confirm, f: &mut Frame, area: Rect, th: &Theme) {
    let zh = s.lang == Lang::Zh;
    let ctx = [Context::Confirm];
    let (title, what) = confirm_words(&c.kind, c.n, c.id, zh);
    let edit = matches!(c.kind, ConfirmKind::Reply { .. }).then(|| key_of(s, &ctx, "edit"));
    let keys = confirm_keys(
        &key_of(s, &ctx, "send"),
        edit.as_deref(),
        &key_of(s, &ctx, "cancel"),
        zh,
    );
    let mut lines = vec![Line::styled(what, th.accent), Line::raw("")];
    let text = sanitize(&c.text);
    let all: Vec<&str> = text.lines().collect();
    for l in all.iter().take(MAX_TEXT_LINES) {
        lines.push(Line::raw(format!("  {l}")));
    }
    if all.len() > MAX_TEXT_LINES {
        lines.push(Line::styled(
            format!("  … (+{})", all.len() - MAX_TEXT_LINES),
            th.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(keys, th.dim));
    let w = 76u16;
    // Long lines wrap: count them at the dialog's inner width.
    let inner_w = (w.min(area.width.saturating_sub(2)).saturating_sub(2)).max(1) as usize;
    let h: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_w).max(1))
        .sum::<usize>()
        + 2;
    let r = centered(area, w, h as u16);
    let inner = boxed(f, r, &title, th);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
