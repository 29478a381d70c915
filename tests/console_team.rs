//! The Team pane (workload table with a per-day heatmap) and the ranked assign
//! picker: snapshots at 80×24 and 120×40 with Chinese names and fixed data, plus the
//! whole path through a real database (ranking, auto-assign, timers).

use aftercare::app::chrome::Overlay;
use aftercare::app::command::ArgKind;
use aftercare::app::keys::Key;
use aftercare::app::msg::{
    Change, DbStatus, Effect, Msg, Slot, TeamFx, TeamMsg, TicketsFx, TicketsMsg,
};
use aftercare::app::{handle, start, update, Command, Lang, State};
use aftercare::config::Config;
use aftercare::domain::records::Agent;
use aftercare::domain::sla::SlaState;
use aftercare::domain::team::{DayStatus, Skill};
use aftercare::domain::ticket::{Channel, Priority, Ticket};
use aftercare::domain::workflow::StageKind;
use aftercare::domain::workload::{build_grid, share, AgentPlan, Ranked, WorkItem, WorkKind};
use aftercare::ops::{AgentLoad, Ranking, TeamWorkload, TicketView};
use aftercare::tui::headless::buffer_text;
use chrono::NaiveDate;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// 2026-03-02 (a Monday) 10:00 in Shanghai.
const NOW: i64 = 1_772_416_800;
const H: i64 = 3600;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn agents() -> Vec<Agent> {
    let a = |id, name: &str, groups: &[&str], skills: &[&str], active| Agent {
        id,
        name: name.into(),
        groups: groups.iter().map(|s| s.to_string()).collect(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        capacity_hours: 40.0,
        active,
        ..Default::default()
    };
    vec![
        a(1, "Alice", &["technical"], &["printer:4"], true),
        a(2, "李娜", &["complaints"], &["投诉:5", "complaint:4"], true),
        a(3, "王伟", &["logistics"], &["物流:4"], true),
        a(4, "欧阳娜娜", &["complaints"], &["投诉:3"], true),
        a(5, "张敏", &["sales"], &[], false),
    ]
}

/// Three weeks from Monday 2 March: 王伟 is swamped both weeks (flagged), 李娜 is
/// over next week only, 欧阳娜娜 is out of office until 5 March.
fn workload() -> TeamWorkload {
    let today = day(2);
    let n = 21;
    let weekdays: Vec<bool> = (0..n).map(|i| i % 7 < 5).collect();
    let item = |kind, hours, from: u32, due: u32| WorkItem {
        kind,
        hours,
        from: day(from),
        due: day(due),
    };
    let plan = |id, name: &str, available: Vec<bool>, items| AgentPlan {
        agent_id: id,
        name: name.into(),
        day_capacity: 8.0,
        available,
        items,
    };
    let mut ooo = weekdays.clone();
    for d in ooo.iter_mut().take(3) {
        *d = false;
    }
    let plans = vec![
        plan(
            1,
            "Alice",
            weekdays.clone(),
            vec![item(WorkKind::Ticket, 30.0, 2, 6)],
        ),
        plan(
            2,
            "李娜",
            weekdays.clone(),
            vec![
                item(WorkKind::Ticket, 10.0, 2, 4),
                item(WorkKind::Task, 50.0, 9, 13),
            ],
        ),
        plan(
            3,
            "王伟",
            weekdays.clone(),
            vec![
                item(WorkKind::Ticket, 60.0, 2, 6),
                item(WorkKind::Task, 55.0, 9, 13),
            ],
        ),
        plan(4, "欧阳娜娜", ooo, vec![item(WorkKind::Task, 14.0, 5, 6)]),
    ];
    let grid = build_grid(today, n, &plans, 3);
    let all = agents();
    let mut loads = Vec::new();
    let facts = [
        (7, 1, 0, 2, 0, DayStatus::Working, None),
        (12, 2, 1, 3, 1, DayStatus::Working, None),
        (31, 4, 3, 1, 0, DayStatus::Working, None),
        (2, 0, 0, 1, 0, DayStatus::OutOfOffice, Some(day(5))),
    ];
    for (i, (open, near, past, due, late, today_st, back)) in facts.into_iter().enumerate() {
        let (th, kh, cap) = grid.rows[i].totals(10);
        loads.push(AgentLoad {
            agent: all[i].clone(),
            open_tickets: open,
            near_sla: near,
            past_sla: past,
            ticket_hours: th,
            task_hours: kh,
            capacity_hours: cap,
            share: share(th + kh, cap),
            tasks_due: due,
            tasks_late: late,
            today: today_st,
            back_on: back,
            row: i,
        });
    }
    TeamWorkload {
        today,
        window_days: 10,
        agents: loads,
        grid,
    }
}

fn complaint() -> TicketView {
    TicketView {
        ticket: Ticket {
            id: 2001,
            title: "快递员态度恶劣，投诉 complaint".into(),
            body: "客户投诉送货延误。".into(),
            stage: "new".into(),
            ty: "complaint".into(),
            priority: Priority::High,
            channel: Channel::Phone,
            customer: Some("小米".into()),
            customer_id: Some(1),
            assignee_id: None,
            assignee: None,
            created_at: NOW - H,
            updated_at: NOW - H,
            updated_by: "李娜".into(),
            first_response_at: None,
            resolved_at: None,
            closed_at: None,
            first_response_due: Some(NOW + H),
            resolution_due: Some(NOW + 20 * H),
            next_due: Some(NOW + 20 * H),
            version: 1,
        },
        sla: SlaState::Ok,
        stage_kind: Some(StageKind::Open),
    }
}

fn ranking() -> Ranking {
    let r = |id, name: &str, score, load: f64, skills: &[(&str, u8)], today, in_group| Ranked {
        agent_id: id,
        name: name.into(),
        score,
        skill_score: 0.0,
        load_score: 0.0,
        load_share: Some(load),
        open_tickets: 0,
        matched: skills
            .iter()
            .map(|(n, l)| Skill {
                name: n.to_string(),
                level: *l,
            })
            .collect(),
        available: today != DayStatus::OutOfOffice,
        today,
        in_group,
        reasons: Vec::new(),
    };
    Ranking {
        ticket_id: 2001,
        group: Some("complaints".into()),
        round_robin: false,
        ranked: vec![
            r(
                2,
                "李娜",
                0.71,
                0.62,
                &[("投诉", 5), ("complaint", 4)],
                DayStatus::Working,
                true,
            ),
            r(
                4,
                "欧阳娜娜",
                0.55,
                0.1,
                &[("投诉", 3)],
                DayStatus::OutOfOffice,
                true,
            ),
        ],
    }
}

fn state(width: u16, height: u16) -> State {
    let mut s = State::new(&Config::builtin(), "李娜", NOW, (width, height));
    s.time_zone = Some(chrono_tz::Asia::Shanghai);
    s.lang = Lang::Zh;
    start(&mut s);
    handle(
        &mut s,
        Msg::Status(DbStatus {
            journal_mode: "wal".into(),
            total: 1,
            ..Default::default()
        }),
    );
    handle(&mut s, Msg::Agents(agents()));
    let gen = s.tickets.list.gen;
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Page {
            gen,
            slot: Slot::Reset,
            rows: vec![complaint()],
            more: false,
            unread: Vec::new(),
        }),
    );
    s
}

