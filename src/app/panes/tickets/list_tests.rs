use super::*;
use crate::domain::ticket::{Channel, Priority};

pub(crate) fn view(id: i64) -> TicketView {
    TicketView {
        ticket: Ticket {
            id,
            title: format!("工单 {id}"),
            body: String::new(),
            stage: "new".into(),
            ty: "technical".into(),
            priority: Priority::Normal,
            channel: Channel::Email,
            customer_id: None,
            customer: None,
            assignee_id: None,
            assignee: None,
            created_at: 1_700_000_000 + id,
            updated_at: 1_700_000_000 + id,
            updated_by: "test".into(),
            first_response_at: None,
            resolved_at: None,
            closed_at: None,
            first_response_due: Some(1_700_100_000),
            resolution_due: Some(1_700_200_000 + id),
            next_due: Some(1_700_200_000 + id),
            version: 1,
        },
        sla: crate::domain::sla::SlaState::Ok,
        stage_kind: Some(crate::domain::workflow::StageKind::Open),
    }
}

fn page(ids: impl Iterator<Item = i64>) -> Vec<TicketView> {
    ids.map(view).collect()
}

fn request(fx: &[TicketsFx]) -> &PageRequest {
    match fx.iter().find(|f| !matches!(f, TicketsFx::CheckNew(_))) {
        Some(TicketsFx::LoadPage(r)) => r,
        other => panic!("{other:?}"),
    }
}

#[test]
fn reset_asks_for_the_first_page_and_a_count() {
    let mut l = TicketList::default();
    let fx = l.reset();
    assert_eq!(fx.len(), 3);
    // The live queue starts watching before the first page is read.
    assert!(matches!(&fx[0], TicketsFx::CheckNew(c) if c.above.is_none()));
    let r = request(&fx);
    assert_eq!(
        (r.slot, r.after.clone(), r.limit),
        (Slot::Reset, None, FIRST_PAGE)
    );
    assert!(matches!(fx[2], TicketsFx::Count { .. }));
}

#[test]
fn stepping_near_the_end_loads_the_next_page_with_a_keyset_cursor() {
    let mut l = TicketList::default();
    l.reset();
    l.apply_page(Slot::Reset, page((1..=100).rev()), true, 20);
    assert!(l.step(50, 20).is_empty());
    let fx = l.step(40, 20);
    let r = request(&fx);
    assert_eq!(r.slot, Slot::Append);
    // Sorted by id descending: the cursor is the last row's id.
    assert_eq!(r.after, Some(Cursor::of(&view(1).ticket, SortKey::Id)));
    assert!(l.loading);
    l.apply_page(Slot::Append, page((-99..=0).rev()), false, 20);
    assert_eq!(l.rows.len(), 200);
    assert!(!l.more_after);
}

#[test]
fn the_window_stays_bounded_and_loads_backwards() {
    let mut l = TicketList::default();
    l.reset();
    l.apply_page(Slot::Reset, page(0..PAGE as i64), true, 20);
    let mut next = PAGE as i64;
    for _ in 0..10 {
        let sel = l.rows.len() - 1;
        l.select(sel, 20);
        let fx = l.prefetch(20);
        assert_eq!(request(&fx).slot, Slot::Append);
        l.apply_page(Slot::Append, page(next..next + PAGE as i64), true, 20);
        next += PAGE as i64;
    }
    assert!(l.rows.len() <= WINDOW, "{}", l.rows.len());
    assert!(l.more_before);
    assert_eq!(l.first_index + l.rows.len() as i64, next);
    l.select(0, 20);
    let fx = l.prefetch(20);
    let r = request(&fx);
    assert_eq!(r.slot, Slot::Prepend);
    assert!(!r.descending, "a prepend queries the other way");
    let first = l.rows[0].ticket.id;
    let before: Vec<i64> = (first - PAGE as i64..first).rev().collect();
    l.apply_page(Slot::Prepend, page(before.into_iter()), true, 20);
    assert_eq!(l.rows[0].ticket.id, first - PAGE as i64);
    assert_eq!(l.current().unwrap().ticket.id, first);
}

#[test]
fn reload_keeps_the_selected_ticket_when_rows_shift() {
    let mut l = TicketList::default();
    l.reset();
    l.apply_page(Slot::Reset, page(1..=50), false, 10);
    l.step(12, 10);
    assert_eq!(l.current().unwrap().ticket.id, 13);
    let top = l.rows[l.offset].ticket.id;
    let fx = l.reload(10);
    let r = request(&fx);
    // Inclusive of the top row: one id before it in the query's direction.
    assert_eq!(r.after.as_ref().unwrap().id(), top + 1);
    // Someone inserted a row above ours: the selection follows the ticket.
    let mut rows = page(top..=top + 2);
    rows.insert(1, view(999));
    rows.extend(page(top + 3..=50));
    l.apply_page(Slot::Reload { keep: Some(13) }, rows, false, 10);
    assert_eq!(l.current().unwrap().ticket.id, 13);
}

#[test]
fn bottom_loads_the_last_page_in_reverse() {
    let mut l = TicketList::default();
    l.reset();
    l.total = Some(1000);
    l.apply_page(Slot::Reset, page(1..=100), true, 20);
    let fx = l.bottom(20);
    let r = request(&fx);
    assert_eq!((r.slot, r.descending), (Slot::Bottom, false));
    l.apply_page(Slot::Bottom, page((901..=1000).rev()), true, 20);
    assert_eq!(l.current().unwrap().ticket.id, 1000);
    assert_eq!(l.position(), 1000);
    assert!(l.more_before && !l.more_after);
}

#[test]
fn due_countdown_is_the_next_due_the_engine_stored() {
    // Not the first-response or resolution column: the one `sla next` orders by.
    let mut v = view(7);
    v.ticket.next_due = Some(1_700_050_000);
    assert_eq!(due_of(&v), Some(1_700_050_000));
    v.stage_kind = Some(crate::domain::workflow::StageKind::Resolved);
    assert_eq!(due_of(&v), None);
}

#[test]
fn a_first_page_shorter_than_a_tall_screen_is_filled_at_once() {
    let mut l = TicketList::default();
    l.reset();
    l.apply_page(Slot::Reset, page((1..=FIRST_PAGE as i64).rev()), true, 60);
    let fx = l.prefetch(60);
    let r = request(&fx);
    assert_eq!((r.slot, r.limit), (Slot::Append, PAGE));
    // A screen the first page fills asks for nothing more yet.
    let mut l = TicketList::default();
    l.reset();
    l.apply_page(Slot::Reset, page((1..=FIRST_PAGE as i64).rev()), true, 30);
    assert!(l.prefetch(30).is_empty());
}
