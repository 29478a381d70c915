//! The dashboard on the hand-made week of `report::tests` (Asia/Shanghai; now is
//! Friday 2026-11-27 12:00), with exact expected numbers, and every drill-down
//! filter checked against the ticket list.
//!
//! The week (see `report::tests`): T6 technical/email created Fri 20 10:00, resolved
//! Mon 23 10:00. Mon 23: T1 technical/phone 09:00 (李娜; replied 09:30, analysing
//! 10:00, resolved 15:00, score 5), T2 technical/email 10:00 (王伟; analysing 13:00,
//! replied 13:30, waiting_customer Tue 10:00, in_progress Thu 10:00), T3
//! complaint/phone 11:00 (李娜; investigating 11:30, replied 14:00,
//! solution_proposed Tue 09:00, feedback Tue 15:00, score 2). T4 inquiry/web Tue 24
//! 09:00, untouched. T5 technical/chat Wed 25 17:00 (王伟; resolved 17:30, closed
//! Thu 09:00). Here T2 is tagged `vpn` and T4 `发票` as well.

use super::*;
use crate::domain::filter::Filter;
use crate::report::tests::{week, Week};
use crate::store::tickets::SortKey;
use chrono::NaiveDate;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn period() -> Period {
    Period {
        from: day(23),
        to: day(27),
    }
}

fn tagged() -> Week {
    let mut w = week();
    let now = w.desk.now();
    w.desk.tag_ticket(3, &["vpn".into()], None).unwrap();
    w.desk.tag_ticket(5, &["发票".into()], None).unwrap();
    w.desk.set_now(Some(now));
    w
}

fn dash(w: &Week, scope: Scope) -> Dashboard {
    w.desk.dashboard(period(), scope).unwrap()
}

fn ns(cs: &[Counted]) -> Vec<i64> {
    cs.iter().map(|c| c.n).collect()
}

#[test]
fn tiles() {
    let d = dash(&tagged(), Scope::default());
    let t = &d.tiles;
    assert_eq!((t.open_now.n, t.open_now.filter.as_str()), (2, "is:open")); // T2, T4
    assert_eq!(t.new_today.n, 0);
    assert_eq!(t.new_today.filter, "created:2026-11-27");
    assert_eq!(t.breached_now.n, 0);
    // As `report sla` counts the same week: responses 2 met / 3 breached,
    // resolutions 2 met / 1 breached / 2 pending.
    let r = &t.response;
    assert_eq!(
        (r.met.n, r.breached.n, r.pending.n, r.rate),
        (2, 3, 0, Some(0.4))
    );
    assert_eq!(r.met.filter, "created:2026-11-23..2026-11-27 response:met");
    let s = &t.resolution;
    assert_eq!((s.met.n, s.breached.n, s.pending.n), (2, 1, 2));
    assert_eq!(s.rate, Some(2.0 / 3.0));
    assert_eq!((t.csat_mean, t.csat_rated.n), (Some(3.5), 2)); // T1 5, T3 2
                                                               // Sunday 22 ends with T6 open; Friday 27 with T2 and T4.
    assert_eq!(
        (t.backlog.start.n, t.backlog.end.n, t.backlog.change),
        (1, 2, 1)
    );
    assert_eq!(
        t.backlog.start.filter,
        "created:..2026-11-22 -resolved:..2026-11-22"
    );
}

#[test]
fn volume_by_day_and_channel_with_the_backlog() {
    let d = dash(&tagged(), Scope::default());
    let v = &d.volume;
    assert_eq!(
        v.channels,
        ["phone", "chat", "email", "web", "other", "social"]
    );
    let rows: Vec<(String, Vec<i64>, i64, i64)> = v
        .days
        .iter()
        .map(|x| (x.day.to_string(), ns(&x.by_channel), x.total.n, x.backlog.n))
        .collect();
    let r = |d: &str, c: [i64; 6], t, b| (d.to_string(), c.to_vec(), t, b);
    assert_eq!(
        rows,
        vec![
            // T1 phone, T2 email, T3 phone; T2 and T3 open at midnight.
            r("2026-11-23", [2, 0, 1, 0, 0, 0], 3, 2),
            // T4 web; T3 went to feedback (resolved) at 15:00.
            r("2026-11-24", [0, 0, 0, 1, 0, 0], 1, 2),
            // T5 chat, resolved half an hour later.
            r("2026-11-25", [0, 1, 0, 0, 0, 0], 1, 2),
            r("2026-11-26", [0; 6], 0, 2),
            r("2026-11-27", [0; 6], 0, 2),
        ]
    );
    assert_eq!(
        v.days[0].by_channel[0].filter,
        "created:2026-11-23 channel:phone"
    );
    assert_eq!(v.days[0].total.filter, "created:2026-11-23");
}

