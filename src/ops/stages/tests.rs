//! Moves and their undo on a temporary database with a fixed clock: undo goes through
//! the same stage path as a move and puts back exactly what the move replaced.

use crate::config::Config;
use crate::domain::ticket::Ticket;
use crate::ops::{Desk, TicketInput};

const T0: i64 = 1_795_000_000;
const MIN: i64 = 60;

fn desk(dir: &tempfile::TempDir, actor: &str) -> Desk {
    let mut d = Desk::open(&dir.path().join("u.db"), Config::builtin(), actor).unwrap();
    d.set_now(Some(T0));
    d
}

fn new_ticket(d: &mut Desk) -> i64 {
    d.create_ticket(TicketInput {
        title: "打印机卡纸 printer jam".into(),
        ty: Some("technical".into()),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn at(d: &mut Desk, minutes: i64) -> &mut Desk {
    d.set_now(Some(T0 + minutes * MIN));
    d
}

fn times(t: &Ticket) -> (Option<i64>, Option<i64>, Option<i64>) {
    (t.resolved_at, t.closed_at, t.first_response_at)
}

#[test]
fn undo_after_close_restores_closed_at_and_first_response() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = desk(&dir, "李娜");
    let id = new_ticket(&mut d);
    at(&mut d, 5).move_ticket(id, "analysing", None).unwrap();
    let before = d.ticket(id).unwrap();
    assert_eq!(times(&before), (None, None, None), "nobody answered yet");
    // Closing implies a resolution and a first response, both at the close.
    let closed = at(&mut d, 30).move_ticket(id, "closed", None).unwrap();
    let t30 = Some(T0 + 30 * MIN);
    assert_eq!(times(&closed), (t30, t30, t30));
    // Undone later: the ticket is as it was before the close, first response included.
    let undone = at(&mut d, 40)
        .undo_move(id, "analysing", closed.version)
        .unwrap();
    assert_eq!(undone.stage, "analysing");
    assert_eq!(times(&undone), times(&before));
    assert_eq!(undone.version, closed.version + 1);
    assert_eq!(undone, d.ticket(id).unwrap(), "returned as written");
    let last = d.ticket_history(id).unwrap().pop().unwrap();
    assert_eq!(
        (
            last.action.as_str(),
            last.old.as_deref(),
            last.new.as_deref()
        ),
        ("move", Some("closed"), Some("analysing"))
    );
}

#[test]
fn undo_of_a_reopen_puts_back_when_it_was_resolved_and_closed() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = desk(&dir, "李娜");
    let id = new_ticket(&mut d);
    at(&mut d, 10).move_ticket(id, "resolved", None).unwrap();
    let closed = at(&mut d, 20).move_ticket(id, "closed", None).unwrap();
    let (t10, t20) = (Some(T0 + 10 * MIN), Some(T0 + 20 * MIN));
    assert_eq!(times(&closed), (t10, t20, t10));
    let reopened = at(&mut d, 60).move_ticket(id, "in_progress", None).unwrap();
    assert_eq!(times(&reopened), (None, None, t10));
    // An hour later the reopen is undone: closed as before, not "closed now".
    let undone = at(&mut d, 120)
        .undo_move(id, "closed", reopened.version)
        .unwrap();
    assert_eq!(undone.stage, "closed");
    assert_eq!(times(&undone), (t10, t20, t10));
}

#[test]
fn undo_of_a_move_made_elsewhere_follows_the_stage_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut alice = desk(&dir, "alice");
    let id = new_ticket(&mut alice);
    let moved = at(&mut alice, 10)
        .move_ticket(id, "resolved", None)
        .unwrap();
    // Bob's console did not make the move: the rules of a move back decide the times.
    let mut bob = desk(&dir, "bob");
    let undone = at(&mut bob, 15)
        .undo_move(id, "new", moved.version)
        .unwrap();
    assert_eq!(undone.stage, "new");
    let t10 = Some(T0 + 10 * MIN);
    assert_eq!(times(&undone), (None, None, t10));
    // And moving it to resolved again by undo stamps the rule's resolution time.
    let again = at(&mut bob, 20)
        .undo_move(id, "resolved", undone.version)
        .unwrap();
    assert_eq!(times(&again), (Some(T0 + 20 * MIN), None, t10));
}

#[test]
fn a_stale_undo_is_a_conflict_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = desk(&dir, "李娜");
    let id = new_ticket(&mut d);
    let moved = at(&mut d, 10).move_ticket(id, "closed", None).unwrap();
    let mut other = desk(&dir, "王伟");
    at(&mut other, 11)
        .edit_ticket(
            id,
            crate::ops::TicketEdit {
                priority: Some("high".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let e = at(&mut d, 12)
        .undo_move(id, "new", moved.version)
        .unwrap_err();
    assert!(e.is_conflict() && e.to_string().contains("王伟"), "{e}");
    assert_eq!(d.ticket(id).unwrap().stage, "closed");
}
