//! `update`/`handle` tests: keys and results in, state and effects out, with a fixed clock.

use super::chrome::Overlay;
use super::command::ArgKind;
use super::ctx::Pane;
use super::keys::{Context, Key, KeyCode};
use super::msg::{
    Change, DbStatus, Effect, Failure, Mouse, Msg, Note, Problem, Slot, TicketsFx, TicketsMsg,
    TicketsNote, Why, Write, WriteResult,
};
use super::panes::tickets::list::tests::view;
use super::{handle, start, State};
use crate::config::Config;
use crate::domain::records::Agent;
use crate::ops::TicketView;

pub(super) const NOW: i64 = 1_700_000_000;

pub(super) fn state() -> State {
    State::new(&Config::builtin(), "李娜", NOW, (100, 30))
}

pub(super) fn key(s: &mut State, k: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for k in Key::parse_seq(k).unwrap() {
        fx.extend(handle(s, Msg::Key(k)));
    }
    fx
}

pub(super) fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        handle(s, Msg::Key(Key::ch(c)));
    }
}

pub(super) fn enter(s: &mut State) -> Vec<Effect> {
    handle(s, Msg::Key(Key::plain(KeyCode::Enter)))
}

pub(super) fn agent(id: i64, name: &str, open: i64) -> Agent {
    Agent {
        id,
        name: name.into(),
        groups: vec!["technical".into()],
        active: true,
        open_tickets: open,
        ..Default::default()
    }
}

/// A state with a loaded first page of 50 tickets, newest first.
pub(super) fn loaded() -> State {
    let mut s = state();
    start(&mut s);
    handle(
        &mut s,
        Msg::Status(DbStatus {
            total: 50,
            ..Default::default()
        }),
    );
    handle(
        &mut s,
        Msg::Agents(vec![agent(1, "李娜", 3), agent(2, "王伟", 9)]),
    );
    let gen = s.tickets.list.gen;
    let rows: Vec<TicketView> = (1..=50).rev().map(view).collect();
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Page {
            gen,
            slot: Slot::Reset,
            rows,
            more: false,
            unread: Vec::new(),
        }),
    );
    s
}

pub(super) fn writes(fx: &[Effect]) -> (Vec<Write>, Why) {
    fx.iter()
        .find_map(|e| match e {
            Effect::Tickets(TicketsFx::Write { writes, why }) => Some((writes.clone(), *why)),
            _ => None,
        })
        .expect("a write")
}

pub(super) fn done(w: &Write, before: &TicketView, after_stage: &str) -> (Write, WriteResult) {
    let mut after = before.clone();
    after.ticket.stage = after_stage.into();
    after.ticket.version += 1;
    (
        w.clone(),
        WriteResult::Done {
            before: Box::new(before.ticket.clone()),
            after: Box::new(after),
        },
    )
}

#[test]
fn start_draws_first_and_asks_for_status_agents_and_the_first_page() {
    let mut s = state();
    let fx = start(&mut s);
    assert!(fx.contains(&Effect::LoadStatus));
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Tickets(TicketsFx::LoadPage(r)) if r.slot == Slot::Reset)));
    assert!(!s.welcome(), "no welcome before the status is known");
}

#[test]
fn an_empty_database_shows_the_welcome_and_loads_demo_data_with_one_key() {
    let mut s = state();
    start(&mut s);
    handle(&mut s, Msg::Status(DbStatus::default()));
    assert!(s.welcome());
    assert_eq!(s.contexts(), vec![Context::Welcome, Context::Global]);
    assert_eq!(key(&mut s, "d"), vec![Effect::LoadDemo]);
    let fx = handle(&mut s, Msg::DemoLoaded(Ok(())));
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Tickets(TicketsFx::LoadPage(_)))));
}

