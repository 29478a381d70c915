use super::*;
use crate::app::command::{Command, SPECS};
use crate::config::KeyBinding;

fn bind(context: &str, keys: &str, command: &str, line: usize) -> KeyBinding {
    KeyBinding {
        context: context.into(),
        keys: keys.into(),
        command: command.into(),
        file: "my.toml".into(),
        line,
        column: 1,
    }
}

const TICKETS: &[Context] = &[Context::Tickets, Context::List, Context::Global];

#[test]
fn defaults_resolve_single_keys_and_fall_back_to_outer_contexts() {
    let km = Keymap::defaults();
    assert_eq!(
        km.resolve(TICKETS, &[], Key::ch('m')),
        KeyResult::Matched(Command::Move(None))
    );
    assert_eq!(
        km.resolve(TICKETS, &[], Key::ch('j')),
        KeyResult::Matched(Command::Down)
    );
    assert_eq!(
        km.resolve(TICKETS, &[], Key::ch('q')),
        KeyResult::Matched(Command::Quit)
    );
    assert_eq!(km.resolve(TICKETS, &[], Key::ch('Z')), KeyResult::NotFound);
}

#[test]
fn inner_context_wins_over_global() {
    let km = Keymap::defaults();
    let detail = [Context::Detail, Context::Global];
    assert_eq!(
        km.resolve(&detail, &[], Key::ch('q')),
        KeyResult::Matched(Command::Close)
    );
}

#[test]
fn a_prefix_is_pending_with_the_continuations_of_every_context() {
    let km = Keymap::defaults();
    match km.resolve(TICKETS, &[], Key::ch('g')) {
        KeyResult::Pending(p) => {
            assert_eq!(p.label.map(|l| l.en), Some("Go to"));
            let names: Vec<_> = p
                .next
                .iter()
                .map(|(k, n)| format!("{k}={}", n.name()))
                .collect();
            assert!(names.contains(&"g=top".to_string()), "{names:?}");
            assert!(names.contains(&"t=pane-tickets".to_string()), "{names:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        km.resolve(TICKETS, &[Key::ch('g')], Key::ch('g')),
        KeyResult::Matched(Command::Top)
    );
    assert_eq!(
        km.resolve(TICKETS, &[Key::ch('g')], Key::ch('z')),
        KeyResult::Cancelled(vec![Key::ch('g'), Key::ch('z')])
    );
    assert_eq!(
        km.resolve(TICKETS, &[Key::ch('g')], Key::plain(KeyCode::Esc)),
        KeyResult::Cancelled(vec![Key::ch('g'), Key::plain(KeyCode::Esc)])
    );
}

#[test]
fn user_bindings_merge_key_by_key_and_noop_unbinds() {
    let (km, errors) = Keymap::with_user(&[
        bind("tickets", "M", "move", 1),
        bind("tickets", "m", "noop", 2),
        bind("tickets", "o d", "sort due", 3),
    ]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        km.resolve(TICKETS, &[Key::ch('o')], Key::ch('d')),
        KeyResult::Matched(Command::Sort(Some("due".into())))
    );
    assert_eq!(
        km.resolve(TICKETS, &[], Key::ch('M')),
        KeyResult::Matched(Command::Move(None))
    );
    assert_eq!(km.resolve(TICKETS, &[], Key::ch('m')), KeyResult::NotFound);
    assert_eq!(
        km.resolve(TICKETS, &[], Key::ch('a')),
        KeyResult::Matched(Command::Assign(None))
    );
}

#[test]
fn freeing_a_prefix_with_noop_allows_rebinding_it() {
    let (km, errors) = Keymap::with_user(&[
        bind("list", "g", "bottom", 1),
        bind("list", "g e", "noop", 2),
        bind("list", "g g", "noop", 3),
    ]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        km.resolve(&[Context::List], &[], Key::ch('g')),
        KeyResult::Matched(Command::Bottom)
    );
}

#[test]
fn bad_bindings_are_reported_with_their_position_and_defaults_stay() {
    let user = [
        bind("tickets", "m", "frobnicate", 3),
        bind("tickets", "hyper-x", "move", 4),
        bind("nowhere", "x", "move", 5),
        bind("list", "g", "top", 6),
        bind("tickets", "C-s", "quit", 7),
        bind("tickets", "ctrl-s", "help", 8),
        bind("tickets", "j k", "top", 9),
        bind("tickets", "z", "quit now", 10),
    ];
    let (km, errors) = Keymap::with_user(&user);
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4, 5, 8, 10, 6], "{errors:#?}");
    assert!(errors.iter().all(|e| e.file == "my.toml" && e.column == 1));
    assert!(errors[0].message.contains("frobnicate"));
    assert!(errors[2].message.contains("nowhere"));
    assert!(errors[3].message.contains("twice"));
    assert!(errors[5].message.contains("g g") || errors[5].message.contains("g e"));
    // `j k` in tickets is fine: `j` is bound in `list`, not in `tickets`.
    assert_eq!(
        km.resolve(TICKETS, &[], Key::ch('m')),
        KeyResult::Matched(Command::Move(None))
    );
    assert_eq!(check_bindings(&user).len(), 6);
}

#[test]
fn bindings_list_is_generated_from_the_live_keymap() {
    let (km, _) = Keymap::with_user(&[bind("tickets", "M", "move", 1)]);
    let b = km.bindings(Context::Tickets);
    assert!(b.iter().any(|(k, c)| k == "M" && c.name() == "move"));
    assert_eq!(km.keys_for(TICKETS, "top"), vec!["g g", "home"]);
    assert_eq!(km.keys_for(TICKETS, "quit"), vec!["q", "C-c"]);
}

#[test]
fn every_default_binding_parses_and_none_clashes() {
    let mut km = Keymap::default();
    for spec in SPECS {
        let cmd = Command::from_parts(spec.name, None).unwrap();
        for (ctx, keys) in spec.keys {
            let seq = Key::parse_seq(keys).unwrap_or_else(|e| panic!("{keys}: {e}"));
            km.insert(*ctx, &seq, cmd.clone())
                .unwrap_or_else(|e| panic!("{} {keys} clashes with {e}", ctx.name()));
        }
    }
}

#[test]
fn the_example_config_lists_the_default_keys() {
    let example = include_str!("../../../config.example.toml");
    let block = defaults_toml();
    assert!(
        example.contains(&block),
        "config.example.toml must list the default keys as generated by \
         keys::defaults_toml(); expected block:\n{block}"
    );
}
