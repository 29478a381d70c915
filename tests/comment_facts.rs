//! A comment and the dashboard's facts (`ticket_facts`): an internal note changes none
//! of a fact's sources, nor does a reply after the first response, so the write leaves
//! the ticket's fact as it is (on SQLite it is not recomputed: five statements less per
//! `ticket comment`); the first reply sets the first response, so it is recomputed, and
//! so is a macro's reply that moves the stage. Either way the facts agree with the
//! tickets after every kind of comment.

mod common;

use aftercare::ops::{Desk, TicketInput};
use common::{on_both, Env};

fn new(desk: &mut Desk, title: &str) -> i64 {
    desk.create_ticket(TicketInput {
        title: title.into(),
        ty: Some("technical".into()),
        priority: Some("normal".into()),
        channel: Some("email".into()),
        ..Default::default()
    })
    .unwrap()
    .id
}

/// The fact's first response against the ticket's, as `(fact, ticket)`.
fn first_responses(env: &Env, id: i64) -> (i64, i64) {
    (
        env.sql_i64(&format!(
            "SELECT COALESCE(first_response_at, -1) FROM ticket_facts WHERE ticket_id = {id}"
        )),
        env.sql_i64(&format!(
            "SELECT COALESCE(first_response_at, -1) FROM tickets WHERE id = {id}"
        )),
    )
}

#[test]
fn an_internal_note_leaves_the_tickets_fact_unwritten() {
    let env = Env::new();
    let mut d = env.desk("tester");
    let a = new(&mut d, "打印机卡纸");
    // A mark only a recomputation would wipe out.
    env.sql(&format!(
        "UPDATE ticket_facts SET channel = 'marked' WHERE ticket_id = {a}"
    ));
    let channel = format!("SELECT channel = 'marked' FROM ticket_facts WHERE ticket_id = {a}");
    d.comment(a, "客户回电确认", true, None).unwrap();
    assert_eq!(
        env.sql_i64(&channel),
        1,
        "an internal note rewrote the fact"
    );
    assert_eq!(first_responses(&env, a), (-1, -1));
    // The first reply sets the first response: the fact is recomputed from the ticket.
    d.comment(a, "已安排工程师上门", false, None).unwrap();
    assert_eq!(env.sql_i64(&channel), 0, "a reply kept a stale fact");
    let (fact, ticket) = first_responses(&env, a);
    assert!(ticket > 0);
    assert_eq!(fact, ticket);
    assert!(d.db_check().unwrap().is_empty());
}

#[test]
fn a_later_reply_leaves_the_tickets_fact_unwritten() {
    let env = Env::new();
    let mut d = env.desk("tester");
    let a = new(&mut d, "发票抬头错了");
    d.set_now(Some(1_795_000_000));
    d.comment(a, "已收到，正在核对", false, None).unwrap();
    let first = first_responses(&env, a);
    assert_eq!(first, (1_795_000_000, 1_795_000_000));
    env.sql(&format!(
        "UPDATE ticket_facts SET channel = 'marked' WHERE ticket_id = {a}"
    ));
    let channel = format!("SELECT channel = 'marked' FROM ticket_facts WHERE ticket_id = {a}");
    d.set_now(Some(1_795_000_600));
    d.comment(a, "发票已重开", false, None).unwrap();
    assert_eq!(env.sql_i64(&channel), 1, "a later reply rewrote the fact");
    assert_eq!(first_responses(&env, a), first);
    // A macro's reply that also moves the stage: the move names the ticket.
    d.set_now(Some(1_795_001_200));
    d.apply_macro(a, "solve", None).unwrap();
    assert_eq!(env.sql_i64(&channel), 0, "a stage move kept a stale fact");
    assert_eq!(
        env.sql_i64(&format!(
            "SELECT stage = 'resolved' FROM ticket_facts WHERE ticket_id = {a}"
        )),
        1
    );
    assert!(d.db_check().unwrap().is_empty());
}

on_both! {
    fn the_facts_agree_with_the_tickets_after_every_kind_of_comment(env) {
        let mut d = env.desk("tester");
        let (a, b) = (new(&mut d, "发票 invoice"), new(&mut d, "VPN 连不上"));
        d.set_now(Some(1_795_000_000));
        let steps: [(i64, bool); 6] = [
            (a, true),  // a note before any reply: no first response
            (a, false), // the first reply: the first response is set
            (a, true),  // a note after it
            (a, false), // a later reply: the first response stays
            (b, false),
            (b, true),
        ];
        for (i, (id, internal)) in steps.into_iter().enumerate() {
            d.set_now(Some(1_795_000_000 + 600 * i as i64));
            d.comment(id, &format!("第 {i} 条"), internal, None).unwrap();
            let (fact, ticket) = first_responses(env, id);
            assert_eq!(fact, ticket, "step {i}");
            assert!(d.db_check().unwrap().is_empty(), "step {i}");
        }
        assert_eq!(first_responses(env, a).1, 1_795_000_600);
        assert_eq!(first_responses(env, b).1, 1_795_002_400);
        assert_ne!(
            env.sql_i64("SELECT value FROM counters WHERE name = 'dashboard:facts'"),
            0
        );
    }
}
