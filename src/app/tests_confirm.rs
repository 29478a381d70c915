//! Asking before the customer is told (issue 15 items 2 and 11): a reply, a move or
//! type change into a stage with a customer update, and a macro that replies are
//! previewed with send / edit / cancel; an internal note or a silent change is not.

use super::chrome::{ConfirmKind, Overlay};
use super::handle;
use super::keys::Context;
use super::msg::{Change, EditorFor, Effect, Msg, Note, TicketsFx, TicketsNote};
use super::tests::{enter, key, loaded, typed, writes};

fn confirm_kind(s: &super::State) -> ConfirmKind {
    match &s.overlay {
        Overlay::Confirm(c) => c.kind.clone(),
        other => panic!("no confirm dialog: {other:?}"),
    }
}

#[test]
fn a_reply_is_previewed_and_sent_only_on_send() {
    let mut s = loaded();
    key(&mut s, "r");
    typed(&mut s, "已安排工程师上门");
    assert!(enter(&mut s).is_empty(), "nothing goes before the preview");
    assert_eq!(s.contexts(), vec![Context::Confirm]);
    assert_eq!(confirm_kind(&s), ConfirmKind::Reply { expected: Some(1) });
    let (w, _) = writes(&key(&mut s, "y"));
    assert_eq!(
        w[0].change,
        Change::Comment {
            text: "已安排工程师上门".into(),
            internal: false
        }
    );
    assert!(!s.overlay.is_open());
}

#[test]
fn cancel_keeps_the_reply_as_a_draft_and_edit_reopens_it_in_the_editor() {
    let mut s = loaded();
    let fx = key(&mut s, ":");
    assert!(fx.is_empty());
    typed(&mut s, "reply 稍后回电");
    assert!(enter(&mut s).is_empty());
    assert!(matches!(confirm_kind(&s), ConfirmKind::Reply { .. }));
    assert!(key(&mut s, "n").is_empty(), "cancel sends nothing");
    assert_eq!(s.drafts.get(&(50, false)).unwrap(), "稍后回电");
    assert!(s
        .toasts
        .iter()
        .any(|t| t.note == Note::Tickets(TicketsNote::DraftKept { id: 50 })));
    // Again, then edit: $EDITOR on the same text for the same ticket and version.
    key(&mut s, "r");
    enter(&mut s);
    let fx = key(&mut s, "e");
    assert_eq!(
        fx,
        vec![Effect::Editor {
            text: "稍后回电".into(),
            purpose: EditorFor::Comment {
                id: 50,
                internal: false,
                expected: Some(1)
            }
        }]
    );
}

#[test]
fn text_back_from_the_editor_is_previewed_before_it_goes() {
    let mut s = loaded();
    let purpose = EditorFor::Comment {
        id: 50,
        internal: false,
        expected: Some(1),
    };
    let fx = handle(
        &mut s,
        Msg::EditorDone {
            purpose,
            text: Ok("Thanks, a new roller is on its way.".into()),
        },
    );
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::Tickets(TicketsFx::Write { .. }))),
        "{fx:?}"
    );
    assert!(matches!(confirm_kind(&s), ConfirmKind::Reply { .. }));
    assert_eq!(
        s.drafts.get(&(50, false)).unwrap(),
        "Thanks, a new roller is on its way."
    );
    assert!(!writes(&key(&mut s, "enter")).0.is_empty());
    // A note is the team's own: no preview.
    let fx = handle(
        &mut s,
        Msg::EditorDone {
            purpose: EditorFor::Comment {
                id: 50,
                internal: true,
                expected: Some(1),
            },
            text: Ok("客户很着急".into()),
        },
    );
    assert!(!writes(&fx).0.is_empty());
    assert!(!s.overlay.is_open());
}

#[test]
fn a_type_change_that_sends_the_complaint_update_asks_first() {
    let mut s = loaded();
    key(&mut s, ":");
    typed(&mut s, "type complaint");
    assert!(enter(&mut s).is_empty(), "no write before the answer");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert!(matches!(&c.kind, ConfirmKind::Update { .. }));
    assert!(c.text.contains("#50"), "placeholders filled: {}", c.text);
    // Cancel: nothing changes, and the user is told.
    assert!(key(&mut s, "esc").is_empty());
    assert!(s
        .toasts
        .iter()
        .any(|t| t.note == Note::Tickets(TicketsNote::NotSent { id: 50 })));
    // Again, and send: the write goes.
    key(&mut s, ":");
    typed(&mut s, "type complaint");
    enter(&mut s);
    let (w, _) = writes(&key(&mut s, "y"));
    assert_eq!(w[0].change, Change::Type("complaint".into()));
}

#[test]
fn silent_changes_and_notes_go_at_once() {
    let mut s = loaded();
    key(&mut s, ":");
    typed(&mut s, "priority high");
    assert!(!writes(&enter(&mut s)).0.is_empty());
    key(&mut s, ":");
    typed(&mut s, "note 内部备注");
    assert!(!writes(&enter(&mut s)).0.is_empty());
    // A move into a stage without an update (the technical flow has none).
    key(&mut s, ":");
    typed(&mut s, "move analysing");
    assert!(!writes(&enter(&mut s)).0.is_empty());
    assert!(!s.overlay.is_open());
}

#[test]
fn a_macro_that_replies_shows_its_filled_reply() {
    let mut s = loaded();
    key(&mut s, ":");
    typed(&mut s, "macro take-urgent");
    assert!(enter(&mut s).is_empty());
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert!(matches!(&c.kind, ConfirmKind::Macro { .. }));
    assert!(!c.text.contains('{'), "placeholders filled: {}", c.text);
    let fx = key(&mut s, "y");
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Tickets(TicketsFx::ApplyMacro { macro_id, .. }) if macro_id == "take-urgent"
    )));
}

#[test]
fn the_macro_picker_names_stages_in_the_consoles_language() {
    let mut s = loaded();
    s.lang = super::Lang::Zh;
    key(&mut s, ":");
    typed(&mut s, "macro");
    enter(&mut s);
    let Overlay::Picker(p) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    let hint = &p
        .items
        .iter()
        .find(|i| i.value == "ask-info")
        .expect("ask-info macro")
        .hint;
    assert!(hint.contains("→ 等待客户"), "{hint}");
    assert!(!hint.contains("waiting_customer"), "{hint}");
}
