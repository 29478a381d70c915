//! The Dashboard pane on a real database with a fixed clock: what the keys ask for
//! (period steps, lengths, from–to, scope, charts, sort), that the answer is
//! computed as an effect (the worker's job) and a stale answer is dropped, that
//! enter opens the Tickets pane with the filter behind the count and the list
//! counts the same number; snapshots at 80×24, 120×40 and 200×50 in both languages.

use aftercare::app::keys::Key;
use aftercare::app::msg::{DashboardFx, DashboardMsg, Effect, Msg, TicketsFx, Window};
use aftercare::app::panes::dashboard::{targets, AgentSortKey, Widget};
use aftercare::app::{handle, update, Command, Lang, Pane, State};
use aftercare::config::Config;
use aftercare::demo::{generate, DemoOptions};
use aftercare::domain::filter::Filter;
use aftercare::ops::Desk;
use aftercare::report::dashboard::Period;
use aftercare::tui::background::job_of;
use aftercare::tui::effects;
use aftercare::tui::headless::buffer_text;
use chrono::NaiveDate;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// Sunday 2026-12-06 12:00 in Shanghai (the built-in calendar's zone).
const NOW: i64 = 1_796_529_600;

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("d.db"), Config::builtin(), "李娜").unwrap();
    d.set_now(Some(NOW));
    let opts = DemoOptions {
        tickets: 1200,
        seed: 7,
    };
    generate(&mut d, &opts, &mut |_, _| {}).unwrap();
    d.set_now(Some(NOW));
    (dir, d)
}

fn state(size: (u16, u16), lang: Lang) -> State {
    let mut s = State::new(&Config::builtin(), "李娜", NOW, size);
    s.lang = lang;
    s.color = false;
    s.starting = false;
    s
}

/// Runs effects inline, feeding every result back, until nothing is left.
fn drive(d: &mut Desk, s: &mut State, fx: Vec<Effect>) {
    let mut queue = fx;
    while let Some(e) = queue.pop() {
        for m in effects::run(d, e) {
            queue.extend(handle(s, m));
        }
    }
}

fn key(s: &mut State, k: &str) -> Vec<Effect> {
    handle(s, Msg::Key(Key::parse(k).unwrap()))
}

fn screen(s: &State) -> String {
    let (w, h) = s.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| aftercare::ui::render(s, f)).unwrap();
    buffer_text(term.backend().buffer())
}

fn load_of(fx: &[Effect]) -> (u64, Window) {
    match fx {
        [Effect::Dashboard(DashboardFx::Load { seq, window, .. })] => (*seq, *window),
        other => panic!("expected one dashboard load, got {other:?}"),
    }
}

#[test]
fn keys_ask_for_periods_and_the_answer_comes_from_an_effect() {
    let (_dir, mut d) = desk();
    let mut s = state((120, 40), Lang::En);
    // Pressing 5 asks for the last 30 days; the frame draws at once, saying so.
    let fx = key(&mut s, "5");
    assert_eq!(s.pane, Pane::Dashboard);
    let (seq, window) = load_of(&fx);
    assert_eq!(window, Window::Last { days: 30, back: 0 });
    assert!(s.dashboard.loading);
    // The worker runs it (its own lane), never the UI thread.
    assert!(job_of(&fx[0]).is_some());
    assert!(screen(&s).contains("computing the dashboard"));
    drive(&mut d, &mut s, fx);
    assert!(!s.dashboard.loading);
    let dash = s.dashboard.data.clone().unwrap();
    assert_eq!(dash.period.to.to_string(), "2026-12-06");
    assert_eq!(dash.period.days(), 30);
    assert!(seq >= 1);

    // `[` steps back one length, `]` forward, and not past today.
    let (_, w) = load_of(&key(&mut s, "["));
    assert_eq!(w, Window::Last { days: 30, back: 1 });
    let (_, w) = load_of(&key(&mut s, "]"));
    assert_eq!(w, Window::Last { days: 30, back: 0 });
    assert!(key(&mut s, "]").is_empty());
    assert!(s
        .toasts
        .iter()
        .any(|t| format!("{:?}", t.note).contains("AtToday")));
    // `p` goes through 7 / 30 / 90 days.
    let (_, w) = load_of(&key(&mut s, "p"));
    assert_eq!(w, Window::Last { days: 90, back: 0 });
    let (_, w) = load_of(&key(&mut s, "p"));
    assert_eq!(w, Window::Last { days: 7, back: 0 });
    // From–to by name; stepping moves it by its own length.
    let fx = update(
        &mut s,
        Command::DashboardPeriod(Some("2026-11-01..2026-11-30".into())),
    );
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let nov = Period {
        from: day(11, 1),
        to: day(11, 30),
    };
    assert_eq!(load_of(&fx).1, Window::Fixed(nov));
    let (_, w) = load_of(&key(&mut s, "["));
    assert_eq!(
        w,
        Window::Fixed(Period {
            from: day(10, 2),
            to: day(10, 31)
        })
    );
    // Nonsense is said, not asked for.
    assert!(update(&mut s, Command::DashboardPeriod(Some("fortnight".into()))).is_empty());
    assert!(update(
        &mut s,
        Command::DashboardPeriod(Some("2026-12-01..2026-11-01".into()))
    )
    .is_empty());

    // Only the newest request's answer counts.
    let newest = s.dashboard.seq;
    let old = handle(
        &mut s,
        Msg::Dashboard(DashboardMsg::Loaded {
            seq: newest - 1,
            dash: dash.clone(),
        }),
    );
    assert!(old.is_empty());
    assert!(s.dashboard.loading, "an old answer does not end the wait");
    let fx = update(&mut s, Command::DashboardPeriod(Some("30".into())));
    drive(&mut d, &mut s, fx);
    assert!(!s.dashboard.loading);
}