fn keys(s: &mut State, seq: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for k in Key::parse_seq(seq).unwrap() {
        fx.extend(handle(s, Msg::Key(k)));
    }
    fx
}

fn screen(s: &State) -> String {
    let (w, h) = s.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| aftercare::ui::render(s, f)).unwrap();
    buffer_text(term.backend().buffer())
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn team_pane_shows_load_and_a_heatmap_with_overload_flagged() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        let fx = keys(&mut s, "4");
        assert!(fx.contains(&Effect::Team(TeamFx::LoadWorkload { weeks: 3 })));
        handle(&mut s, Msg::Team(TeamMsg::Workload(Box::new(workload()))));
        keys(&mut s, "j j");
        let text = screen(&s);
        assert!(text.contains("!王伟"), "the overloaded streak is flagged");
        assert!(text.contains("本周超负荷：王伟"), "{text}");
        insta::assert_snapshot!(format!("team_workload_{w}x{h}"), text);
    }
}

#[test]
fn team_pane_in_english_before_and_after_loading() {
    let mut s = state(120, 40);
    s.lang = Lang::En;
    keys(&mut s, "4");
    assert!(screen(&s).contains("loading workload"));
    handle(&mut s, Msg::Team(TeamMsg::Workload(Box::new(workload()))));
    let text = screen(&s);
    assert!(text.contains("this week"));
    assert!(text.contains("away→3/5"), "{text}");
    // A click lands on the row drawn there (李娜 is on screen row 3).
    handle(
        &mut s,
        Msg::Mouse(aftercare::app::msg::Mouse::Click { column: 5, row: 3 }),
    );
    assert_eq!(s.team.cursor.selected, 1);
    assert!(screen(&s).lines().nth(3).unwrap().starts_with(">"));
    // Enter on an agent still filters the tickets to them.
    keys(&mut s, "j enter");
    assert_eq!(s.tickets.list.filter_text, "assignee:\"王伟\" is:open");
}

