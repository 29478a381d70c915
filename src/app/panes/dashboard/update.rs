//! The Dashboard pane's commands and results: moving between charts and within
//! one, stepping and setting the period, narrowing the scope, sorting the agent
//! table, drilling into the tickets behind a count, and the computed dashboard.

use super::layout::{self, Area};
use super::state::{DashboardState, Widget};
use super::targets;
use crate::app::chrome::{Overlay, Palette};
use crate::app::command::Command;
use crate::app::ctx::{Ctx, Pane};
use crate::app::msg::{DashboardFx, DashboardMsg, DashboardNote, Effect, Window};
use crate::app::outcome::{Outcome, Request};
use crate::domain::ticket::Channel;
use crate::ops::DASHBOARD_MAX_DAYS;
use crate::report::dashboard::{Period, Scope};
use chrono::{Duration, NaiveDate};

/// The period lengths `dashboard-period` without an argument goes through.
pub const LENGTHS: [i64; 3] = [7, 30, 90];

/// Applies one of the pane's commands.
pub fn update(s: &mut DashboardState, ctx: &Ctx, cmd: Command) -> Outcome {
    let page = if s.widget == Widget::Heatmap { 24 } else { 5 };
    match cmd {
        Command::Down => step(s, 1),
        Command::Up => step(s, -1),
        Command::PageDown => step(s, page),
        Command::PageUp => step(s, -page),
        Command::Top => step(s, -i64::from(u32::MAX)),
        Command::Bottom => step(s, i64::from(u32::MAX)),
        Command::WidgetNext => s.widget = s.widget.step(1),
        Command::WidgetPrev => s.widget = s.widget.step(-1),
        Command::AgentSort => {
            s.sort = s.sort.next();
            s.widget = Widget::Agents;
        }
        Command::SeriesNext => series(s, 1),
        Command::SeriesPrev => series(s, -1),
        Command::Open => return drill(s),
        Command::DashboardEarlier => {
            s.window = shifted(s.window, -1);
            return load(s);
        }
        Command::DashboardLater => match s.window {
            Window::Last { back: 0, .. } => return Outcome::note(DashboardNote::AtToday),
            w => {
                s.window = shifted(w, 1);
                return load(s);
            }
        },
        Command::DashboardPeriod(None) => {
            let days = match s.window {
                Window::Last { days, .. } => days,
                Window::Fixed(p) => p.days(),
            };
            let next = LENGTHS
                .iter()
                .find(|n| **n > days)
                .copied()
                .unwrap_or(LENGTHS[0]);
            s.window = Window::Last {
                days: next,
                back: 0,
            };
            return load(s);
        }
        Command::DashboardPeriod(Some(text)) => match parse_window(&text) {
            Some(w) => {
                s.window = w;
                return load(s);
            }
            None => return Outcome::note(DashboardNote::BadPeriod(text)),
        },
        // The palette, filled in with the scope now, is the prompt: edit, enter.
        Command::DashboardScope(None) => {
            return Outcome::dialog(Overlay::Palette(Palette::with(
                format!("dashboard-scope {}", s.scope.terms()).trim_end(),
            )))
        }
        Command::DashboardScope(Some(text)) => match parse_scope(ctx, &text) {
            Ok(scope) => {
                s.scope = scope;
                return load(s);
            }
            Err(term) => return Outcome::note(DashboardNote::BadScope(term)),
        },
        _ => {}
    }
    Outcome::none()
}

/// Moves the selection of the chart in focus by `by`, within its counts.
fn step(s: &mut DashboardState, by: i64) {
    let n = targets::of(s, s.widget).len();
    let i = s.widget.index();
    let max = n.saturating_sub(1) as i64;
    s.selected[i] = (s.selected[i] as i64).saturating_add(by).clamp(0, max) as usize;
}

