//! Properties over generated input: key names read back what they show, the filter
//! language never panics and reads back what it writes, `sanitize` leaves nothing a
//! terminal would act on, truncation never overflows its columns, and every CJK
//! substring of an indexed text finds it (with no query ever upsetting the engine).

use aftercare::app::keys::{seq_to_string, Key, KeyCode};
use aftercare::domain::filter::Filter;
use aftercare::domain::text::{clean, pad, sanitize, truncate, width, CleanText};
use proptest::prelude::*;

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        // Printable, non-space characters: a key name has no blanks in it.
        any::<char>()
            .prop_filter("printable", |c| !c.is_control() && !c.is_whitespace())
            .prop_map(KeyCode::Char),
        Just(KeyCode::Char(' ')),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
        Just(KeyCode::Insert),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        (1u8..=24).prop_map(KeyCode::F),
    ]
}

fn key() -> impl Strategy<Value = Key> {
    (key_code(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(code, ctrl, alt, shift)| {
            Key {
                code,
                ctrl,
                alt,
                shift,
            }
            .normalized()
        },
    )
}

/// Text in the filter language's vocabulary, so generated filters mostly parse.
fn filter_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("stage:new".to_string()),
        Just("-stage:closed,resolved".to_string()),
        Just("priority:>=high".to_string()),
        Just("assignee:me".to_string()),
        Just("assignee:none".to_string()),
        Just("type:complaint".to_string()),
        Just("channel:email,phone".to_string()),
        Just("is:open".to_string()),
        Just("-is:breached".to_string()),
        Just("tag:vip,退款".to_string()),
        Just("group:none".to_string()),
        Just("id:>42".to_string()),
        Just("id:-3".to_string()),
        Just("stage:,".to_string()),
        (
            prop_oneof![Just("due:"), Just("created:"), Just("-due:")],
            prop_oneof![
                Just(""),
                Just("<"),
                Just("<="),
                Just(">"),
                Just(">="),
                Just("=")
            ],
            -500i64..500,
            prop_oneof![Just("m"), Just("h"), Just("d"), Just("w")],
            prop_oneof![Just(""), Just(".5"), Just(".25")]
        )
            .prop_map(|(f, c, n, u, frac)| format!("{f}{c}{n}{frac}{u}")),
        "[a-z退款打印机]{1,6}(:[a-z0-9]{0,3})?",
        "-[a-z款]{1,4}",
        "\"[a-z 华为]{1,8}\"",
        "customer:\"[华为 技术a-z]{1,6}\"",
        "assignee:[a-z李娜]{1,5}",
        "[-:\"<>=,#]{1,3}",
    ];
    prop::collection::vec(token, 0..8).prop_map(|v| v.join(" "))
}

