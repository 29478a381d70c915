//! The Dashboard pane: a header with the period and scope, the tiles, the charts
//! (a grid on a big screen, the chart in focus alone on a small one) and a line
//! saying what `enter` opens. Labels are cut and padded by display width, so
//! Chinese lines up; every distinction also shows without colour (fill glyphs,
//! bold, reverse).

mod charts;
mod ctx;
mod heatmap;
mod tables;
mod tiles;
mod volume;

use crate::app::panes::dashboard::layout::{self, GRID_MIN};
use crate::app::panes::dashboard::{targets, Widget};
use crate::app::State;
use crate::ui::i18n::dashboard::{dash_strings, DashStrings};
use crate::ui::i18n::fill;
use crate::ui::text::fit;
use crate::ui::theme::Theme;
use ctx::{agent_name, area_of, rect, stage_label, Ctx};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Draws the pane.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let st = &s.dashboard;
    let t = dash_strings(s.lang);
    if area.height < 6 {
        return;
    }
    let head = Rect::new(area.x, area.y, area.width, 1);
    header(s, f, head, th, t);
    let Some(d) = st.data.as_deref() else {
        let msg = Paragraph::new(t.loading).style(th.dim);
        f.render_widget(msg, Rect::new(area.x + 1, area.y + 2, area.width - 1, 1));
        return;
    };
    let c = Ctx { s, st, d, t, th };
    let tiles_area = Rect::new(area.x, area.y + 1, area.width, 2);
    tiles::render(&c, f, tiles_area);
    let foot = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    footer(&c, f, foot);
    let body = Rect::new(area.x, area.y + 3, area.width, area.height - 4);
    if area.width < GRID_MIN.0 || area.height < GRID_MIN.1 {
        single_line(&c, f, body);
    }
    for (w, a) in layout::charts(area_of(area), st.widget) {
        draw(&c, f, w, rect(a));
    }
}

/// The chart in focus alone gets a line naming it and its place among the charts.
fn single_line(c: &Ctx, f: &mut Frame, body: Rect) {
    let n = Widget::ALL.len();
    let line = format!(
        "◀ h  {} ({}/{})  l ▶",
        c.t.titles[c.st.widget.index()],
        c.st.widget.index() + 1,
        n
    );
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(line, c.th.dim))),
        Rect::new(body.x + 1, body.y, body.width.saturating_sub(1), 1),
    );
}

fn draw(c: &Ctx, f: &mut Frame, w: Widget, area: Rect) {
    if area.width < 10 || area.height < 3 {
        return;
    }
    match w {
        Widget::Tiles | Widget::Volume => volume::render(c, f, area),
        Widget::Sla => charts::sla(c, f, area),
        Widget::Heatmap => heatmap::render(c, f, area),
        Widget::Stages => tables::stages(c, f, area),
        Widget::Categories => tables::categories(c, f, area),
        Widget::Csat => charts::csat(c, f, area),
        Widget::Agents => tables::agents(c, f, area),
    }
}

/// The period, the scope, whether a newer dashboard is computing, the keys.
fn header(s: &State, f: &mut Frame, area: Rect, th: &Theme, t: &DashStrings) {
    let st = &s.dashboard;
    let mut spans = Vec::new();
    if let Some(d) = st.data.as_deref() {
        let p = fill(
            t.period,
            &[
                ("days", &d.period.days().to_string()),
                ("from", &d.period.from.to_string()),
                ("to", &d.period.to.to_string()),
            ],
        );
        spans.push(Span::styled(format!(" {p}"), th.accent));
        let scope = if d.scope_filter.is_empty() {
            t.scope_all.to_string()
        } else {
            d.scope_filter.clone()
        };
        spans.push(Span::styled(format!(" · {scope}"), th.base));
    }
    if st.loading && st.data.is_some() {
        spans.push(Span::styled(format!("  {}", t.computing), th.warn));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = (area.width as usize).saturating_sub(used + 2);
    let keys = crate::domain::text::width(t.keys);
    if keys <= room {
        spans.push(Span::raw(" ".repeat(room - keys + 1)));
        spans.push(Span::styled(t.keys, th.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// What `enter` opens: the selected count and its filter.
fn footer(c: &Ctx, f: &mut Frame, area: Rect) {
    let w = c.st.widget;
    let text = match targets::selected(c.st, w) {
        Some(t) if t.n > 0 => format!(
            "{} · {}",
            what(c, w),
            fill(c.t.drill, &[("n", &t.n.to_string()), ("filter", &t.filter)])
        ),
        Some(_) => format!("{} · {}", what(c, w), c.t.nothing),
        None => String::new(),
    };
    f.render_widget(
        Paragraph::new(Span::styled(
            fit(&format!(" {text}"), area.width as usize),
            c.th.status,
        )),
        area,
    );
}

/// The selected bar, cell or row in words.
fn what(c: &Ctx, w: Widget) -> String {
    let i = c.st.selected_in(w);
    let d = c.d;
    match w {
        Widget::Tiles => c.t.tile_targets.get(i).copied().unwrap_or("").to_string(),
        Widget::Volume => d
            .volume
            .days
            .get(i)
            .map(|v| v.day.to_string())
            .unwrap_or_default(),
        Widget::Sla => d
            .sla_weeks
            .get(i)
            .map(|x| format!("{} {}", x.from, c.t.tile_targets[4]))
            .unwrap_or_default(),
        Widget::Heatmap => format!("{} {:02}:00", c.t.weekdays[(i / 24) % 7], i % 24),
        Widget::Stages => d
            .stages
            .get(i)
            .map(|x| stage_label(c, &x.stage, &x.label))
            .unwrap_or_default(),
        Widget::Categories => d
            .categories
            .get(i)
            .map(|x| x.label.clone())
            .unwrap_or_default(),
        Widget::Csat => format!("{} {}", i + 1, "★".repeat(i + 1)),
        Widget::Agents => {
            c.st.agents_sorted()
                .get(i)
                .map(|a| agent_name(c, &a.name, a.agent_id))
                .unwrap_or_default()
        }
    }
}
