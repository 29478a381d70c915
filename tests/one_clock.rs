//! One clock for due times: sorting a list by due (the console's `g b`, `ticket list
//! --sort due`) follows the order of `sla next`, open work first, and the due time a
//! row carries is the engine's next limit.

use aftercare::config::Config;
use aftercare::domain::filter::Filter;
use aftercare::ops::{Desk, TicketInput};
use aftercare::store::tickets::SortKey;

/// Monday 2026-03-02 09:00 in Shanghai (01:00 UTC), inside business hours.
const MONDAY: i64 = 1_772_413_200;
const H: i64 = 3600;

fn input(title: &str, priority: &str) -> TicketInput {
    TicketInput {
        title: title.into(),
        body: "设备无法开机".into(),
        customer: None,
        new_customer: false,
        channel: None,
        ty: None,
        priority: Some(priority.into()),
        assignee: None,
    }
}

#[test]
fn sorting_by_due_follows_sla_next_with_open_tickets_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("c.db"), Config::builtin(), "李娜").unwrap();
    d.set_now(Some(MONDAY));
    // Urgent first: its resolution (8 business hours) is the earliest of all, but
    // once answered and analysed its next limit falls after the newer tickets'.
    let urgent = d
        .create_ticket(input("服务器宕机 urgent", "urgent"))
        .unwrap();
    d.comment(urgent.id, "已收到，工程师处理中", false, None)
        .unwrap();
    d.set_now(Some(MONDAY + H / 2));
    let normal = d
        .create_ticket(input("打印机卡纸 normal", "normal"))
        .unwrap();
    d.set_now(Some(MONDAY + H));
    let low = d.create_ticket(input("咨询保修 low", "low")).unwrap();
    let done = d.create_ticket(input("已解决 done", "high")).unwrap();
    let flow = d.config.workflow.flow_for(&done.ty).clone();
    let resolved = flow
        .stages
        .iter()
        .find(|s| s.kind == aftercare::domain::workflow::StageKind::Resolved)
        .map(|s| s.id.clone())
        .unwrap();
    for stage in flow.path(&done.stage, &resolved).unwrap().iter().skip(1) {
        d.move_ticket(done.id, stage, None).unwrap();
    }
    d.set_now(Some(MONDAY + 2 * H));

    let next: Vec<i64> = d.sla_next(10).unwrap().iter().map(|(t, _)| t.id).collect();
    let page = d
        .list_tickets(&Filter::parse("").unwrap(), SortKey::Due, false, None, 10)
        .unwrap();
    let by_due: Vec<i64> = page.rows.iter().map(|t| t.id).collect();
    assert_eq!(
        by_due[..next.len()],
        next[..],
        "list {by_due:?} vs sla next {next:?}"
    );
    assert_eq!(
        by_due.last(),
        Some(&done.id),
        "done work sorts last: {by_due:?}"
    );
    assert!(next.contains(&urgent.id) && next.contains(&normal.id) && next.contains(&low.id));
    // The due time each row carries is the engine's next limit.
    for (t, st) in d.sla_next(10).unwrap() {
        let row = page.rows.iter().find(|r| r.id == t.id).unwrap();
        assert_eq!(row.next_due, st.next_due, "#{}", t.id);
    }
}
