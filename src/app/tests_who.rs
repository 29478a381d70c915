//! The first start knows who you are (issue 15 item 7): asked once when the OS user
//! is no agent, `iam`, and an empty `assignee:me` that says why.

use super::chrome::Overlay;
use super::msg::{Effect, Msg, Note};
use super::tests::{agent, enter, key, state, typed};
use crate::tui::headless::buffer_text;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn screen(s: &super::State) -> String {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| crate::ui::render(s, f)).unwrap();
    buffer_text(term.backend().buffer())
}

fn started(actor: &str, ask: bool) -> super::State {
    let mut s = state();
    s.actor = actor.into();
    s.ask_who = ask;
    s.config_path = Some("/home/u/.config/aftercare/config.toml".into());
    super::start(&mut s);
    s
}

#[test]
fn an_os_user_who_is_no_agent_is_asked_once_and_can_add_themself() {
    let mut s = started("zhangwei", true);
    super::handle(
        &mut s,
        Msg::Agents(vec![agent(1, "李娜", 3), agent(2, "王伟", 1)]),
    );
    let Overlay::Picker(p) = &s.overlay else {
        panic!("asked: {:?}", s.overlay)
    };
    assert_eq!(
        p.items[0].value, "zhangwei",
        "staying as you are comes first"
    );
    assert!(screen(&s).contains("Who are you?"));
    typed(&mut s, "张伟");
    assert!(screen(&s).contains("+ new agent “张伟”"));
    let fx = enter(&mut s);
    assert!(fx.contains(&Effect::SetIdentity {
        name: "张伟".into(),
        create: true,
        config: Some("/home/u/.config/aftercare/config.toml".into()),
    }));
    let fx = super::handle(
        &mut s,
        Msg::IdentitySet(Ok((
            "张伟".into(),
            Some("/home/u/.config/aftercare/config.toml".into()),
        ))),
    );
    assert_eq!(s.actor, "张伟");
    assert!(fx.contains(&Effect::LoadAgents), "reloaded as the new user");
    assert!(s
        .toasts
        .iter()
        .any(|t| matches!(&t.note, Note::IdentitySet { name, .. } if name == "张伟")));
    // Asked once: new agent lists do not ask again.
    super::handle(&mut s, Msg::Agents(vec![agent(1, "李娜", 3)]));
    assert!(matches!(s.overlay, Overlay::None));
}

#[test]
fn an_agent_or_a_named_actor_is_not_asked() {
    let mut s = started("李娜", true);
    super::handle(&mut s, Msg::Agents(vec![agent(1, "李娜", 3)]));
    assert!(matches!(s.overlay, Overlay::None));
    assert!(!s.ask_who);
    // --actor / AFTERCARE_ACTOR / the config named someone: never asked.
    let mut s = started("root", false);
    super::handle(&mut s, Msg::Agents(vec![agent(1, "李娜", 3)]));
    assert!(matches!(s.overlay, Overlay::None));
}

#[test]
fn iam_picks_an_agent_and_refuses_a_name_that_is_none() {
    let mut s = started("root", false);
    super::handle(
        &mut s,
        Msg::Agents(vec![agent(1, "李娜", 3), agent(2, "王伟", 1)]),
    );
    key(&mut s, ":");
    typed(&mut s, "iam 王伟");
    let fx = enter(&mut s);
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::SetIdentity { name, create: false, .. } if name == "王伟")));
    key(&mut s, ":");
    typed(&mut s, "iam 无此人");
    let fx = enter(&mut s);
    assert!(!fx.iter().any(|e| matches!(e, Effect::SetIdentity { .. })));
    assert!(s
        .toasts
        .iter()
        .any(|t| t.note == Note::NoSuchAgent("无此人".into())));
}

#[test]
fn assignee_me_without_an_agent_says_why_the_list_is_empty() {
    let mut s = started("root", false);
    super::handle(&mut s, Msg::Agents(vec![agent(1, "李娜", 3)]));
    super::handle(
        &mut s,
        Msg::Status(super::msg::DbStatus {
            total: 9,
            ..Default::default()
        }),
    );
    key(&mut s, ":");
    typed(&mut s, "view mine");
    enter(&mut s);
    let gen = s.tickets.list.gen;
    super::handle(
        &mut s,
        Msg::Tickets(super::msg::TicketsMsg::Page {
            gen,
            slot: super::msg::Slot::Reset,
            rows: Vec::new(),
            more: false,
            unread: Vec::new(),
        }),
    );
    let text = screen(&s);
    assert!(
        text.contains("You (root) are not an agent, so assignee:me matches nothing"),
        "{text}"
    );
    s.lang = super::Lang::Zh;
    assert!(screen(&s).contains("你（root）不是客服"));
}