/// Tokens built from the language's pieces in any order: an optional `-` or quote, a
/// field name (or a near miss), a colon, and values mixing operators, commas, quotes,
/// blanks (ideographic ones too), digits, units and Chinese.
fn filter_token_soup() -> impl Strategy<Value = String> {
    let token = (
        "(-|\"|)?",
        "(stage|due|created|customer|assignee|kind|is|id|tag|group|priority|channel|type|[a-zA-Z]{1,3}|)",
        "(:|)",
        "([-:\"<>=,#. \t\u{3000}a-z0-9]|me|none|ticket|article|open|done|1d|\\.5h|款|華|high|email|vip){0,6}",
    )
        .prop_map(|(a, b, c, d)| format!("{a}{b}{c}{d}"));
    prop::collection::vec(token, 0..6).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_key_reads_back_what_it_shows(k in key()) {
        let shown = k.to_string();
        prop_assert_eq!(Key::parse(&shown), Ok(k), "{}", shown);
    }

    #[test]
    fn a_key_sequence_reads_back_what_it_shows(keys in prop::collection::vec(key(), 1..4)) {
        let shown = seq_to_string(&keys);
        prop_assert_eq!(Key::parse_seq(&shown), Ok(keys), "{}", shown);
    }

    #[test]
    fn any_text_parses_as_a_key_or_fails_cleanly(s in ".{0,12}") {
        let _ = Key::parse(&s);
        let _ = Key::parse_seq(&s);
    }

    #[test]
    fn filter_parsing_never_panics(s in ".{0,80}") {
        let _ = Filter::parse(&s);
    }

    #[test]
    fn a_filter_reads_back_what_it_writes(s in filter_text()) {
        if let Ok(f) = Filter::parse(&s) {
            let written = f.to_string();
            prop_assert_eq!(Filter::parse(&written), Ok(f), "{:?} → {:?}", s, written);
        }
    }

    #[test]
    fn any_filter_that_parses_reads_back_what_it_writes(s in filter_token_soup()) {
        if let Ok(f) = Filter::parse(&s) {
            let written = f.to_string();
            prop_assert_eq!(Filter::parse(&written), Ok(f), "{:?} → {:?}", s, written);
        }
    }

    #[test]
    fn sanitize_leaves_nothing_a_terminal_acts_on(s in ".{0,60}", raw in prop::collection::vec(any::<char>(), 0..40)) {
        for input in [s, raw.into_iter().collect::<String>()] {
            let out = sanitize(&input);
            for c in out.chars() {
                prop_assert!(!c.is_control() || c == '\n' || c == '\t', "{:?} in {:?}", c, out);
                prop_assert!(!('\u{80}'..='\u{9f}').contains(&c), "C1 {:?}", c);
                prop_assert!(
                    !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
                    "bidi {:?}", c
                );
            }
            prop_assert_eq!(sanitize(&out), out.clone(), "idempotent");
            prop_assert_eq!(clean(&input).into_owned(), out.clone());
            prop_assert_eq!(CleanText::new(&input).into_string(), out.clone());
        }
    }

    #[test]
    fn truncation_and_padding_never_exceed_the_width(
        s in prop::collection::vec(prop_oneof![
            Just('a'), Just('中'), Just('打'), Just('😀'), Just('\u{301}'),
            Just('\u{fe0f}'), Just('\u{200d}'), Just('☺'), Just('é'), Just(' '),
            Just('ｗ'), Just('\u{1100}'), Just('\u{a0}'), Just('❤'),
        ], 0..20).prop_map(|v| v.into_iter().collect::<String>()),
        max in 0usize..16,
    ) {
        let t = truncate(&s, max);
        prop_assert!(width(&t) <= max, "{:?} cut to {} is {:?} ({} wide)", s, max, t, width(&t));
        let p = pad(&s, max);
        prop_assert_eq!(width(&p), max, "{:?} padded to {} is {:?}", s, max, p);
    }
}

mod search {
    use super::*;
    use aftercare::config::Config;
    use aftercare::ops::{Desk, SearchOptions, TicketInput};

    fn cjk_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                6 => prop::sample::select(vec!['退', '款', '发', '票', '打', '印', '机', '卡', '纸', '〇', 'カ', '한']),
                1 => prop::sample::select(vec!['，', '。', ' ', '1', 'a', '\n', '（']),
            ],
            1..24,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn every_cjk_substring_of_an_indexed_text_finds_it(
            texts in prop::collection::vec(cjk_text(), 1..5),
            picks in prop::collection::vec((any::<prop::sample::Index>(), 1usize..6), 1..6),
            junk in prop::collection::vec(".{0,12}", 0..4),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut desk = Desk::open(&dir.path().join("p.db"), Config::builtin(), "t").unwrap();
            let mut ids = Vec::new();
            for t in &texts {
                let title = format!("t{}", ids.len());
                let id = desk.create_ticket(TicketInput { title, body: t.clone(), ..Default::default() }).unwrap().id;
                ids.push(id);
            }
            let opts = SearchOptions { limit: 50, ..Default::default() };
            for (i, t) in texts.iter().enumerate() {
                let chars: Vec<char> = t.chars().collect();
                for (at, len) in &picks {
                    let start = at.index(chars.len());
                    let run: String = chars[start..]
                        .iter()
                        .take(*len)
                        .take_while(|c| aftercare::domain::search::is_cjk(**c))
                        .collect();
                    if run.is_empty() {
                        continue;
                    }
                    let hits = desk.search(&run, &opts).unwrap();
                    prop_assert!(
                        hits.iter().any(|h| h.id == ids[i]),
                        "{:?} not found in {:?}", run, t
                    );
                }
            }
            // No query, however odd, reaches the user as an engine error.
            for q in junk.iter().map(String::as_str).chain(["款1", "退 jam", "\"", "-", "(", "NEAR(", "a OR", "*"]) {
                match desk.search(q, &opts) {
                    Ok(_) => {}
                    Err(aftercare::Error::Invalid { .. }) => {}
                    Err(e) => prop_assert!(false, "{:?}: {}", q, e),
                }
            }
        }
    }
}