#[test]
fn sla_per_week_and_the_heatmap() {
    let d = dash(&tagged(), Scope::default());
    assert_eq!(d.sla_goal, 0.9);
    assert_eq!(d.sla_weeks.len(), 1);
    let w = &d.sla_weeks[0];
    assert_eq!(
        (w.week, w.from, w.to, w.tickets.n),
        (day(23), day(23), day(27), 5)
    );
    assert_eq!(w.response.rate, Some(0.4));
    let h = &d.heatmap;
    let busy: Vec<(usize, usize, i64)> = h
        .cells
        .iter()
        .enumerate()
        .flat_map(|(wd, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, c)| c.n > 0)
                .map(move |(hr, c)| (wd, hr, c.n))
        })
        .collect();
    // Monday 9, 10, 11 (T1–T3), Tuesday 9 (T4), Wednesday 17 (T5).
    assert_eq!(
        busy,
        vec![(0, 9, 1), (0, 10, 1), (0, 11, 1), (1, 9, 1), (2, 17, 1)]
    );
    assert_eq!(
        h.cells[2][17].filter,
        "created:2026-11-23..2026-11-27 weekday:wed hour:17"
    );
    assert_eq!(h.max, 1);
}

#[test]
fn where_tickets_wait() {
    let d = dash(&tagged(), Scope::default());
    type Row<'a> = (&'a str, i64, i64, Option<f64>, Option<f64>, Option<i64>);
    let got: Vec<Row> = d
        .stages
        .iter()
        .map(|s| {
            (
                s.stage.as_str(),
                s.stays,
                s.tickets.n,
                s.p50_hours,
                s.p90_hours,
                s.waiting_now.as_ref().map(|c| c.n),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("accepted", 1, 1, Some(0.5), Some(0.5), Some(0)), // T3 11:00–11:30
            ("investigating", 1, 1, Some(21.5), Some(21.5), Some(0)),
            ("waiting_customer", 1, 1, Some(48.0), Some(48.0), Some(0)), // T2 Tue–Thu
            ("solution_proposed", 1, 1, Some(6.0), Some(6.0), Some(0)),
            // T3 since Tuesday 15:00, still there (a resolved stage).
            ("feedback", 1, 1, Some(69.0), Some(69.0), None),
            // T5 0.5, T1 1, T2 3, T4 75 (Tuesday 09:00 until now).
            ("new", 4, 4, Some(1.0), Some(75.0), Some(1)),
            ("analysing", 2, 2, Some(5.0), Some(21.0), Some(0)), // T1 5, T2 21
            ("in_progress", 1, 1, Some(26.0), Some(26.0), Some(1)), // T2 since Thu 10:00
            // T5 Wed 17:30 – Thu 09:00, T1 since Monday 15:00; closed stays are not waits.
            ("resolved", 2, 2, Some(15.5), Some(93.0), None),
        ]
    );
    let an = d.stages.iter().find(|s| s.stage == "analysing").unwrap();
    assert_eq!(
        an.tickets.filter,
        "created:2026-11-23..2026-11-27 visited:analysing"
    );
    assert_eq!(
        an.waiting_now.as_ref().unwrap().filter,
        "is:open stage:analysing"
    );
}

#[test]
fn top_categories_against_the_week_before() {
    let d = dash(&tagged(), Scope::default());
    let got: Vec<(&str, &str, i64, i64, Option<f64>)> = d
        .categories
        .iter()
        .map(|c| {
            (
                c.dimension,
                c.key.as_str(),
                c.current.n,
                c.previous.n,
                c.change,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // T6 was the one technical ticket of the week before.
            ("type", "technical", 3, 1, Some(2.0)),
            ("type", "complaint", 1, 0, None),
            ("type", "inquiry", 1, 0, None),
            // T1 打印机卡纸 this week, T6 "Printer offline" the week before.
            ("category", "printing", 1, 1, Some(0.0)),
            ("category", "account", 1, 0, None),
            ("category", "invoice", 1, 0, None),
            ("category", "network", 1, 0, None),
            ("category", "onsite", 1, 0, None),
            ("tag", "vpn", 1, 0, None),
            ("tag", "发票", 1, 0, None),
        ]
    );
    let printing = &d.categories[3];
    assert_eq!(printing.label, "Printing and scanning");
    assert_eq!(
        printing.previous.filter,
        "created:2026-11-18..2026-11-22 category:printing"
    );
}

#[test]
fn satisfaction_and_agents() {
    let w = tagged();
    let d = dash(&w, Scope::default());
    assert_eq!(ns(&d.csat.scores), vec![0, 1, 0, 0, 1]);
    assert_eq!((d.csat.rated.n, d.csat.mean), (2, Some(3.5)));
    assert_eq!(d.csat.weeks.len(), 1);
    assert_eq!(
        (d.csat.weeks[0].rated.n, d.csat.weeks[0].mean),
        (2, Some(3.5))
    );
    assert_eq!(
        d.csat.scores[4].filter,
        "created:2026-11-23..2026-11-27 csat:5"
    );
    let got: Vec<_> = d
        .agents
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.received.n,
                a.handled.n,
                a.resolution_rate,
                a.mean_first_response_hours,
                a.mean_resolution_hours,
                a.csat,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // T1 and T3: replied after 0.5 and 3 h, resolved after 6 and 28 h.
            ("李娜", 2, 2, Some(1.0), Some(1.75), Some(17.0), Some(3.5)),
            // T2 replied after 3.5 h; T5 answered by resolving after 0.5 h.
            ("王伟", 2, 1, Some(0.5), Some(2.0), Some(0.5), None),
            // Handled also counts T6 (created the week before, 72 h).
            (
                "(team)",
                5,
                4,
                Some(0.6),
                Some(1.875),
                Some(26.625),
                Some(3.5)
            ),
        ]
    );
    assert_eq!(
        d.agents[0].received.filter,
        "created:2026-11-23..2026-11-27 assignee:=李娜"
    );
    assert_eq!(
        d.agents[2].handled.filter,
        "resolved:2026-11-23..2026-11-27"
    );
    // Without a scope the table is `report agents` of the same days.
    let (a, b) = period().bounds(&w.desk.config);
    let (agents, team) = w.desk.agent_performance(a, b).unwrap();
    for (row, perf) in d.agents.iter().zip(agents.iter().chain([&team])) {
        assert_eq!(row.received.n, perf.received, "{}", row.name);
        assert_eq!(row.handled.n, perf.handled, "{}", row.name);
        assert_eq!(row.resolution_rate, perf.resolution_rate);
        assert_eq!(
            row.mean_first_response_hours,
            perf.mean_first_response_hours
        );
        assert_eq!(row.mean_resolution_hours, perf.mean_resolution_hours);
        assert_eq!((row.csat, row.csat_rated), (perf.csat, perf.csat_rated));
    }
}