#[test]
fn navigation_moves_the_selection_and_sequences_pend_with_a_hint() {
    let mut s = loaded();
    key(&mut s, "j j");
    assert_eq!(s.tickets.list.current().unwrap().ticket.id, 48);
    key(&mut s, "g");
    assert_eq!(s.pending, vec![Key::ch('g')]);
    assert!(s.which_key.as_ref().is_some_and(|p| p
        .next
        .iter()
        .any(|(k, h)| *k == Key::ch('g') && h.name() == "top")));
    key(&mut s, "g");
    assert!(s.pending.is_empty() && s.which_key.is_none());
    assert_eq!(s.tickets.list.current().unwrap().ticket.id, 50);
    key(&mut s, "G");
    assert_eq!(s.tickets.list.current().unwrap().ticket.id, 1);
    key(&mut s, "g esc");
    assert!(s.pending.is_empty());
}

#[test]
fn move_offers_only_allowed_stages_and_writes_with_the_seen_version() {
    let mut s = loaded();
    key(&mut s, "m");
    let Overlay::Picker(p) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert_eq!(p.kind, ArgKind::Stage);
    let values: Vec<_> = p.items.iter().map(|i| i.value.as_str()).collect();
    assert_eq!(
        values,
        [
            "analysing",
            "in_progress",
            "waiting_customer",
            "resolved",
            "closed"
        ]
    );
    typed(&mut s, "resol");
    let fx = enter(&mut s);
    let (w, why) = writes(&fx);
    assert_eq!(why, Why::User);
    assert_eq!(w[0].id, 50);
    assert_eq!(w[0].expected, Some(1));
    assert_eq!(w[0].change, Change::Move("resolved".into()));
    assert!(matches!(s.overlay, Overlay::None));
}

#[test]
fn a_written_change_updates_the_row_and_can_be_undone_with_the_new_version() {
    let mut s = loaded();
    let fx = key(&mut s, "m");
    assert!(fx.is_empty());
    typed(&mut s, "in_progress");
    let (w, _) = writes(&enter(&mut s));
    let before = s.tickets.list.current().unwrap().clone();
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Written {
            why: Why::User,
            results: vec![done(&w[0], &before, "in_progress")],
        }),
    );
    assert_eq!(
        s.tickets.list.current().unwrap().ticket.stage,
        "in_progress"
    );
    assert!(s
        .toasts
        .iter()
        .any(|t| matches!(t.note, Note::Tickets(TicketsNote::Moved { n: 1, .. }))));
    let (u, why) = writes(&key(&mut s, "u"));
    assert_eq!(why, Why::Undo);
    assert_eq!(u[0].change, Change::Move("new".into()));
    assert_eq!(u[0].expected, Some(2));
}

#[test]
fn a_conflict_shows_both_versions_and_applies_mine_on_top_of_theirs() {
    let mut s = loaded();
    let (w, _) = writes(&key(&mut s, "A"));
    let mut theirs = s.tickets.list.current().unwrap().ticket.clone();
    theirs.version = 5;
    theirs.stage = "analysing".into();
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Written {
            why: Why::User,
            results: vec![(
                w[0].clone(),
                WriteResult::Conflict {
                    theirs: Box::new(theirs),
                    message: "ticket #50 was changed by 王伟".into(),
                },
            )],
        }),
    );
    let Overlay::Conflict(c) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert_eq!(c.mine.as_ref().unwrap().version, 1);
    assert_eq!(c.theirs.version, 5);
    assert_eq!(s.contexts(), vec![Context::Conflict]);
    let (retry, why) = writes(&key(&mut s, "m"));
    assert_eq!(why, Why::Retry);
    assert_eq!(retry[0].expected, Some(5));
    assert_eq!(retry[0].change, Change::Assign(None));
}

