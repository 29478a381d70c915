//! Volume per day: a stacked bar per day, one fill glyph and colour per channel
//! (so it reads without colour), and the backlog at each day's end as a `•` on its
//! own scale. ratatui's BarChart does not stack, so the columns are drawn here.
//! With a channel chosen inside the bars (`series-next`), its legend entry and its
//! part of the selected day are what is highlighted, and `enter` lists just those.

use super::ctx::{area_of, rect, zh, Ctx};
use crate::app::panes::dashboard::{layout, Widget};
use crate::ui::i18n::fill;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The fill of each channel's part of a bar.
const GLYPHS: [char; 6] = ['█', '▓', '▒', '░', '▚', '▞'];

/// Draws the chart in a box on `area`.
pub fn render(c: &Ctx, f: &mut Frame, area: Rect) {
    let inner = c.frame(f, area, Widget::Volume, "");
    let v = &c.d.volume;
    if inner.height < 3 || inner.width < 8 || v.days.is_empty() {
        return;
    }
    // Legend on top, dates below, the bars between.
    let mut legend: Vec<Span> = Vec::new();
    let chosen = c.st.series_index();
    for (i, (name, given)) in v.channels.iter().zip(&v.channel_labels).enumerate() {
        // In the console's language, which may differ from the one it was computed in.
        let label = match name.parse::<crate::domain::ticket::Channel>() {
            Ok(ch) => crate::ui::labels::channel_label(ch, c.s.lang),
            Err(_) => given.as_str(),
        };
        let style = c.series(i);
        legend.push(Span::styled(
            format!("{} ", GLYPHS[i % GLYPHS.len()]),
            style,
        ));
        if chosen == Some(i) {
            legend.push(Span::styled(label.to_string(), c.th.selected));
            legend.push(Span::styled("  ", c.th.base));
        } else {
            legend.push(Span::styled(format!("{label}  "), c.th.base));
        }
    }
    let max_backlog = v.days.iter().map(|d| d.backlog.n).max().unwrap_or(0);
    legend.push(Span::styled(
        fill(c.t.backlog_legend, &[("max", &max_backlog.to_string())]),
        c.th.accent,
    ));
    f.render_widget(
        Paragraph::new(Line::from(legend)),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    let n = v.days.len();
    let sel = c.selected(Widget::Volume);
    // The same geometry the mouse uses.
    let (bars, cw, first) = layout::volume_bars(area_of(inner), n, sel);
    let bars = rect(bars);
    let shown = (bars.width / cw) as usize;
    let days = &v.days[first..n.min(first + shown)];
    let max = days.iter().map(|d| d.total.n).max().unwrap_or(0).max(1);
    let h = bars.height as i64;
    f.render_widget(
        Paragraph::new(vec![Line::from(Span::styled(
            format!("{max:>3}"),
            c.th.dim,
        ))]),
        Rect::new(inner.x, bars.y, bars.x - inner.x, 1),
    );
    let buf = f.buffer_mut();
    for (k, day) in days.iter().enumerate() {
        let x0 = bars.x + k as u16 * cw;
        let selected = sel == Some(first + k);
        let mut row = 0i64;
        let mut acc = 0i64;
        for (ch, part) in day.by_channel.iter().enumerate() {
            acc += part.n;
            // Rounded cumulative heights, so the parts add up to the bar.
            let top = (acc * h + max / 2) / max;
            let top = if acc > 0 {
                top.max(row + 1).min(h)
            } else {
                top
            };
            let style = if selected && chosen.is_none_or(|x| x == ch) {
                c.th.selected
            } else {
                c.series(ch)
            };
            while row < top {
                for dx in 0..cw.saturating_sub(u16::from(cw > 1)) {
                    let y = bars.bottom() - 1 - row as u16;
                    if let Some(cell) = buf.cell_mut((x0 + dx, y)) {
                        cell.set_char(GLYPHS[ch % GLYPHS.len()]).set_style(style);
                    }
                }
                row += 1;
            }
        }
        if selected && row == 0 {
            if let Some(cell) = buf.cell_mut((x0, bars.bottom() - 1)) {
                cell.set_char('▁').set_style(c.th.selected);
            }
        }
        if max_backlog > 0 {
            let b = (day.backlog.n * (h - 1) + max_backlog / 2) / max_backlog;
            let y = bars.bottom() - 1 - b as u16;
            if let Some(cell) = buf.cell_mut((x0, y)) {
                cell.set_char('•').set_style(c.th.accent);
            }
        }
    }
    // Dates under the first and last day shown, and the selected one.
    let date_y = inner.bottom() - 1;
    let mut marks = vec![
        (0usize, days[0].day),
        (days.len() - 1, days[days.len() - 1].day),
    ];
    if let Some(s) = sel.filter(|s| (first..first + days.len()).contains(s)) {
        marks.push((s - first, v.days[s].day));
    }
    let fmt = |d: chrono::NaiveDate| {
        if zh(c) {
            d.format("%-m月%-d日").to_string()
        } else {
            d.format("%m-%d").to_string()
        }
    };
    let mut styled: Vec<(usize, String, Style)> = Vec::new();
    for (i, (k, d)) in marks.iter().enumerate() {
        let text = fmt(*d);
        let w = crate::domain::text::width(&text);
        let x = (*k * cw as usize).min((bars.width as usize).saturating_sub(w));
        let style = if i == 2 { c.th.selected } else { c.th.dim };
        styled.push((x, text, style));
    }
    styled.sort_by_key(|m| m.0);
    let mut spans = Vec::new();
    let mut at = 0usize;
    for (x, text, style) in styled {
        if x < at {
            continue;
        }
        spans.push(Span::raw(" ".repeat(x - at)));
        at = x + crate::domain::text::width(&text);
        spans.push(Span::styled(text, style));
    }
    f.render_widget(
        Paragraph::new(Line::from(spans)),
        Rect::new(bars.x, date_y, bars.width, 1),
    );
}
