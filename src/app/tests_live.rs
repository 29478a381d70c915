//! The live queue (issue 15 item 1): tickets that arrive while the list is open
//! show at the top with the cursor on the same ticket, or on an "N new" line when
//! the user has scrolled; unread customer activity is marked until opened.

use super::msg::{Effect, Msg, NewCheck, Slot, TicketsFx, TicketsMsg};
use super::panes::tickets::list::tests::view;
use super::tests::{key, loaded};
use super::{handle, start, State};
use crate::tui::headless::buffer_text;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn screen(s: &State) -> String {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| crate::ui::render(s, f)).unwrap();
    buffer_text(term.backend().buffer())
}

/// `loaded()` (tickets 50…1) after the first look, which saw ticket 50 as the newest.
fn watching() -> State {
    let mut s = loaded();
    arrive(&mut s, &[], 50, &[]);
    s
}

fn arrive(s: &mut State, ids: &[i64], newest: i64, unread: &[i64]) -> Vec<Effect> {
    let gen = s.tickets.list.gen;
    handle(
        s,
        Msg::Tickets(TicketsMsg::New {
            gen,
            rows: ids.iter().map(|&i| view(i)).collect(),
            more: false,
            newest,
            unread: unread.to_vec(),
        }),
    )
}

/// The two cells before ticket `id`'s row: the cursor and the mark.
fn lead(text: &str, id: i64) -> String {
    let line = text
        .lines()
        .find(|l| l.ends_with(&format!("工单 {id}")))
        .unwrap_or_else(|| panic!("no row {id}:\n{text}"));
    line.chars().take(2).collect()
}

fn ids(s: &State) -> Vec<i64> {
    s.tickets.list.rows.iter().map(|r| r.ticket.id).collect()
}

fn selected(s: &State) -> i64 {
    s.tickets.list.current().unwrap().ticket.id
}

#[test]
fn a_new_list_learns_the_newest_ticket_before_its_first_page() {
    let mut s = super::tests::state();
    let fx = start(&mut s);
    let gen = s.tickets.list.gen;
    let check = fx
        .iter()
        .position(|e| {
            *e == Effect::Tickets(TicketsFx::CheckNew(NewCheck {
                gen,
                filter: Default::default(),
                above: None,
            }))
        })
        .expect("a first look");
    let page = fx
        .iter()
        .position(|e| matches!(e, Effect::Tickets(TicketsFx::LoadPage(_))))
        .unwrap();
    assert!(check < page, "{fx:?}");
}

#[test]
fn another_process_committing_looks_for_tickets_above_the_newest_seen() {
    let mut s = watching();
    let fx = handle(&mut s, Msg::DataChanged);
    let gen = s.tickets.list.gen;
    let looks: Vec<&Effect> = fx
        .iter()
        .filter(|e| matches!(e, Effect::Tickets(TicketsFx::CheckNew(_))))
        .collect();
    assert_eq!(
        looks,
        vec![&Effect::Tickets(TicketsFx::CheckNew(NewCheck {
            gen,
            filter: Default::default(),
            above: Some(50),
        }))]
    );
    // After the reload of the visible rows (so the new ones land on top of them),
    // before the count (which then includes them).
    let at = |f: fn(&Effect) -> bool| fx.iter().position(f).unwrap();
    let look = at(|e| matches!(e, Effect::Tickets(TicketsFx::CheckNew(_))));
    assert!(at(|e| matches!(e, Effect::Tickets(TicketsFx::LoadPage(_)))) < look);
    assert!(look < at(|e| matches!(e, Effect::Tickets(TicketsFx::Count { .. }))));
}

#[test]
fn new_tickets_go_on_top_and_the_cursor_stays_on_its_ticket() {
    let mut s = watching();
    key(&mut s, "j j");
    assert_eq!(selected(&s), 48);
    let fx = arrive(&mut s, &[52, 51], 52, &[52]);
    assert!(fx.is_empty(), "no reload: {fx:?}");
    assert_eq!(&ids(&s)[..4], &[52, 51, 50, 49]);
    assert_eq!(selected(&s), 48, "the cursor stays on its ticket");
    assert_eq!(s.tickets.list.fresh, 0);
    // The next look starts above the newest one.
    let fx = handle(&mut s, Msg::DataChanged);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Tickets(TicketsFx::CheckNew(NewCheck {
            above: Some(52),
            ..
        }))
    )));
    let text = screen(&s);
    assert_eq!(lead(&text, 52), " N", "52 is marked unread:\n{text}");
    assert_eq!(lead(&text, 51), "  ", "{text}");
}