#[test]
fn a_scope_narrows_every_chart() {
    let w = tagged();
    let d = dash(
        &w,
        Scope {
            ty: Some("technical".into()),
            ..Default::default()
        },
    );
    assert_eq!(d.scope_filter, "type:technical");
    assert_eq!(d.tiles.open_now.n, 1); // T2
    assert_eq!(d.tiles.open_now.filter, "is:open type:technical");
    assert_eq!((d.tiles.backlog.start.n, d.tiles.backlog.end.n), (1, 1));
    let totals: Vec<i64> = d.volume.days.iter().map(|x| x.total.n).collect();
    assert_eq!(totals, vec![2, 0, 1, 0, 0]);
    assert_eq!(
        d.categories[0].current.filter,
        "created:2026-11-23..2026-11-27 type:technical"
    );
    let group = dash(
        &w,
        Scope {
            group: Some("customer_care".into()),
            ..Default::default()
        },
    );
    assert_eq!(group.volume.days[0].total.n, 1); // T3, routed as a complaint
                                                 // Technical tickets go to the default group.
    let tech = dash(
        &w,
        Scope {
            group: Some("technical".into()),
            channel: Some(crate::domain::ticket::Channel::Phone),
            ..Default::default()
        },
    );
    assert_eq!(tech.volume.days[0].total.n, 1); // T1
    assert_eq!(tech.volume.channels, ["phone"]);
    assert_eq!(
        tech.volume.days[0].by_channel[0].filter,
        "created:2026-11-23 channel:phone group:technical"
    );
    let none = dash(
        &w,
        Scope {
            group: Some("none".into()),
            ..Default::default()
        },
    );
    assert_eq!(none.tiles.open_now.n, 0);
    assert!(w
        .desk
        .dashboard(
            period(),
            Scope {
                ty: Some("nonsense".into()),
                ..Default::default()
            }
        )
        .is_err());
}

/// The ticket list agrees with every number: its count query, and paging through it.
fn check_drill_downs(w: &Week, d: &Dashboard) {
    let counts = d.counts();
    assert!(counts.len() > 200, "{}", counts.len());
    for (place, c) in counts {
        let f = Filter::parse(&c.filter).unwrap_or_else(|e| panic!("{place}: {}: {e}", c.filter));
        let n = w
            .desk
            .count_tickets(&f)
            .unwrap_or_else(|e| panic!("{place}: {}: {e}", c.filter));
        assert_eq!(n, c.n, "{place}: {} counts {n}", c.filter);
        let mut listed = 0;
        let mut after = None;
        loop {
            let page = w
                .desk
                .list_tickets(&f, SortKey::Id, true, after, 2)
                .unwrap();
            listed += page.rows.len() as i64;
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(listed, c.n, "{place}: {} lists {listed}", c.filter);
    }
}

#[test]
fn every_drill_down_lists_exactly_the_tickets_counted() {
    let w = tagged();
    check_drill_downs(&w, &dash(&w, Scope::default()));
    for scope in [
        Scope {
            ty: Some("technical".into()),
            ..Default::default()
        },
        Scope {
            group: Some("none".into()),
            channel: Some(crate::domain::ticket::Channel::Email),
            ..Default::default()
        },
        Scope {
            group: Some("customer_care".into()),
            ..Default::default()
        },
    ] {
        check_drill_downs(&w, &dash(&w, scope));
    }
    // A longer period reaching back before any ticket, in Chinese.
    let mut w = w;
    w.desk.config.ui.language = "zh".into();
    let d = w
        .desk
        .dashboard(
            Period {
                from: day(1),
                to: day(30),
            },
            Scope::default(),
        )
        .unwrap();
    assert_eq!(d.agents.last().unwrap().name, "(团队)");
    check_drill_downs(&w, &d);
}
