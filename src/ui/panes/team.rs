//! The Team pane: one row per agent with open tickets, SLA pressure, tasks due, load
//! as a share of capacity and today's status, and beside it a per-day heatmap of the
//! coming weeks. Over capacity is red; agents over capacity days in a row get a `!`.

use crate::app::chrome::cursor::follow;
use crate::app::{Lang, State};
use crate::domain::records::Agent;
use crate::domain::team::DayStatus;
use crate::domain::workload::{HeatLevel, HeatRow};
use crate::ops::{AgentLoad, TeamWorkload};
use crate::ui::i18n::fill;
use crate::ui::i18n::team::{team_strings, TeamStrings};
use crate::ui::text::{fit, fit_right};
use crate::ui::theme::Theme;
use chrono::{Datelike, NaiveDate};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Screen columns of one heatmap day: two glyphs and a gap.
const CELL: usize = 3;

/// Column widths of the table part.
struct Cols {
    name: usize,
    open: usize,
    sla: usize,
    tasks: usize,
    bar: usize,
    pct: usize,
    today: usize,
}

impl Cols {
    fn for_width(w: u16) -> Cols {
        if w >= 110 {
            Cols {
                name: 12,
                open: 4,
                sla: 9,
                tasks: 5,
                bar: 10,
                pct: 5,
                today: 10,
            }
        } else {
            // No bar: the coloured percentage carries the load, so two weeks fit.
            Cols {
                name: 8,
                open: 4,
                sla: 4,
                tasks: 4,
                bar: 0,
                pct: 5,
                today: 8,
            }
        }
    }

    /// Columns taken before the heatmap: marker, flag, cells and their gaps.
    fn total(&self) -> usize {
        let gaps = if self.bar > 0 { 7 } else { 6 };
        2 + self.name + self.open + self.sla + self.tasks + self.bar + self.pct + self.today + gaps
    }

    /// Width of the load heading: the bar (if any) and the percentage.
    fn load(&self) -> usize {
        if self.bar > 0 {
            self.bar + 1 + self.pct
        } else {
            self.pct
        }
    }
}

