//! The Gantt tab: the selected task's line, the two-line date header and one row per
//! task or milestone, each cell painted by kind (critical path and today stand out).

use crate::app::State;
use crate::domain::gantt::{self, GanttItem, GanttLayout, GanttView, Zoom};
use crate::domain::text::one_line;
use crate::ui::i18n::projects::projects_strings;
use crate::ui::text::fit;
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Draws the chart of the loaded plan into `area`.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = projects_strings(s.lang);
    let v = &s.projects;
    let (Some(loaded), Some(start)) = (v.plan.as_ref(), v.window_start()) else {
        f.render_widget(Paragraph::new(Line::styled(t.loading, th.dim)), area);
        return;
    };
    let items = loaded.plan.gantt_items();
    if items.is_empty() {
        f.render_widget(Paragraph::new(Line::styled(t.no_tasks, th.dim)), area);
        return;
    }
    let view = GanttView {
        start,
        today: loaded.plan.today,
        zoom: v.zoom,
        width: area.width as usize,
        label_width: None,
    };
    let lay = gantt::layout(&items, &view, &|d| loaded.is_workday(d));
    let mut lines = vec![selected_line(s, &items, area.width as usize, th)];
    let blank = " ".repeat(lay.label_width);
    lines.push(header_line(&blank, &lay.header[0], &lay, th.dim, th));
    lines.push(header_line(&blank, &lay.header[1], &lay, th.header, th));
    let rows = (area.height as usize).saturating_sub(3);
    // Scroll rows so the selected one stays in view.
    let offset = (v.row + 1).saturating_sub(rows.max(1));
    for (i, r) in lay.rows.iter().enumerate().skip(offset).take(rows) {
        let sel = i == v.row && v.focus;
        let label_style = if sel {
            th.selected
        } else if r.critical {
            th.bad
        } else {
            th.base
        };
        let mut spans = vec![
            Span::styled(r.label.clone(), label_style),
            Span::styled(
                if r.clipped_left { "◂" } else { "│" },
                if sel { th.selected } else { th.border },
            ),
        ];
        push_cells(&mut spans, r.cells.iter().map(|c| (c.glyph, th.gantt(c))));
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// A header line with today's column marked.
fn header_line(
    blank: &str,
    text: &str,
    lay: &GanttLayout,
    style: Style,
    th: &Theme,
) -> Line<'static> {
    let mut spans = vec![Span::raw(blank.to_string()), Span::styled("│", th.border)];
    push_cells(
        &mut spans,
        text.chars().enumerate().map(|(i, ch)| {
            if Some(i) == lay.today_col {
                (if ch == ' ' { '▼' } else { ch }, th.warn)
            } else {
                (ch, style)
            }
        }),
    );
    Line::from(spans)
}

/// Cells as spans, one span per run of the same style.
fn push_cells(spans: &mut Vec<Span<'static>>, cells: impl Iterator<Item = (char, Style)>) {
    let mut run = String::new();
    let mut run_style: Option<Style> = None;
    for (ch, st) in cells {
        if run_style != Some(st) && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                run_style.unwrap_or_default(),
            ));
        }
        run_style = Some(st);
        run.push(ch);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, run_style.unwrap_or_default()));
    }
}

/// The selected row's facts (dates, progress, critical), and the zoom.
fn selected_line(s: &State, items: &[GanttItem], width: usize, th: &Theme) -> Line<'static> {
    let t = projects_strings(s.lang);
    let v = &s.projects;
    let zi = match v.zoom {
        Zoom::Day => 0,
        Zoom::Week => 1,
        Zoom::Month => 2,
    };
    let zoom = format!(" [{}]", t.zoom[zi]);
    let (text, style) = match items.get(v.row) {
        Some(GanttItem::Task(x)) => {
            let mut line = format!(
                "#{} {}  {} → {}  {}%",
                x.id,
                one_line(&x.name),
                x.start.format("%m-%d"),
                x.end.format("%m-%d"),
                x.percent_done
            );
            if let Some(fe) = x.forecast_end.filter(|fe| *fe > x.end) {
                line.push_str(&format!(" ({})", fe.format("%m-%d")));
            }
            if x.critical {
                line.push_str(&format!("  {}", t.critical));
            }
            (line, if x.critical { th.bad } else { th.accent })
        }
        Some(GanttItem::Milestone(m)) => (
            format!("◆ {}  {}", one_line(&m.name), m.date.format("%m-%d")),
            th.accent,
        ),
        None => (String::new(), th.base),
    };
    let zw = crate::domain::text::width(&zoom);
    Line::from(vec![
        Span::styled(fit(&text, width.saturating_sub(zw)), style),
        Span::styled(zoom, th.dim),
    ])
}