/// Chooses the channel `by` further inside the volume bars, through "whole bars"
/// after the last and before the first; the volume chart takes the focus.
fn series(s: &mut DashboardState, by: i64) {
    s.widget = Widget::Volume;
    let channels = s
        .data
        .as_ref()
        .map(|d| d.volume.channels.clone())
        .unwrap_or_default();
    let n = channels.len() as i64;
    // Whole bars are position n of n + 1.
    let at = s.series_index().map_or(n, |c| c as i64);
    let next = (at + by).rem_euclid(n + 1) as usize;
    s.series = channels.get(next).cloned();
}

/// The Tickets pane with the filter behind the selected count.
fn drill(s: &DashboardState) -> Outcome {
    match targets::selected(s, s.widget) {
        Some(c) if c.n > 0 => {
            Outcome::request(Request::Run(Command::Filter(Some(c.filter.clone()))))
        }
        _ => Outcome::note(DashboardNote::NothingBehind),
    }
}

/// `window` moved by `by` of its own lengths (positive: later).
fn shifted(window: Window, by: i64) -> Window {
    match window {
        Window::Last { days, back } => Window::Last {
            days,
            back: (back - by).max(0),
        },
        Window::Fixed(p) => {
            let n = Duration::days(p.days() * by);
            Window::Fixed(Period {
                from: p.from + n,
                to: p.to + n,
            })
        }
    }
}

/// `7`, `30d`, `90` (the last N days) or `FROM..TO` (days, both included).
pub fn parse_window(text: &str) -> Option<Window> {
    let t = text.trim();
    if let Some((a, b)) = t.split_once("..") {
        let day = |x: &str| NaiveDate::parse_from_str(x.trim(), "%Y-%m-%d").ok();
        let p = Period {
            from: day(a)?,
            to: day(b)?,
        };
        return (p.from <= p.to && p.days() <= DASHBOARD_MAX_DAYS).then_some(Window::Fixed(p));
    }
    let n: i64 = t.trim_end_matches(['d', 'D']).parse().ok()?;
    (1..=DASHBOARD_MAX_DAYS)
        .contains(&n)
        .then_some(Window::Last { days: n, back: 0 })
}

/// `group:X type:Y channel:Z`, each optional; an empty text is everything. The
/// first term that is none of these (or names no type or channel) comes back.
pub fn parse_scope(ctx: &Ctx, text: &str) -> Result<Scope, String> {
    let mut scope = Scope::default();
    for term in text.split_whitespace() {
        let (k, v) = term.split_once(':').ok_or_else(|| term.to_string())?;
        let v = v.trim_matches('"');
        match k {
            "group" if !v.is_empty() => scope.group = Some(v.to_string()),
            "type" if ctx.workflow.types.iter().any(|t| t.id == v) => {
                scope.ty = Some(v.to_string())
            }
            "channel" => scope.channel = Some(v.parse::<Channel>().map_err(|_| term.to_string())?),
            _ => return Err(term.to_string()),
        }
    }
    Ok(scope)
}

/// Asks for the dashboard of the current period and scope.
fn load(s: &mut DashboardState) -> Outcome {
    Outcome::effects(vec![ask(s)])
}

fn ask(s: &mut DashboardState) -> Effect {
    s.seq += 1;
    s.loading = true;
    s.stale = false;
    Effect::Dashboard(DashboardFx::Load {
        seq: s.seq,
        window: s.window,
        scope: s.scope.clone(),
    })
}

/// Applies a result; an answer to an older request is dropped.
pub fn handle(s: &mut DashboardState, msg: DashboardMsg) -> Outcome {
    match msg {
        DashboardMsg::Loaded { seq, dash } if seq == s.seq => {
            let first = s.data.is_none();
            s.data = Some(dash);
            s.loading = false;
            if first {
                // Days and weeks start at the latest: what a lead looks at first.
                for w in [Widget::Volume, Widget::Sla] {
                    s.selected[w.index()] = usize::MAX;
                }
            }
            for w in Widget::ALL {
                let n = targets::of(s, w).len();
                let i = w.index();
                s.selected[i] = s.selected[i].min(n.saturating_sub(1));
            }
        }
        DashboardMsg::Failed { seq } if seq == s.seq => s.loading = false,
        _ => {}
    }
    Outcome::none()
}

