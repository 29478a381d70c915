//! Saying what is wrong instead of doing nothing (issue 15 item 6): unknown palette
//! commands, ticket numbers in the palette, demo data on a full database, a bad
//! filter with the one in force still shown, an empty title.

use super::chrome::Overlay;
use super::command::CommandError;
use super::msg::{
    DbStatus, Effect, Failure, Msg, Note, Problem, TicketsFx, TicketsMsg, TicketsNote,
};
use super::tests::{enter, key, loaded, typed};
use crate::domain::filter::FilterProblem;
use crate::tui::headless::buffer_text;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn screen(s: &super::State) -> String {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| crate::ui::render(s, f)).unwrap();
    buffer_text(term.backend().buffer())
}

#[test]
fn an_unknown_palette_command_is_refused_naming_the_nearest_one() {
    let mut s = loaded();
    key(&mut s, ":");
    typed(&mut s, "asgn");
    let fx = enter(&mut s);
    assert!(fx.is_empty(), "nothing runs: {fx:?}");
    let Overlay::Palette(p) = &s.overlay else {
        panic!("the palette stays open")
    };
    assert_eq!(
        p.error,
        Some(CommandError::DidYouMean {
            name: "asgn".into(),
            nearest: "assign"
        })
    );
    assert!(screen(&s).contains("unknown command 'asgn' — did you mean assign?"));
    // Moving to a suggestion and pressing Enter runs it.
    key(&mut s, "down up");
    enter(&mut s);
    assert!(matches!(s.overlay, Overlay::Picker(_)), "the assign picker");
}

#[test]
fn a_ticket_number_in_the_palette_opens_that_ticket() {
    let mut s = loaded();
    key(&mut s, ":");
    typed(&mut s, "1000001");
    let fx = enter(&mut s);
    assert!(fx.contains(&Effect::Tickets(TicketsFx::LoadDetail { id: 1_000_001 })));
    assert_eq!(s.tickets.detail.as_ref().map(|d| d.id), Some(1_000_001));
    // It does not exist: the empty detail closes and the toast says why.
    let failure = Failure::new(
        Problem::NotFound {
            what: "ticket".into(),
            key: "1000001".into(),
        },
        "ticket 1000001 not found",
    );
    handle_msg(
        &mut s,
        TicketsMsg::DetailFailed {
            id: 1_000_001,
            failure: failure.clone(),
        },
    );
    assert!(s.tickets.detail.is_none());
    assert!(s
        .toasts
        .iter()
        .any(|t| t.note == Note::Failed(failure.clone())));
}

fn handle_msg(s: &mut super::State, m: TicketsMsg) -> Vec<Effect> {
    super::handle(s, Msg::Tickets(m))
}

#[test]
fn demo_on_a_database_with_tickets_says_why_it_does_nothing() {
    let mut s = loaded();
    key(&mut s, ":");
    typed(&mut s, "demo");
    let fx = enter(&mut s);
    assert!(!fx.contains(&Effect::LoadDemo));
    assert!(s
        .toasts
        .iter()
        .any(|t| t.note == Note::DemoNotEmpty { total: 50 }));
    assert!(screen(&s).contains("demo data only goes into an empty database"));
    // An empty one still loads it.
    super::handle(&mut s, Msg::Status(DbStatus::default()));
    s.tickets.list.rows.clear();
    key(&mut s, "d");
    assert!(s.starting);
}

#[test]
fn a_misspelt_filter_field_is_said_and_the_filter_in_force_stays_shown() {
    let mut s = loaded();
    key(&mut s, ":");
    typed(&mut s, "filter stage:new");
    enter(&mut s);
    key(&mut s, ":");
    typed(&mut s, "filter priorty:high");
    let fx = enter(&mut s);
    assert!(fx.is_empty(), "no reload: {fx:?}");
    let bad = s.toasts.iter().find_map(|t| match &t.note {
        Note::Tickets(TicketsNote::BadFilter(e)) => Some(e.problem.clone()),
        _ => None,
    });
    assert!(
        matches!(
            bad,
            Some(FilterProblem::UnknownField {
                nearest: Some("priority"),
                ..
            })
        ),
        "{bad:?}"
    );
    assert_eq!(s.tickets.list.filter_text, "stage:new");
    let text = screen(&s);
    assert!(text.contains("did you mean priority:?"), "{text}");
    let status = text.lines().rev().find(|l| !l.is_empty()).unwrap_or("");
    assert!(status.contains("stage:new"), "{status}");
    // The same in the `/` prompt: shown while typing, not applied.
    key(&mut s, "/");
    key(&mut s, "C-u");
    typed(&mut s, "priorty:high");
    assert!(screen(&s).contains("did you mean priority:?"));
    enter(&mut s);
    key(&mut s, "esc");
    assert_eq!(s.tickets.list.filter_text, "stage:new");
}

#[test]
fn an_empty_title_in_the_new_ticket_form_is_refused_with_a_message() {
    let mut s = loaded();
    key(&mut s, "c");
    typed(&mut s, "   ");
    let fx = key(&mut s, "C-s");
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::Tickets(TicketsFx::Create(_)))),
        "{fx:?}"
    );
    let Overlay::Form(f) = &s.overlay else {
        panic!("the form stays")
    };
    assert_eq!(f.error, Some(Note::Tickets(TicketsNote::TitleNeeded)));
    assert!(screen(&s).contains("a ticket needs a title"));
}