/// Draws the workload table with its heatmap, a summary line and a legend.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = team_strings(s.lang);
    let cols = Cols::for_width(area.width);
    let wl = s.team.workload.as_ref();
    let weeks = wl
        .map(|w| heat_weeks(w, (area.width as usize).saturating_sub(cols.total())))
        .unwrap_or_default();
    // The header and rows sit where every list's do (mouse clicks rely on it); the
    // week labels, who is over capacity and the legend follow below.
    let mut lines = vec![header(s, &cols, &weeks, t, th)];
    let body = (area.height as usize).saturating_sub(4);
    let c = s.team.cursor;
    // Keep the selection in view with this pane's own row count.
    let offset = follow(c.selected, c.offset, body);
    for (i, a) in s.agents.iter().enumerate().skip(offset).take(body) {
        lines.push(row(s, a, i == c.selected, &cols, &weeks, t, th));
    }
    if s.agents.is_empty() {
        let empty = if s.agents_loaded {
            crate::ui::i18n::strings(s.lang).empty_list
        } else {
            t.loading
        };
        lines.push(Line::styled(format!("  {empty}"), th.dim));
    }
    if !weeks.is_empty() {
        lines.push(week_labels(&cols, &weeks, t, th));
    }
    lines.push(summary(s, wl, t, th));
    while lines.len() < (area.height as usize).saturating_sub(1) {
        lines.push(Line::raw(""));
    }
    if let Some(w) = wl {
        let n = w.grid.streak_days.to_string();
        lines.push(Line::styled(fill(t.legend, &[("n", &n)]), th.dim));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// The working days shown, grouped by calendar week, as many weeks as fit in `room`
/// columns. A day counts when anyone can work on it.
fn heat_weeks(w: &TeamWorkload, room: usize) -> Vec<Vec<usize>> {
    let working = |i: usize| {
        if w.grid.rows.is_empty() {
            w.grid.days[i].weekday().num_days_from_monday() < 5
        } else {
            w.grid
                .rows
                .iter()
                .any(|r| r.cells.get(i).is_some_and(|c| c.available))
        }
    };
    let mut weeks: Vec<Vec<usize>> = Vec::new();
    let mut last_week = None;
    for (i, d) in w.grid.days.iter().enumerate() {
        let wk = d.iso_week();
        if last_week != Some(wk) {
            weeks.push(Vec::new());
            last_week = Some(wk);
        }
        if working(i) {
            weeks.last_mut().expect("just pushed").push(i);
        }
    }
    weeks.retain(|wk| !wk.is_empty());
    let mut used = 0;
    let mut out = Vec::new();
    for wk in weeks {
        // The last gap of a week may fall off the screen's edge.
        if used + wk.len() * CELL - 1 > room {
            break;
        }
        used += wk.len() * CELL + 1;
        out.push(wk);
    }
    out
}

fn summary(s: &State, wl: Option<&TeamWorkload>, t: &TeamStrings, th: &Theme) -> Line<'static> {
    let Some(w) = wl else {
        return Line::styled(format!(" {}", t.loading), th.dim);
    };
    let sep = if s.lang == Lang::Zh { "、" } else { ", " };
    let week_of = |d: NaiveDate| d.iso_week();
    let this = week_of(w.today);
    let next = week_of(w.today + chrono::Duration::days(7));
    let over_in = |wk| -> Vec<String> {
        w.grid
            .rows
            .iter()
            .filter(|r| {
                r.cells
                    .iter()
                    .any(|c| week_of(c.date) == wk && c.level() == HeatLevel::Over)
            })
            .map(|r| crate::domain::text::one_line(&r.name))
            .collect()
    };
    let (a, b) = (over_in(this), over_in(next));
    if a.is_empty() && b.is_empty() {
        return Line::styled(format!(" {}", t.nobody_over), th.ok);
    }
    let mut spans = Vec::new();
    if !a.is_empty() {
        spans.push(Span::styled(
            format!(" {}", fill(t.over_this, &[("names", &a.join(sep))])),
            th.bad,
        ));
    }
    if !b.is_empty() {
        spans.push(Span::styled(
            format!("  {}", fill(t.over_next, &[("names", &b.join(sep))])),
            th.warn,
        ));
    }
    Line::from(spans)
}

