//! Small items of issue 15 item 12: the conflict dialog's "as you saw it" is the
//! version the change was made on (the one its message names) and "Theirs" shows the
//! title; the ticket detail scrolls to its last line and no further.

use super::chrome::Overlay;
use super::msg::{Msg, TicketsMsg, Why, WriteResult};
use super::tests::{key, loaded, writes};
use super::Lang;
use crate::tui::headless::buffer_text;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn screen(s: &super::State) -> String {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| crate::ui::render(s, f)).unwrap();
    buffer_text(term.backend().buffer())
}

/// Assigns the selected ticket (seen at version 1), and before the answer comes the
/// list row is refreshed to version 3: their change, which renamed the ticket.
fn conflict_after_a_refresh(lang: Lang) -> super::State {
    let mut s = loaded();
    s.lang = lang;
    let (w, _) = writes(&key(&mut s, "A"));
    assert_eq!(w[0].expected, Some(1));
    let mut theirs = s.tickets.list.current().unwrap().ticket.clone();
    theirs.version = 3;
    theirs.title = "打印机卡纸 renamed by 王伟".into();
    theirs.stage = "analysing".into();
    let selected = s.tickets.list.selected;
    s.tickets.list.rows[selected].ticket = theirs.clone();
    handle_written(&mut s, w[0].clone(), theirs);
    s
}

fn handle_written(
    s: &mut super::State,
    w: super::msg::Write,
    theirs: crate::domain::ticket::Ticket,
) {
    super::handle(
        s,
        Msg::Tickets(TicketsMsg::Written {
            why: Why::User,
            results: vec![(
                w,
                WriteResult::Conflict {
                    theirs: Box::new(theirs),
                    message:
                        "ticket #50 was changed by 王伟 (it is at version 3, you had version 1)"
                            .into(),
                },
            )],
        }),
    );
}

#[test]
fn as_you_saw_it_is_the_version_you_had_not_the_refreshed_row() {
    for lang in [Lang::En, Lang::Zh] {
        let s = conflict_after_a_refresh(lang);
        let Overlay::Conflict(c) = &s.overlay else {
            panic!("{:?}", s.overlay)
        };
        // The refreshed row (v3) is theirs, not what the change was made on.
        assert!(
            c.mine.as_ref().is_none_or(|m| m.version == 1),
            "{:?}",
            c.mine
        );
        let text = screen(&s);
        let seen = text
            .lines()
            .find(|l| l.contains("as you saw it") || l.contains("我看到的"))
            .unwrap_or_else(|| panic!("no seen line:\n{text}"));
        assert!(seen.contains("v1"), "{seen}");
        assert!(!seen.contains("v3"), "{seen}");
        let theirs = text
            .lines()
            .find(|l| l.contains("Theirs") || l.contains("对方"))
            .unwrap_or_else(|| panic!("no theirs line:\n{text}"));
        assert!(theirs.contains("renamed"), "{theirs}");
        assert!(theirs.contains("v3"), "{theirs}");
    }
}

/// A long ticket opened at 80×24: `G` shows its last line at the bottom of the
/// detail, never blank rows below the end, and `k` moves the text at once.
#[test]
fn the_detail_scrolls_to_its_last_line_and_no_further() {
    let mut s = loaded();
    key(&mut s, "enter");
    let body: Vec<String> = (1..=60)
        .map(|i| format!("正文第 {i} 行 line {i}"))
        .collect();
    if let Some(v) = s.tickets.detail.as_mut().and_then(|d| d.view.as_mut()) {
        v.ticket.body = body.join("\n");
    }
    screen(&s);
    for _ in 0..200 {
        key(&mut s, "j");
        screen(&s);
    }
    let end = screen(&s);
    let rows: Vec<&str> = end.lines().collect();
    // The status bar is the last row; the detail's last text sits right above it.
    let last = rows[rows.len() - 2];
    assert!(!last.trim().is_empty(), "blank space below the end:\n{end}");
    key(&mut s, "k");
    let up = screen(&s);
    assert_ne!(up, end, "k did not move the text:\n{up}");
    key(&mut s, "G");
    assert_eq!(screen(&s), end, "G is the same end");
}
