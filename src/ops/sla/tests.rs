//! SLA, escalation, complaint, macro, satisfaction and visit operations on a temporary
//! database with a fixed clock (Asia/Shanghai, Mon–Fri 09:00–18:00, the built-in config).

use crate::config::Config;
use crate::domain::sla::SlaState;
use crate::ops::{AgentInput, Desk, TicketEdit, TicketInput, VisitDue};
use crate::store::audit;
use chrono::TimeZone;

fn sh(d: u32, h: u32, m: u32) -> i64 {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .timestamp()
}

struct T {
    desk: Desk,
    _dir: tempfile::TempDir,
}

impl T {
    fn new() -> T {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("t.db"), Config::builtin(), "李娜").unwrap();
        desk.set_now(Some(sh(23, 8, 0)));
        for name in ["李娜", "王伟"] {
            desk.create_agent(AgentInput {
                name: name.into(),
                ..Default::default()
            })
            .unwrap();
        }
        T { desk, _dir: dir }
    }

    fn at(&mut self, d: u32, h: u32, m: u32) -> &mut Desk {
        self.desk.set_now(Some(sh(d, h, m)));
        &mut self.desk
    }

    fn ticket(&mut self, ty: &str, prio: &str) -> i64 {
        self.desk
            .create_ticket(TicketInput {
                title: "打印机卡纸".into(),
                ty: Some(ty.into()),
                priority: Some(prio.into()),
                customer: Some("华为".into()),
                new_customer: true,
                ..Default::default()
            })
            .unwrap()
            .id
    }

    fn actions(&self, id: i64) -> Vec<String> {
        audit::history(self.desk.store.conn(), "ticket", id)
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect()
    }
}

#[test]
fn due_columns_follow_pauses_and_priority_changes() {
    let mut t = T::new();
    t.at(23, 9, 0);
    let id = t.ticket("technical", "high");
    let tk = t.desk.ticket(id).unwrap();
    assert_eq!(tk.first_response_due, Some(sh(23, 11, 0)));
    assert_eq!(
        tk.resolution_due,
        Some(sh(25, 15, 0)),
        "24h: Mon 9h, Tue 9h, Wed 6h"
    );
    t.at(23, 10, 0)
        .move_ticket(id, "waiting_customer", None)
        .unwrap();
    let tk = t.desk.ticket(id).unwrap();
    assert_eq!(tk.resolution_due, None, "paused: no due time");
    assert_eq!(t.desk.ticket_view(tk).sla, SlaState::None);
    t.at(25, 10, 0)
        .move_ticket(id, "in_progress", None)
        .unwrap();
    // 23h left from Wednesday 10:00: Wed 8h, Thu 9h, Fri 6h.
    assert_eq!(
        t.desk.ticket(id).unwrap().resolution_due,
        Some(sh(27, 15, 0))
    );
    let edit = TicketEdit {
        priority: Some("urgent".into()),
        ..Default::default()
    };
    t.at(25, 11, 0).edit_ticket(id, edit, None).unwrap();
    // Urgent: 8h, 1h used before the pause → 7h from Wednesday 10:00.
    let tk = t.desk.ticket(id).unwrap();
    assert_eq!(tk.resolution_due, Some(sh(25, 17, 0)));
    assert_eq!(
        t.desk.ticket_view(tk).sla,
        SlaState::Breached,
        "first response (1h) long gone"
    );
    let s = t.desk.sla_status(id).unwrap();
    assert!(
        s.reason.to_string().contains("first response overdue"),
        "{}",
        s.reason
    );
    assert!(
        s.reason
            .to_string()
            .contains("paused 2d0h in waiting_customer"),
        "{}",
        s.reason
    );
}