#[test]
fn a_ticket_that_came_with_a_page_is_not_added_twice() {
    let mut s = watching();
    let fx = arrive(&mut s, &[50], 50, &[]);
    assert!(fx.is_empty());
    assert_eq!(ids(&s).iter().filter(|&&i| i == 50).count(), 1);
}

#[test]
fn scrolled_away_the_new_tickets_wait_on_a_line_until_dot() {
    let mut s = watching();
    let h = s.list_height();
    key(&mut s, "C-d C-d");
    assert!(s.tickets.list.offset > 0, "scrolled");
    let before = ids(&s);
    let sel = selected(&s);
    arrive(&mut s, &[53, 52, 51], 53, &[]);
    assert_eq!(ids(&s), before, "the rows do not move under the reader");
    assert_eq!(selected(&s), sel);
    assert_eq!(s.tickets.list.fresh, 3);
    let text = screen(&s);
    assert!(text.contains("3 new — press . to show"), "{text}");
    let fx = key(&mut s, ".");
    let Some(Effect::Tickets(TicketsFx::LoadPage(req))) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!((req.slot, req.after.is_none()), (Slot::Reset, true));
    let gen = s.tickets.list.gen;
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Page {
            gen,
            slot: Slot::Reset,
            rows: (1..=53).rev().map(view).take(h * 2).collect(),
            more: false,
            unread: Vec::new(),
        }),
    );
    assert_eq!(selected(&s), 53);
    assert_eq!(s.tickets.list.fresh, 0);
    assert!(!screen(&s).contains("new — press"));
}

#[test]
fn scrolling_back_to_the_top_by_hand_clears_the_line() {
    let mut s = watching();
    key(&mut s, "C-d C-d");
    arrive(&mut s, &[51], 51, &[]);
    assert_eq!(s.tickets.list.fresh, 1);
    key(&mut s, "g g");
    assert_eq!(s.tickets.list.fresh, 0);
}

#[test]
fn a_list_in_another_order_reloads_its_top_keeping_the_selection() {
    let mut s = watching();
    s.tickets.list.sort = crate::store::tickets::SortKey::Priority;
    key(&mut s, "j");
    let fx = arrive(&mut s, &[51], 51, &[]);
    let [Effect::Tickets(TicketsFx::LoadPage(req))] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(req.after, None);
    assert_eq!(req.slot, Slot::Reload { keep: Some(49) });
}

#[test]
fn a_look_for_an_older_list_is_dropped() {
    let mut s = watching();
    let old = s.tickets.list.gen;
    key(&mut s, "\\");
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::New {
            gen: old,
            rows: vec![view(51)],
            more: false,
            newest: 51,
            unread: Vec::new(),
        }),
    );
    assert!(!ids(&s).contains(&51));
}

#[test]
fn unread_customer_activity_is_marked_until_the_ticket_is_opened() {
    let mut s = loaded();
    let gen = s.tickets.list.gen;
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Page {
            gen,
            slot: Slot::Reload { keep: Some(50) },
            rows: (1..=50).rev().map(view).collect(),
            more: false,
            unread: vec![50, 47],
        }),
    );
    let text = screen(&s);
    assert_eq!(lead(&text, 50), ">N", "{text}");
    assert_eq!(lead(&text, 47), " N", "{text}");
    assert_eq!(lead(&text, 49), "  ", "{text}");
    let fx = key(&mut s, "enter");
    assert!(fx.contains(&Effect::Tickets(TicketsFx::LoadDetail { id: 50 })));
    key(&mut s, "esc");
    let text = screen(&s);
    assert_eq!(lead(&text, 50), "> ", "opened is read:\n{text}");
    assert_eq!(lead(&text, 47), " N", "{text}");
}
