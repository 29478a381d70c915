//! The tiles: open now, new today, breached now, first-response and resolution SLA
//! met, mean satisfaction and the backlog's change, each a label over a number.

use super::ctx::{pct, Ctx};
use crate::app::panes::dashboard::Widget;
use crate::ui::text::fit;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Draws the tiles in two lines across `area`.
pub fn render(c: &Ctx, f: &mut Frame, area: Rect) {
    let d = c.d;
    let t = &d.tiles;
    let th = c.th;
    let below = |rate: Option<f64>| match rate {
        Some(r) if r < d.sla_goal => th.warn,
        _ => th.ok,
    };
    let w = (area.width as usize / 7).max(1);
    // The change, and the two ends where the tile has room for them.
    let backlog = if w >= 16 {
        format!(
            "{:+} ({}→{})",
            t.backlog.change, t.backlog.start.n, t.backlog.end.n
        )
    } else {
        format!("{:+}", t.backlog.change)
    };
    let csat = match t.csat_mean {
        Some(m) => format!("{m:.1} ({})", t.csat_rated.n),
        None => "–".into(),
    };
    let tiles: [(&str, String, Style); 7] = [
        (c.t.open_now, t.open_now.n.to_string(), th.accent),
        (c.t.new_today, t.new_today.n.to_string(), th.accent),
        (
            c.t.breached_now,
            t.breached_now.n.to_string(),
            if t.breached_now.n > 0 { th.bad } else { th.ok },
        ),
        (
            c.t.response_met,
            pct(t.response.rate),
            below(t.response.rate),
        ),
        (
            c.t.resolution_met,
            pct(t.resolution.rate),
            below(t.resolution.rate),
        ),
        (c.t.csat_mean, csat, th.accent),
        (
            c.t.backlog,
            backlog,
            if t.backlog.change > 0 { th.warn } else { th.ok },
        ),
    ];
    let sel = c.selected(Widget::Tiles);
    let (mut top, mut bottom) = (Vec::new(), Vec::new());
    for (i, (label, value, style)) in tiles.into_iter().enumerate() {
        let on = sel == Some(i);
        let (ls, vs) = if on {
            (th.selected, th.selected)
        } else {
            (th.dim, style)
        };
        top.push(Span::styled(fit(&format!(" {label}"), w), ls));
        bottom.push(Span::styled(fit(&format!(" {value}"), w), vs));
    }
    f.render_widget(
        Paragraph::new(vec![Line::from(top), Line::from(bottom)]),
        area,
    );
}