#[test]
fn a_reply_stops_the_first_response_clock_in_the_stored_columns() {
    let mut t = T::new();
    t.at(23, 9, 0);
    let id = t.ticket("technical", "normal");
    let due_before: i64 = t
        .desk
        .store
        .conn()
        .query_row(
            "SELECT sla_due_at FROM tickets WHERE id = ?1",
            &[&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(due_before, sh(23, 13, 0), "the first response is due first");
    t.at(23, 9, 30).comment(id, "收到", false, None).unwrap();
    let due_after: i64 = t
        .desk
        .store
        .conn()
        .query_row(
            "SELECT sla_due_at FROM tickets WHERE id = ?1",
            &[&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        due_after,
        t.desk.ticket(id).unwrap().resolution_due.unwrap()
    );
}

#[test]
fn escalations_fire_once_per_occasion() {
    let mut t = T::new();
    t.at(23, 9, 0);
    let id = t.ticket("technical", "high");
    assert!(t.at(23, 10, 0).sla_escalate(false).unwrap().is_empty());
    // 10:40: the first response (2h) is past its 75% warning.
    let dry = t.at(23, 10, 40).sla_escalate(true).unwrap();
    assert_eq!(dry.len(), 1);
    assert!(!dry[0].applied);
    assert!(
        t.desk.escalations(id).unwrap().is_empty(),
        "a dry run writes nothing"
    );
    let run = t.desk.sla_escalate(false).unwrap();
    assert_eq!(
        (run[0].rule.as_str(), run[0].occasion.as_str()),
        ("flag-warning", "warning")
    );
    assert!(run[0].applied);
    assert!(
        t.desk.sla_escalate(false).unwrap().is_empty(),
        "never twice"
    );
    assert_eq!(t.desk.flagged(&[id, 99]).unwrap(), vec![id]);
    // 11:05: breached → raised to urgent, once.
    let run = t.at(23, 11, 5).sla_escalate(false).unwrap();
    assert_eq!(run.len(), 1);
    assert_eq!(run[0].rule, "raise-on-breach");
    assert_eq!(run[0].detail, "high → urgent");
    let tk = t.desk.ticket(id).unwrap();
    assert_eq!(tk.priority.as_str(), "urgent");
    assert_eq!(tk.version, 2);
    assert!(t.at(24, 11, 0).sla_escalate(false).unwrap().is_empty());
    // A bounded run works a backlog off in steps.
    let more: Vec<i64> = (0..3).map(|_| t.ticket("technical", "normal")).collect();
    t.at(25, 11, 0);
    let mut runs = Vec::new();
    loop {
        let n = t.desk.sla_escalate_up_to(false, 2).unwrap().len();
        if n == 0 {
            break;
        }
        runs.push(n);
    }
    // Three raised (breach), and the same three flagged once high (in warning).
    assert!(runs.iter().all(|n| *n <= 2), "{runs:?}");
    assert_eq!(runs.iter().sum::<usize>(), 6);
    assert!(more
        .iter()
        .all(|id| t.desk.ticket(*id).unwrap().priority.as_str() == "high"));
    let esc: Vec<String> = audit::history(t.desk.store.conn(), "ticket", id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "escalate")
        .map(|e| {
            format!(
                "{}:{}",
                e.field.unwrap_or_default(),
                e.new.unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(esc, ["flag:flag-warning: warning", "priority:urgent"]);
    assert!(t.desk.db_check().unwrap().is_empty());
}

#[test]
fn stage_limit_escalation_fires_again_on_a_new_visit() {
    let mut t = T::new();
    t.at(23, 9, 0);
    let id = t.ticket("complaint", "low");
    t.at(23, 9, 30)
        .comment(id, "已收到您的投诉", false, None)
        .unwrap();
    // 'accepted' has a 2h limit.
    let run = t.at(23, 11, 30).sla_escalate(false).unwrap();
    let stage: Vec<&str> = run
        .iter()
        .filter(|o| o.rule == "complaint-stage-late")
        .map(|o| o.occasion.as_str())
        .collect();
    assert_eq!(stage, [format!("stage:accepted@{}", sh(23, 9, 0))]);
    assert!(t.desk.sla_escalate(false).unwrap().is_empty());
    // Back to investigating (16h limit) after a proposal: a new visit, a new occasion.
    t.at(23, 12, 0)
        .move_ticket(id, "investigating", None)
        .unwrap();
    t.at(23, 13, 0)
        .move_ticket(id, "solution_proposed", None)
        .unwrap();
    t.at(23, 14, 0)
        .move_ticket(id, "investigating", None)
        .unwrap();
    assert!(t.at(24, 9, 0).sla_escalate(false).unwrap().is_empty());
    let run = t.at(25, 13, 0).sla_escalate(false).unwrap();
    assert_eq!(run.len(), 1);
    assert_eq!(
        run[0].occasion,
        format!("stage:investigating@{}", sh(23, 14, 0))
    );
}

#[test]
fn assign_escalation_reports_an_unknown_agent_and_retries() {
    let mut t = T::new();
    t.desk.config.service.escalations = vec![crate::domain::escalation::EscalationRule {
        id: "to-lead".into(),
        when: crate::domain::escalation::When::Breached,
        priorities: vec![],
        types: vec![],
        action: crate::domain::escalation::Action::Assign("张敏".into()),
    }];
    t.at(23, 9, 0);
    let id = t.ticket("technical", "urgent");
    let run = t.at(23, 10, 30).sla_escalate(false).unwrap();
    assert!(
        run[0].error.as_deref().unwrap().contains("not found"),
        "{run:?}"
    );
    t.desk
        .create_agent(AgentInput {
            name: "张敏".into(),
            ..Default::default()
        })
        .unwrap();
    let run = t.desk.sla_escalate(false).unwrap();
    assert!(run[0].applied);
    assert_eq!(t.desk.ticket(id).unwrap().assignee.as_deref(), Some("张敏"));
    assert!(t.desk.sla_escalate(false).unwrap().is_empty());
}

#[test]
fn complaints_tell_the_customer_at_every_step() {
    let mut t = T::new();
    t.at(23, 9, 0);
    let id = t.ticket("complaint", "high");
    t.at(23, 9, 10).assign(id, Some("王伟"), None).unwrap();
    t.at(23, 9, 30)
        .move_ticket(id, "investigating", None)
        .unwrap();
    t.at(23, 10, 0)
        .comment(id, "非常抱歉，我们正在核实", false, None)
        .unwrap();
    t.at(23, 10, 5)
        .comment(id, "内部：联系网点", true, None)
        .unwrap();
    let p = t.desk.progress(id).unwrap();
    let kinds: Vec<(&str, &str)> = p.iter().map(|e| (e.kind, e.stage.as_str())).collect();
    assert_eq!(
        kinds,
        [
            ("update", "accepted"),
            ("update", "investigating"),
            ("reply", "investigating")
        ]
    );
    assert!(
        p[0].text.contains(&format!("您的投诉（工单 #{id}）已受理")),
        "{}",
        p[0].text
    );
    assert!(p[0].text.contains("Your complaint"), "{}", p[0].text);
    assert!(p[1].text.contains("负责人：王伟"), "{}", p[1].text);
    assert!(p[1].text.contains("in charge: 王伟"), "{}", p[1].text);
    // The automatic updates are not the first response; the agent's reply is.
    assert_eq!(
        t.desk.ticket(id).unwrap().first_response_at,
        Some(sh(23, 10, 0))
    );
    assert_eq!(t.actions(id).iter().filter(|a| *a == "notify").count(), 2);
    // A technical ticket gets no automatic updates.
    let tech = t.ticket("technical", "normal");
    t.at(23, 11, 0)
        .move_ticket(tech, "analysing", None)
        .unwrap();
    assert!(t.desk.progress(tech).unwrap().is_empty());
}

#[test]
fn macros_apply_everything_in_one_version() {
    let mut t = T::new();
    t.at(23, 9, 0);
    let id = t.ticket("technical", "normal");
    let tk = t.at(23, 9, 5).apply_macro(id, "take-urgent", None).unwrap();
    assert_eq!(tk.version, 2);
    assert_eq!(tk.priority.as_str(), "urgent");
    assert_eq!(tk.assignee.as_deref(), Some("李娜"));
    assert_eq!(tk.first_response_at, Some(sh(23, 9, 5)));
    let actions = t.actions(id);
    assert_eq!(&actions[actions.len() - 3..], ["edit", "assign", "reply"]);
    let c = t.desk.comments(id).unwrap();
    assert!(
        c[0].body.contains("您好，华为") && c[0].body.contains("李娜 正在处理"),
        "{}",
        c[0].body
    );
    // By the suggested key, with a stage move that pauses the clock.
    let tk = t.at(23, 9, 10).apply_macro(id, "M a", Some(2)).unwrap();
    assert_eq!((tk.stage.as_str(), tk.version), ("waiting_customer", 3));
    assert_eq!(tk.resolution_due, None);
    // Not allowed in the complaint flow: nothing changes.
    let cid = t.ticket("complaint", "normal");
    let e = t.desk.apply_macro(cid, "solve", None).unwrap_err();
    assert!(e.to_string().contains("macro 'solve'"), "{e}");
    assert_eq!(t.desk.ticket(cid).unwrap().version, 1);
    assert!(t
        .desk
        .apply_macro(id, "nope", None)
        .unwrap_err()
        .hint()
        .unwrap()
        .contains("take-urgent"));
    // A stale version is a conflict.
    assert!(t
        .desk
        .apply_macro(id, "solve", Some(1))
        .unwrap_err()
        .is_conflict());
}

#[test]
fn canned_replies_fill_placeholders() {
    let mut t = T::new();
    t.at(23, 9, 0);
    let id = t.ticket("technical", "normal");
    let text = t.desk.render_reply(id, "resolved").unwrap();
    assert!(
        text.starts_with(&format!("您好，华为：工单 #{id}「打印机卡纸」已处理完毕")),
        "{text}"
    );
    let c = t.desk.reply_with_template(id, "ack", None).unwrap().comment;
    assert!(!c.internal);
    assert!(t.desk.render_reply(id, "bogus").is_err());
}

#[test]
fn satisfaction_only_for_solved_tickets_and_rerating_is_audited() {
    let mut t = T::new();
    t.at(23, 9, 0);
    let id = t.ticket("technical", "normal");
    let e = t.desk.rate(id, 5, None, None).unwrap_err();
    assert!(e.to_string().contains("not resolved"), "{e}");
    assert!(
        e.hint().unwrap().contains("resolved or closed"),
        "{:?}",
        e.hint()
    );
    assert_eq!(t.desk.csat_due(10).unwrap().len(), 0);
    t.at(23, 10, 0).move_ticket(id, "resolved", None).unwrap();
    assert_eq!(t.desk.csat_due(10).unwrap()[0].id, id);
    assert!(t.desk.rate(id, 0, None, None).is_err());
    assert!(t.desk.rate(id, 6, None, None).is_err());
    let s = t.at(24, 10, 0).rate(id, 3, Some("一般"), None).unwrap();
    assert_eq!((s.score, s.version), (3, 1));
    let s = t.at(24, 11, 0).rate(id, 4, None, None).unwrap();
    assert_eq!((s.score, s.version, s.comment.as_str()), (4, 2, ""));
    assert!(t.desk.csat_due(10).unwrap().is_empty());
    let scores: Vec<(Option<String>, Option<String>)> =
        audit::history(t.desk.store.conn(), "ticket", id)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "csat" && e.field.as_deref() == Some("score"))
            .map(|e| (e.old, e.new))
            .collect();
    assert_eq!(
        scores,
        [
            (None, Some("3".into())),
            (Some("3".into()), Some("4".into()))
        ]
    );
}

#[test]
fn return_visits_today_overdue_and_done() {
    let mut t = T::new();
    t.at(23, 9, 0);
    let id = t.ticket("technical", "normal");
    t.desk.assign(id, Some("王伟"), None).unwrap();
    assert!(
        t.desk.schedule_visit(id, "2026-11-20", None, None).is_err(),
        "in the past"
    );
    assert!(t.desk.schedule_visit(id, "someday", None, None).is_err());
    let v = t
        .desk
        .schedule_visit(id, "today", None, Some("问问打印效果"))
        .unwrap();
    assert_eq!(v.assignee.as_deref(), Some("王伟"), "the ticket's assignee");
    let later = t.desk.schedule_visit(id, "3d", Some("李娜"), None).unwrap();
    assert_eq!(later.due_on.to_string(), "2026-11-26");
    assert_eq!(t.desk.visits(VisitDue::Today, None, 50).unwrap().len(), 1);
    assert_eq!(
        t.desk
            .visits(VisitDue::Today, Some("李娜"), 50)
            .unwrap()
            .len(),
        0
    );
    t.at(24, 9, 0);
    assert!(t.desk.visits(VisitDue::Today, None, 50).unwrap().is_empty());
    assert_eq!(
        t.desk.visits(VisitDue::Overdue, None, 50).unwrap()[0].id,
        v.id
    );
    let done = t.desk.finish_visit(v.id, Some("客户满意"), None).unwrap();
    assert_eq!(done.done_at, Some(sh(24, 9, 0)));
    assert!(
        t.desk.finish_visit(v.id, None, None).is_err(),
        "already done"
    );
    assert!(t
        .desk
        .finish_visit(later.id, None, Some(7))
        .unwrap_err()
        .is_conflict());
    assert_eq!(t.desk.visits(VisitDue::Open, None, 50).unwrap().len(), 1);
    assert_eq!(t.desk.visits(VisitDue::All, None, 50).unwrap().len(), 2);
    assert_eq!(t.desk.ticket_visits(id).unwrap().len(), 2);
    assert_eq!(t.actions(id).iter().filter(|a| *a == "visit").count(), 3);
}

#[test]
fn next_due_lists_what_breaches_first_and_recompute_restores_columns() {
    let mut t = T::new();
    t.at(23, 9, 0);
    let low = t.ticket("technical", "low");
    let urgent = t.ticket("technical", "urgent");
    t.at(23, 9, 5)
        .comment(urgent, "on it", false, None)
        .unwrap();
    t.at(23, 9, 10)
        .move_ticket(low, "waiting_customer", None)
        .unwrap();
    let next = t.at(23, 9, 30).sla_next(10).unwrap();
    let ids: Vec<i64> = next.iter().map(|(t, _)| t.id).collect();
    // The urgent one: stage 'new' limit 2h (11:00) before its resolution (17:00); the
    // low one is paused and has no stage limit in 'waiting_customer'.
    assert_eq!(ids, [urgent]);
    assert_eq!(next[0].1.next_due, Some(sh(23, 11, 0)));
    assert!(
        next[0]
            .1
            .reason
            .to_string()
            .starts_with("stage 'new' limit 2h, 1h30m left"),
        "{}",
        next[0].1.reason
    );
    let one = t.desk.sla_status(urgent).unwrap();
    let both = t
        .desk
        .sla_statuses(&[t.desk.ticket(urgent).unwrap()])
        .unwrap();
    assert_eq!(one, both[0]);
    t.desk
        .store
        .conn()
        .execute(
            "UPDATE tickets SET sla_due_at = NULL, stage_due = NULL, resolution_due = 1",
            &[],
        )
        .unwrap();
    assert!(t.desk.sla_next(10).unwrap().is_empty());
    let mut calls = 0;
    assert_eq!(t.desk.sla_recompute(&mut |_, _| calls += 1).unwrap(), 2);
    assert_eq!(calls, 1);
    assert_eq!(t.desk.sla_next(10).unwrap().len(), 1);
    assert_eq!(t.desk.ticket(low).unwrap().resolution_due, None);
}