fn week_labels(cols: &Cols, weeks: &[Vec<usize>], t: &TeamStrings, th: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ".repeat(cols.total()))];
    for (n, wk) in weeks.iter().enumerate() {
        let w = wk.len() * CELL;
        let label = match n {
            0 => t.this_week.to_string(),
            1 => t.next_week.to_string(),
            _ => String::new(),
        };
        spans.push(Span::styled(fit(&label, w), th.header));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

fn header(
    s: &State,
    cols: &Cols,
    weeks: &[Vec<usize>],
    t: &TeamStrings,
    th: &Theme,
) -> Line<'static> {
    let sla = if cols.sla < 9 { "SLA" } else { t.col_sla };
    let cells = [
        fit(t.col_agent, cols.name),
        fit_right(t.col_open, cols.open),
        fit_right(sla, cols.sla),
        fit_right(t.col_tasks, cols.tasks),
        fit(t.col_load, cols.load()),
        fit(t.col_today, cols.today),
    ];
    let mut spans = vec![Span::raw("  ")];
    for c in cells {
        spans.push(Span::styled(c, th.header));
        spans.push(Span::raw(" "));
    }
    if let Some(w) = &s.team.workload {
        for wk in weeks {
            let days: String = wk
                .iter()
                .map(|i| format!("{:>2} ", w.grid.days[*i].day()))
                .collect();
            spans.push(Span::styled(days, th.header));
            spans.push(Span::raw(" "));
        }
    }
    Line::from(spans)
}

fn today_text(l: &AgentLoad, t: &TeamStrings) -> String {
    match l.today {
        DayStatus::Working => t.working.into(),
        DayStatus::DayOff => t.day_off.into(),
        DayStatus::Holiday => t.holiday.into(),
        DayStatus::OutOfOffice => match l.back_on {
            Some(d) => fill(
                t.ooo_back,
                &[("date", &format!("{}/{}", d.month(), d.day()))],
            ),
            None => t.ooo.into(),
        },
        DayStatus::Inactive => t.inactive.into(),
    }
}

fn level_style(level: HeatLevel, th: &Theme) -> Style {
    match level {
        HeatLevel::Off => th.dim,
        HeatLevel::Light | HeatLevel::Medium => th.ok,
        HeatLevel::Full => th.warn,
        HeatLevel::Over => th.bad,
    }
}

fn share_style(share: Option<f64>, th: &Theme) -> Style {
    match share {
        Some(v) if v > 1.0 => th.bad,
        Some(v) if v > 0.8 => th.warn,
        Some(_) => th.ok,
        None => th.dim,
    }
}

#[allow(clippy::too_many_arguments)]
fn row(
    s: &State,
    a: &Agent,
    selected: bool,
    cols: &Cols,
    weeks: &[Vec<usize>],
    t: &TeamStrings,
    th: &Theme,
) -> Line<'static> {
    let load = s.team.load_of(a.id);
    let heat: Option<&HeatRow> = load.and_then(|l| {
        s.team
            .workload
            .as_ref()
            .and_then(|w| w.grid.rows.get(l.row))
    });
    let flagged = heat.is_some_and(|h| h.flagged);
    let sel = |st: Style| if selected { st.patch(th.selected) } else { st };
    let mut spans = vec![
        Span::styled(if selected { ">" } else { " " }, sel(th.base)),
        Span::styled(if flagged { "!" } else { " " }, th.bad),
    ];
    let mut cell = |text: String, style: Style| {
        spans.push(Span::styled(text, sel(style)));
        spans.push(Span::styled(" ", sel(th.base)));
    };
    let name_style = if !a.active {
        th.dim
    } else if flagged {
        th.bad
    } else {
        th.base
    };
    cell(fit(&a.name, cols.name), name_style);
    let Some(l) = load else {
        // Inactive agents have no load (nor anyone before the workload is in).
        let blank = cols.open + cols.sla + cols.tasks + cols.load() + 3;
        cell(" ".repeat(blank), th.dim);
        let status = if a.active { "" } else { t.inactive };
        cell(fit(status, cols.today), th.dim);
        return Line::from(spans);
    };
    cell(fit_right(&l.open_tickets.to_string(), cols.open), th.base);
    let sla_style = if l.past_sla > 0 {
        th.bad
    } else if l.near_sla > 0 {
        th.warn
    } else {
        th.dim
    };
    cell(
        fit_right(&format!("{}/{}", l.near_sla, l.past_sla), cols.sla),
        sla_style,
    );
    let tasks_style = if l.tasks_late > 0 { th.bad } else { th.base };
    cell(fit_right(&l.tasks_due.to_string(), cols.tasks), tasks_style);
    let style = share_style(l.share, th);
    let filled = l
        .share
        .map(|v| ((v.min(1.0) * cols.bar as f64).round() as usize).min(cols.bar))
        .unwrap_or(0);
    if cols.bar > 0 {
        cell("█".repeat(filled) + &"·".repeat(cols.bar - filled), style);
    }
    let pct = l
        .share
        .map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "–".into());
    cell(fit_right(&pct, cols.pct), style);
    let today_style = if l.today == DayStatus::Working {
        th.base
    } else {
        th.warn
    };
    cell(fit(&today_text(l, t), cols.today), today_style);
    if let Some(h) = heat {
        for wk in weeks {
            for i in wk {
                let level = h.cells.get(*i).map(|c| c.level()).unwrap_or(HeatLevel::Off);
                let g = level.glyph();
                spans.push(Span::styled(format!("{g}{g}"), level_style(level, th)));
                spans.push(Span::raw(" "));
            }
            spans.push(Span::raw(" "));
        }
    }
    Line::from(spans)
}