#[test]
fn assign_picker_shows_the_ranking_best_first() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        let fx = keys(&mut s, "a");
        assert!(fx.contains(&Effect::Tickets(TicketsFx::LoadRanking { id: 2001 })));
        handle(
            &mut s,
            Msg::Tickets(TicketsMsg::Ranking(Box::new(ranking()))),
        );
        let Overlay::Picker(p) = &s.overlay else {
            panic!("the picker is open")
        };
        assert_eq!(p.kind, ArgKind::Agent);
        let order: Vec<&str> = p
            .matches
            .iter()
            .map(|i| p.items[*i].value.as_str())
            .collect();
        assert_eq!(order, ["李娜", "欧阳娜娜", "Alice", "王伟"]);
        insta::assert_snapshot!(format!("team_assign_picker_{w}x{h}"), screen(&s));
        // Two keystrokes: `a`, then Enter assigns the best person.
        let fx = keys(&mut s, "enter");
        let Some(Effect::Tickets(TicketsFx::Write { writes, .. })) = fx.first() else {
            panic!("a write: {fx:?}")
        };
        assert_eq!(writes[0].change, Change::Assign(Some("李娜".into())));
        assert_eq!(writes[0].expected, Some(1));
    }
}

#[test]
fn a_known_ranking_orders_the_picker_at_once_and_a_stale_one_is_ignored() {
    let mut s = state(80, 24);
    let mut other = ranking();
    other.ticket_id = 9;
    handle(&mut s, Msg::Tickets(TicketsMsg::Ranking(Box::new(other))));
    keys(&mut s, "a");
    let Overlay::Picker(p) = &s.overlay else {
        panic!()
    };
    assert_eq!(
        p.chosen().unwrap().value,
        "Alice",
        "not this ticket's ranking"
    );
    keys(&mut s, "esc");
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Ranking(Box::new(ranking()))),
    );
    keys(&mut s, "a");
    let Overlay::Picker(p) = &s.overlay else {
        panic!()
    };
    assert_eq!(p.chosen().unwrap().value, "李娜");
}