/// Effects for showing the pane: the dashboard the first time, or again when the
/// database changed while it was away.
pub fn on_show(s: &mut DashboardState) -> Vec<Effect> {
    if s.data.is_none() && !s.loading || s.stale {
        vec![ask(s)]
    } else {
        Vec::new()
    }
}

/// Reloads the dashboard if it is on screen; else it reloads when next shown (a
/// dashboard of a million tickets is not recomputed for a pane nobody looks at).
pub fn refresh(s: &mut DashboardState, ctx: &Ctx) -> Vec<Effect> {
    if s.data.is_none() && !s.loading {
        return Vec::new();
    }
    if ctx.on(Pane::Dashboard) {
        vec![ask(s)]
    } else {
        s.stale = true;
        Vec::new()
    }
}

/// A click at screen cell `(col, row)` on a screen of `size`: the chart under it
/// takes the focus, and on the tiles the tile, on the volume chart the day under
/// it is selected; a click on what is already selected opens the tickets behind it
/// (as `enter` does), so a double click drills.
pub fn click(s: &mut DashboardState, size: (u16, u16), col: u16, row: u16) -> Outcome {
    let Some(days) = s.data.as_ref().map(|d| d.volume.days.len()) else {
        return Outcome::none();
    };
    // The pane lies between the tab bar and the status bar.
    let area = Area::new(0, 1, size.0, size.1.saturating_sub(2));
    let tiles = layout::tiles(area);
    let (w, index) = if tiles.contains(col, row) {
        (Widget::Tiles, Some(layout::tile_at(tiles, col)))
    } else {
        let charts = layout::charts(area, s.widget);
        match charts.into_iter().find(|(_, a)| a.contains(col, row)) {
            Some((Widget::Volume, a)) => {
                // The selected day shows (and keeps the bars in place) only in focus.
                let sel = (s.widget == Widget::Volume).then(|| s.selected_in(Widget::Volume));
                let (bars, cw, first) = layout::volume_bars(layout::inner(a), days, sel);
                let day = (col >= bars.x && col < bars.x + bars.w)
                    .then(|| first + ((col - bars.x) / cw) as usize)
                    .filter(|d| *d < days);
                (Widget::Volume, day)
            }
            Some((w, _)) => (w, None),
            None => return Outcome::none(),
        }
    };
    let again = s.widget == w && index.is_some_and(|i| i == s.selected_in(w));
    s.widget = w;
    if let Some(i) = index {
        s.selected[w.index()] = i;
    }
    if again {
        return drill(s);
    }
    Outcome::none()
}

/// The mouse wheel moves the selection of the chart in focus.
pub fn scroll(s: &mut DashboardState, delta: i64) -> Outcome {
    step(s, delta.signum());
    Outcome::none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_as_lengths_or_from_to() {
        assert_eq!(
            parse_window(" 30d "),
            Some(Window::Last { days: 30, back: 0 })
        );
        assert_eq!(parse_window("0"), None);
        assert_eq!(parse_window("367"), None);
        let p = parse_window("2026-11-01..2026-11-30");
        assert!(matches!(p, Some(Window::Fixed(x)) if x.days() == 30));
        assert_eq!(parse_window("2026-11-30..2026-11-01"), None);
        assert_eq!(parse_window("2026-13-01..2026-13-02"), None);
    }

    #[test]
    fn stepping_never_goes_past_today_and_moves_fixed_days_by_their_length() {
        let w = shifted(Window::Last { days: 7, back: 0 }, 1);
        assert_eq!(w, Window::Last { days: 7, back: 0 });
        let w = shifted(Window::Last { days: 7, back: 0 }, -2);
        assert_eq!(w, Window::Last { days: 7, back: 2 });
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let w = shifted(
            Window::Fixed(Period {
                from: day(10),
                to: day(16),
            }),
            1,
        );
        assert_eq!(
            w,
            Window::Fixed(Period {
                from: day(17),
                to: day(23)
            })
        );
    }
}