#[test]
fn scope_charts_sort_and_refresh() {
    let (_dir, mut d) = desk();
    let mut s = state((120, 40), Lang::Zh);
    let fx = key(&mut s, "5");
    drive(&mut d, &mut s, fx);
    let all = s.dashboard.data.as_ref().unwrap().tiles.open_now.n;
    // A scope of a type and a channel narrows every count and its filter.
    let fx = update(
        &mut s,
        Command::DashboardScope(Some("type:complaint channel:phone".into())),
    );
    match &fx[..] {
        [Effect::Dashboard(DashboardFx::Load { scope, .. })] => {
            assert_eq!(scope.terms(), "type:complaint channel:phone")
        }
        other => panic!("{other:?}"),
    }
    drive(&mut d, &mut s, fx);
    let dash = s.dashboard.data.as_ref().unwrap();
    assert!(dash.tiles.open_now.n < all);
    assert!(dash
        .tiles
        .open_now
        .filter
        .contains("type:complaint channel:phone"));
    assert!(update(&mut s, Command::DashboardScope(Some("colour:red".into()))).is_empty());
    assert!(update(&mut s, Command::DashboardScope(Some("type:nosuch".into()))).is_empty());
    // h / l go through the charts, wrapping; j / k within one.
    assert_eq!(s.dashboard.widget, Widget::Tiles);
    key(&mut s, "h");
    assert_eq!(s.dashboard.widget, Widget::Agents);
    key(&mut s, "l");
    key(&mut s, "l");
    assert_eq!(s.dashboard.widget, Widget::Volume);
    let days = targets::of(&s.dashboard, Widget::Volume).len();
    assert_eq!(
        s.dashboard.selected_in(Widget::Volume),
        days - 1,
        "the latest day first"
    );
    key(&mut s, "k");
    assert_eq!(s.dashboard.selected_in(Widget::Volume), days - 2);
    // `s` sorts the agent table by the next column (and shows it).
    key(&mut s, "s");
    assert_eq!(
        (s.dashboard.widget, s.dashboard.sort),
        (Widget::Agents, AgentSortKey::Received)
    );
    let rows = s.dashboard.agents_sorted();
    let named: Vec<i64> = rows
        .iter()
        .filter(|a| a.agent_id.is_some())
        .map(|a| a.received.n)
        .collect();
    assert!(named.windows(2).all(|w| w[0] >= w[1]), "{named:?}");
    assert!(
        rows.last().unwrap().agent_id.is_none(),
        "the team's line stays last"
    );
    // A change elsewhere reloads the dashboard only while it is on screen.
    key(&mut s, "1");
    let fx = handle(&mut s, Msg::DataChanged);
    assert!(!fx.iter().any(|e| matches!(e, Effect::Dashboard(_))));
    assert!(s.dashboard.stale);
    let fx = key(&mut s, "5");
    assert!(matches!(load_of(&fx).1, Window::Last { .. }));
}

