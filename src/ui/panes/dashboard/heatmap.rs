//! Arrivals by weekday × hour: one row per weekday, one cell per hour, shaded by
//! count against the busiest cell (` ░▒▓█`, readable without colour).

use super::ctx::Ctx;
use crate::app::panes::dashboard::Widget;
use crate::ui::text::fit;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];

/// The shade of `n` arrivals when the busiest cell has `max`.
pub fn shade(n: i64, max: i64) -> char {
    if n <= 0 || max <= 0 {
        return SHADES[0];
    }
    SHADES[(1 + (n * 3 + max / 2) / max).clamp(1, 4) as usize]
}

/// Draws the heatmap in a box on `area`.
pub fn render(c: &Ctx, f: &mut Frame, area: Rect) {
    let h = &c.d.heatmap;
    let inner = c.frame(f, area, Widget::Heatmap, &format!("max {}", h.max));
    let label_w = 5usize;
    let cw = ((inner.width as usize).saturating_sub(label_w) / 24).clamp(1, 3);
    let sel = c.selected(Widget::Heatmap);
    let mut lines = Vec::new();
    // Hour marks every six hours.
    let mut marks = " ".repeat(label_w);
    for hour in (0..24).step_by(6) {
        marks.push_str(&fit(&hour.to_string(), 6 * cw));
    }
    lines.push(Line::from(Span::styled(marks, c.th.dim)));
    for (wd, row) in h.cells.iter().enumerate().take(7) {
        let mut spans = vec![Span::styled(fit(c.t.weekdays[wd], label_w), c.th.dim)];
        for (hour, cell) in row.iter().enumerate() {
            let on = sel == Some(wd * 24 + hour);
            let mut g = shade(cell.n, h.max);
            if on && g == ' ' {
                g = '·';
            }
            let style = if on { c.th.selected } else { c.th.accent };
            spans.push(Span::styled(g.to_string().repeat(cw), style));
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::shade;

    #[test]
    fn shades_grow_with_the_count() {
        assert_eq!(shade(0, 9), ' ');
        assert_eq!(shade(1, 9), '░');
        assert_eq!(shade(9, 9), '█');
        assert_eq!(shade(5, 10), '▓');
    }
}