#[test]
fn typed_replies_are_kept_as_drafts_until_sent() {
    let mut s = loaded();
    key(&mut s, "r");
    typed(&mut s, "您好，已处理 thanks");
    key(&mut s, "esc");
    assert_eq!(s.drafts.get(&(50, false)).unwrap(), "您好，已处理 thanks");
    key(&mut s, "r");
    let Overlay::Prompt(p) = &s.overlay else {
        panic!()
    };
    assert_eq!(p.input.text, "您好，已处理 thanks");
    // The customer reads it: shown once more, sent with `y`.
    assert!(enter(&mut s).is_empty());
    assert!(matches!(s.overlay, Overlay::Confirm(_)));
    let (w, _) = writes(&key(&mut s, "y"));
    assert!(matches!(
        &w[0].change,
        Change::Comment {
            internal: false,
            ..
        }
    ));
    // A failed send keeps the draft.
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Written {
            why: Why::User,
            results: vec![(
                w[0].clone(),
                WriteResult::Failed(Failure::new(Problem::Database, "database is locked")),
            )],
        }),
    );
    assert!(s.drafts.contains_key(&(50, false)));
    assert!(s
        .toasts
        .iter()
        .any(|t| t.note == Note::Tickets(TicketsNote::DraftKept { id: 50 })));
    // A successful one clears it.
    let before = s.tickets.list.current().unwrap().clone();
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Written {
            why: Why::User,
            results: vec![done(&w[0], &before, "new")],
        }),
    );
    assert!(!s.drafts.contains_key(&(50, false)));
}

#[test]
fn the_palette_runs_commands_with_arguments() {
    let mut s = loaded();
    key(&mut s, ":");
    typed(&mut s, "move resolved");
    let (w, _) = writes(&enter(&mut s));
    assert_eq!(w[0].change, Change::Move("resolved".into()));
    key(&mut s, ":");
    typed(&mut s, "filter stage:new type:complaint");
    let fx = enter(&mut s);
    assert!(fx.iter().any(
        |e| matches!(e, Effect::Tickets(TicketsFx::LoadPage(r)) if r.filter.clauses.len() == 2)
    ));
    assert_eq!(s.tickets.list.filter_text, "stage:new type:complaint");
    key(&mut s, ":");
    typed(&mut s, "assign 王");
    let (w, _) = writes(&enter(&mut s));
    assert_eq!(w[0].change, Change::Assign(Some("王伟".into())));
}

#[test]
fn palette_completes_names_fuzzily() {
    let mut s = loaded();
    key(&mut s, ":");
    typed(&mut s, "asgn");
    let Overlay::Palette(p) = &s.overlay else {
        panic!()
    };
    assert_eq!(p.completions[0].label, "assign AGENT");
    key(&mut s, "tab");
    let Overlay::Palette(p) = &s.overlay else {
        panic!()
    };
    assert_eq!(p.input.text, "assign ");
    assert!(p.completions.iter().any(|c| c.label == "王伟"));
}

#[test]
fn a_bad_filter_is_shown_and_not_applied() {
    let mut s = loaded();
    key(&mut s, "/");
    typed(&mut s, "customer:\"华为");
    let Overlay::Prompt(p) = &s.overlay else {
        panic!()
    };
    assert!(p.error.is_some());
    let fx = enter(&mut s);
    assert!(fx.is_empty());
    assert!(s.tickets.list.filter_text.is_empty());
}

#[test]
fn bulk_assign_writes_every_marked_ticket() {
    let mut s = loaded();
    key(&mut s, "space space");
    assert_eq!(s.tickets.list.marked.len(), 2);
    key(&mut s, "a");
    let Overlay::Picker(p) = &s.overlay else {
        panic!()
    };
    assert_eq!(p.items[1].hint, "9 · technical", "open load shown");
    typed(&mut s, "李");
    let (w, _) = writes(&enter(&mut s));
    assert_eq!(w.iter().map(|w| w.id).collect::<Vec<_>>(), vec![49, 50]);
    assert!(w
        .iter()
        .all(|w| w.change == Change::Assign(Some("李娜".into()))));
}

#[test]
fn ticks_expire_toasts_and_refresh_sla_once_a_minute() {
    let mut s = loaded();
    s.toast(Note::Tickets(TicketsNote::NothingToUndo));
    assert!(handle(&mut s, Msg::Tick(NOW + 1)).is_empty());
    assert_eq!(s.toasts.len(), 1);
    let fx = handle(&mut s, Msg::Tick(NOW + 61));
    assert!(s.toasts.is_empty());
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Tickets(TicketsFx::LoadPage(r)) if matches!(r.slot, Slot::Reload { .. }))));
}