/// Enter on a count opens the Tickets pane with its filter, and the list counts
/// exactly that many tickets: for a day, a heatmap cell, a stage, a category, a
/// score and an agent.
#[test]
fn enter_opens_the_tickets_behind_a_count() {
    let (_dir, mut d) = desk();
    let mut s = state((200, 50), Lang::En);
    let fx = key(&mut s, "5");
    drive(&mut d, &mut s, fx);
    let mut checked = 0;
    for (widget, steps) in [
        (Widget::Tiles, 0),
        (Widget::Volume, 3),
        (Widget::Heatmap, 34),
        (Widget::Stages, 1),
        (Widget::Categories, 0),
        (Widget::Csat, 3),
        (Widget::Agents, 2),
    ] {
        key(&mut s, "5");
        s.dashboard.widget = widget;
        key(&mut s, "g");
        key(&mut s, "g");
        for _ in 0..steps {
            key(&mut s, "j");
        }
        let Some(c) = targets::selected(&s.dashboard, widget).cloned() else {
            panic!("{widget:?} has nothing to select");
        };
        let fx = key(&mut s, "enter");
        if c.n == 0 {
            assert_eq!(s.pane, Pane::Dashboard, "{widget:?}: nothing to open");
            continue;
        }
        assert_eq!(s.pane, Pane::Tickets, "{widget:?}");
        assert_eq!(s.tickets.list.filter_text, c.filter);
        assert!(fx
            .iter()
            .any(|e| matches!(e, Effect::Tickets(TicketsFx::Count { .. }))));
        drive(&mut d, &mut s, fx);
        assert_eq!(s.tickets.list.total, Some(c.n), "{widget:?}: {}", c.filter);
        // And by the CLI's own path.
        let f = Filter::parse(&c.filter).unwrap();
        assert_eq!(d.count_tickets(&f).unwrap(), c.n, "{}", c.filter);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} counts had tickets");
}

#[test]
fn snapshots_in_both_languages() {
    let (_dir, mut d) = desk();
    for lang in [Lang::En, Lang::Zh] {
        for (w, h) in [(80, 24), (120, 40), (200, 50)] {
            let mut s = state((w, h), lang);
            let fx = key(&mut s, "5");
            drive(&mut d, &mut s, fx);
            let code = lang.code();
            insta::assert_snapshot!(format!("dashboard_{code}_{w}x{h}"), screen(&s));
        }
        // Small screens show the chart in focus: the stages with the bottleneck.
        let mut s = state((80, 24), lang);
        let fx = key(&mut s, "5");
        drive(&mut d, &mut s, fx);
        for _ in 0..4 {
            key(&mut s, "l");
        }
        let code = lang.code();
        insta::assert_snapshot!(format!("dashboard_{code}_stages_80x24"), screen(&s));
    }
}

/// `c` chooses a channel inside the volume bars: the legend and the selected day's
/// part show it, the drill line and enter give that day AND that channel, and the
/// list counts what the chart's part counts; after the last channel, whole bars.
#[test]
fn a_channel_inside_the_volume_bars_drills_to_that_day_and_channel() {
    let (_dir, mut d) = desk();
    let mut s = state((120, 40), Lang::En);
    let fx = key(&mut s, "5");
    drive(&mut d, &mut s, fx);
    let channels = s.dashboard.data.as_ref().unwrap().volume.channels.clone();
    assert!(channels.len() >= 2, "{channels:?}");
    key(&mut s, "c");
    assert_eq!(s.dashboard.widget, Widget::Volume);
    assert_eq!(s.dashboard.series.as_deref(), Some(channels[0].as_str()));
    key(&mut s, "c");
    assert_eq!(s.dashboard.series.as_deref(), Some(channels[1].as_str()));
    key(&mut s, "C");
    assert_eq!(s.dashboard.series.as_deref(), Some(channels[0].as_str()));
    // Back a few days, to one with tickets of the busiest channel.
    for _ in 0..3 {
        key(&mut s, "k");
    }
    let c = targets::selected(&s.dashboard, Widget::Volume)
        .cloned()
        .unwrap();
    let day = s.dashboard.data.as_ref().unwrap().volume.days
        [s.dashboard.selected_in(Widget::Volume)]
    .clone();
    assert_eq!(c, day.by_channel[0]);
    assert!(c.n > 0 && c.n < day.total.n, "{c:?} of {}", day.total.n);
    assert_eq!(
        c.filter,
        format!("created:{} channel:{}", day.day, channels[0])
    );
    let text = screen(&s);
    assert!(text.contains(&c.filter), "the drill line shows it:\n{text}");
    insta::assert_snapshot!("dashboard_en_channel_120x40", text);
    let fx = key(&mut s, "enter");
    assert_eq!(s.pane, Pane::Tickets);
    assert_eq!(s.tickets.list.filter_text, c.filter);
    drive(&mut d, &mut s, fx);
    assert_eq!(s.tickets.list.total, Some(c.n));
    // Through every channel and back to whole bars.
    key(&mut s, "5");
    for _ in 0..channels.len() {
        key(&mut s, "c");
    }
    assert_eq!(s.dashboard.series, None);
    let whole = targets::selected(&s.dashboard, Widget::Volume).unwrap();
    assert_eq!(whole, &day.total);
}