#[test]
fn assign_auto_and_timers_are_commands_with_keys() {
    let mut s = state(80, 24);
    assert_eq!(
        keys(&mut s, "@"),
        vec![Effect::Tickets(TicketsFx::AutoAssign {
            targets: vec![(2001, Some(1))]
        })]
    );
    assert_eq!(
        keys(&mut s, "T"),
        vec![Effect::Team(TeamFx::TimerStart { id: 2001 })]
    );
    assert_eq!(keys(&mut s, "C-t"), vec![Effect::Team(TeamFx::TimerStop)]);
    assert_eq!(
        update(&mut s, Command::parse("assign-auto").unwrap()),
        vec![Effect::Tickets(TicketsFx::AutoAssign {
            targets: vec![(2001, Some(1))]
        })]
    );
    // Without a ticket there is nothing to assign or time.
    keys(&mut s, "4");
    assert!(keys(&mut s, "@").is_empty());
}

#[test]
fn the_status_bar_shows_the_running_timer() {
    let mut s = state(120, 40);
    handle(
        &mut s,
        Msg::Team(TeamMsg::Timer {
            timer: Some(aftercare::domain::timelog::Timer {
                agent_id: 2,
                agent: "李娜".into(),
                work: aftercare::domain::timelog::WorkRef::Ticket(2001),
                title: None,
                started_at: NOW - 25 * 60,
                note: String::new(),
            }),
            note: None,
        }),
    );
    let text = screen(&s);
    assert!(
        text.lines().last().unwrap().contains("▶ #2001 0:25"),
        "{text}"
    );
}

mod real {
    //! The same commands against a real database through the headless console.
    use super::*;
    use aftercare::ops::{Desk, TicketInput};
    use aftercare::tui::headless::Headless;

    fn desk(dir: &tempfile::TempDir) -> Desk {
        let mut d = Desk::open(&dir.path().join("t.db"), Config::builtin(), "李娜").unwrap();
        d.set_now(Some(NOW));
        for (name, skills) in [("李娜", vec!["complaint:5"]), ("王伟", vec!["物流:4"])] {
            d.create_agent(aftercare::ops::AgentInput {
                name: name.into(),
                email: None,
                groups: Vec::new(),
                skills: skills.iter().map(|s| s.to_string()).collect(),
                capacity_hours: None,
            })
            .unwrap();
        }
        d.create_ticket(TicketInput {
            title: "投诉：快递员态度恶劣".into(),
            body: "complaint".into(),
            customer: None,
            new_customer: false,
            channel: None,
            ty: Some("complaint".into()),
            priority: Some("high".into()),
            assignee: None,
        })
        .unwrap();
        d
    }

    #[test]
    fn ranking_auto_assign_undo_and_timers_run_through_ops() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = Headless::new(desk(&dir), 120, 40);
        h.start();
        h.send(Msg::Key(Key::ch('a')));
        let Overlay::Picker(p) = &h.state.overlay else {
            panic!("picker")
        };
        assert_eq!(p.chosen().unwrap().value, "李娜", "skill match ranks first");
        h.send(Msg::Key(Key::parse_seq("esc").unwrap()[0]));
        h.send(Msg::Key(Key::ch('@')));
        let t = h
            .desk
            .ticket(h.state.tickets.list.rows[0].ticket.id)
            .unwrap();
        assert_eq!(t.assignee.as_deref(), Some("李娜"));
        assert!(
            !h.state.tickets.undo.is_empty(),
            "auto-assign can be undone"
        );
        h.send(Msg::Key(Key::ch('T')));
        assert!(h.state.team.timer.is_some());
        h.send(Msg::Key(Key::parse_seq("C-t").unwrap()[0]));
        assert!(h.state.team.timer.is_none());
        // Stopping again fails with a message, not a panic.
        h.send(Msg::Key(Key::parse_seq("C-t").unwrap()[0]));
        assert!(!h.state.toasts.is_empty());
        h.send(Msg::Key(Key::ch('4')));
        assert!(h.state.team.workload.is_some());
        h.draw();
        assert!(h.screen().contains("王伟"));
    }
}