#[test]
fn changes_by_others_reload_around_the_selected_ticket() {
    let mut s = loaded();
    key(&mut s, "j j j");
    let fx = handle(&mut s, Msg::DataChanged);
    assert!(fx.iter().any(
        |e| matches!(e, Effect::Tickets(TicketsFx::LoadPage(r)) if r.slot == Slot::Reload { keep: Some(47) })
    ));
    assert!(fx.contains(&Effect::LoadStatus));
}

#[test]
fn help_lists_the_live_keys_of_the_pane() {
    let mut s = loaded();
    key(&mut s, "?");
    assert!(matches!(s.overlay, Overlay::Help { .. }));
    key(&mut s, "esc");
    assert!(matches!(s.overlay, Overlay::None));
}

#[test]
fn mouse_clicks_select_and_wheel_scrolls() {
    let mut s = loaded();
    handle(&mut s, Msg::Mouse(Mouse::Click { column: 10, row: 5 }));
    assert_eq!(s.tickets.list.selected, 3);
    handle(&mut s, Msg::Mouse(Mouse::ScrollDown));
    assert_eq!(s.tickets.list.offset, 3);
    handle(&mut s, Msg::Mouse(Mouse::Click { column: 20, row: 0 }));
    assert_eq!(s.pane, Pane::Projects);
}

#[test]
fn opening_a_ticket_loads_its_detail_and_q_goes_back() {
    let mut s = loaded();
    let fx = enter(&mut s);
    assert_eq!(fx, vec![Effect::Tickets(TicketsFx::LoadDetail { id: 50 })]);
    assert_eq!(s.contexts(), vec![Context::Detail, Context::Global]);
    key(&mut s, "q");
    assert!(s.tickets.detail.is_none() && !s.quit);
    key(&mut s, "q");
    assert!(s.quit);
}

#[test]
fn editor_text_is_sent_as_a_comment_and_kept_until_written() {
    let mut s = loaded();
    let fx = key(&mut s, "N");
    let purpose = match &fx[0] {
        Effect::Editor { purpose, .. } => purpose.clone(),
        other => panic!("{other:?}"),
    };
    let fx = handle(
        &mut s,
        Msg::EditorDone {
            purpose,
            text: Ok("长内部备注\n第二行\n".into()),
        },
    );
    let (w, _) = writes(&fx);
    assert!(
        matches!(&w[0].change, Change::Comment { internal: true, text } if text.contains("第二行"))
    );
    assert!(s.drafts.contains_key(&(50, true)));
}

#[test]
fn saved_views_apply_their_filter() {
    let mut s = loaded();
    key(&mut s, "v");
    assert!(matches!(&s.overlay, Overlay::Picker(p) if p.kind == ArgKind::ViewName));
    typed(&mut s, "breach");
    let fx = enter(&mut s);
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Tickets(TicketsFx::LoadPage(_)))));
    assert_eq!(s.tickets.list.filter_text, "is:breached");
}

#[test]
fn quitting_with_unsent_drafts_asks_once() {
    let mut s = loaded();
    key(&mut s, "r");
    typed(&mut s, "半截回复");
    key(&mut s, "esc");
    assert!(key(&mut s, "q").is_empty());
    assert!(!s.quit);
    assert!(s
        .toasts
        .iter()
        .any(|t| t.note == Note::UnsentDrafts { n: 1 }));
    assert_eq!(key(&mut s, "q"), vec![Effect::Quit]);
}

#[test]
fn configured_views_add_to_and_replace_the_built_in_ones() {
    let mut s = state();
    let n = s.tickets.views.len();
    s.add_views([
        (
            "breached".to_string(),
            "is:breached type:complaint".to_string(),
        ),
        ("华为".to_string(), "customer:华为 is:open".to_string()),
    ]);
    assert_eq!(s.tickets.views.len(), n + 1);
    key(&mut s, ":");
    typed(&mut s, "view 华为");
    enter(&mut s);
    assert_eq!(s.tickets.list.filter_text, "customer:华为 is:open");
}