#[test]
fn a_chosen_channel_in_chinese_at_80x24() {
    let (_dir, mut d) = desk();
    let mut s = state((80, 24), Lang::Zh);
    let fx = key(&mut s, "5");
    drive(&mut d, &mut s, fx);
    key(&mut s, "c");
    key(&mut s, "k");
    insta::assert_snapshot!("dashboard_zh_channel_80x24", screen(&s));
}

/// The mouse: a click on a chart focuses it, on a tile or a day's bar selects it,
/// and a second click on the selected one (a double click) opens the tickets
/// behind it, as enter does; the count agrees with the chart.
#[test]
fn a_click_selects_and_a_second_click_drills() {
    use aftercare::app::msg::Mouse;
    use aftercare::app::panes::dashboard::layout::{self, Area};
    let (_dir, mut d) = desk();
    let (w, h) = (120, 40);
    let mut s = state((w, h), Lang::En);
    let fx = key(&mut s, "5");
    drive(&mut d, &mut s, fx);
    let click =
        |s: &mut State, column: u16, row: u16| handle(s, Msg::Mouse(Mouse::Click { column, row }));
    let pane = Area::new(0, 1, w, h - 2);
    // The third tile: breached now.
    let tiles = layout::tiles(pane);
    click(&mut s, tiles.x + 2 * (w / 7) + 1, tiles.y + 1);
    assert_eq!(s.dashboard.widget, Widget::Tiles);
    assert_eq!(s.dashboard.selected_in(Widget::Tiles), 2);
    // The heatmap's box: focus only.
    let charts = layout::charts(pane, s.dashboard.widget);
    let (_, heat) = charts.iter().find(|(c, _)| *c == Widget::Heatmap).unwrap();
    click(&mut s, heat.x + 3, heat.y + 3);
    assert_eq!(s.dashboard.widget, Widget::Heatmap);
    assert_eq!(s.pane, Pane::Dashboard);
    // A day's bar, four days before the last.
    let (_, vol) = charts.iter().find(|(c, _)| *c == Widget::Volume).unwrap();
    let days = s.dashboard.data.as_ref().unwrap().volume.days.len();
    let (bars, cw, first) = layout::volume_bars(layout::inner(*vol), days, None);
    let day = days - 5;
    let x = bars.x + (day - first) as u16 * cw;
    click(&mut s, x, bars.y + bars.h - 1);
    assert_eq!(s.dashboard.widget, Widget::Volume);
    assert_eq!(s.dashboard.selected_in(Widget::Volume), day);
    assert_eq!(s.pane, Pane::Dashboard, "a first click only selects");
    let c = targets::selected(&s.dashboard, Widget::Volume)
        .cloned()
        .unwrap();
    assert!(c.n > 0);
    let fx = click(&mut s, x, bars.y + bars.h - 1);
    assert_eq!(s.pane, Pane::Tickets, "the second click drills");
    assert_eq!(s.tickets.list.filter_text, c.filter);
    drive(&mut d, &mut s, fx);
    assert_eq!(s.tickets.list.total, Some(c.n));
}
