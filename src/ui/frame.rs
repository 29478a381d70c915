//! The frame: the tab bar, the pane (or the detail, or the welcome screen), the
//! status bar and whatever floats over them.

use super::i18n::{fill, strings};
use super::panes;
use super::text;
use super::theme::{self, Theme};
use crate::app::layout::{fits, split, tab_width, MIN_SIZE};
use crate::app::{Pane, Place, State};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

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
    match (s.place(), split(area.width)) {
        (Place::Detail | Place::Pane(Pane::Tickets), Some(cols)) if s.pane == Pane::Tickets => {
            // Room for both: the list stays on the left, the ticket shows on the right.
            let list = Rect::new(body.x, body.y, cols, body.height);
            let side = Rect::new(body.x + cols, body.y, body.width - cols, body.height);
            panes::tickets::render(s, f, list, &th);
            if s.tickets.detail.is_some() {
                panes::tickets::detail(s, f, side, &th);
            } else {
                panes::tickets::preview(s, f, side, &th);
            }
        }
        (place, _) => by_place(s, place, f, body, &th),
    }
    super::chrome::status(s, f, bar, &th);
    super::chrome::overlays(s, f, area, &th);
}

fn by_place(s: &State, place: Place, f: &mut Frame, body: Rect, th: &Theme) {
    match place {
        Place::Detail => panes::tickets::detail(s, f, body, th),
        Place::Welcome => panes::welcome::render(s, f, body, th),
        Place::Pane(Pane::Tickets) => panes::tickets::render(s, f, body, th),
        Place::Pane(Pane::Projects) => panes::projects::render(s, f, body, th),
        Place::Pane(Pane::Kb) => panes::kb::render(s, f, body, th),
        Place::Pane(Pane::Team) => panes::team::render(s, f, body, th),
        Place::Pane(Pane::Dashboard) => panes::dashboard::render(s, f, body, th),
    }
}

fn tab_bar(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let mut spans = Vec::new();
    for (i, p) in Pane::ALL.iter().enumerate() {
        let label = text::fit(
            &format!(" {} {}", i + 1, t.tabs[i]),
            tab_width(area.width) as usize - 1,
        );
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
