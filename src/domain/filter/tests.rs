use super::*;
use crate::domain::filter_values::{Days, Outcome};
use crate::domain::ticket::{Channel, Priority};
use chrono::Weekday;

#[test]
fn parses_the_full_example() {
    let f = Filter::parse(
        r#"stage:new assignee:me priority:>=high type:complaint -stage:closed customer:"华为 技术" due:<2d 退款 printer"#,
    )
    .unwrap();
    let terms: Vec<_> = f
        .clauses
        .iter()
        .map(|c| (c.negated, c.term.clone()))
        .collect();
    assert_eq!(
        terms,
        vec![
            (false, Term::Stage(vec!["new".into()])),
            (false, Term::Assignee(Who::Me)),
            (false, Term::Priority(Cmp::Ge, Priority::High)),
            (false, Term::Type(vec!["complaint".into()])),
            (true, Term::Stage(vec!["closed".into()])),
            (false, Term::Customer("华为 技术".into())),
            (false, Term::Due(Cmp::Lt, 172_800)),
            (false, Term::Text("退款".into())),
            (false, Term::Text("printer".into())),
        ]
    );
}

#[test]
fn lists_ids_and_states() {
    let f = Filter::parse("stage:new,analysing id:>100 is:open channel:email,phone").unwrap();
    assert_eq!(f.clauses.len(), 4);
    assert_eq!(f.clauses[2].term, Term::Is(Is::Open));
    assert_eq!(
        f.clauses[3].term,
        Term::Channel(vec![Channel::Email, Channel::Phone])
    );
}

#[test]
fn urls_times_and_quoted_words_are_text() {
    let f = Filter::parse(r#"http://example.com 10:30 -x "error:timeout" 注意:漏水"#).unwrap();
    assert!(f
        .clauses
        .iter()
        .all(|c| matches!(c.term, Term::Text(_)) && !c.negated));
    assert_eq!(f.clauses[3].term, Term::Text("error:timeout".into()));
}

#[test]
fn unknown_fields_are_errors_with_a_suggestion() {
    let e = Filter::parse("is:open priorty:high").unwrap_err();
    assert_eq!(e.column, 9);
    assert!(
        e.message.contains("unknown field 'priorty:'"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("did you mean priority:?"),
        "{}",
        e.message
    );
    let e = Filter::parse("-stagee:closed").unwrap_err();
    assert!(e.message.contains("did you mean stage:?"), "{}", e.message);
    let e = Filter::parse("colour:red").unwrap_err();
    assert!(e.message.contains("known fields"), "{}", e.message);
}

#[test]
fn errors_name_the_column() {
    let e = Filter::parse("stage:new priority:huge").unwrap_err();
    assert_eq!(e.column, 11);
    assert!(e.message.contains("huge"));
    assert_eq!(Filter::parse("a \"open").unwrap_err().column, 3);
    assert!(Filter::parse("due:<soon").is_err());
    assert!(Filter::parse("stage:").is_err());
    assert!(Filter::parse("is:bogus").is_err());
}

#[test]
fn tags_and_groups() {
    let f = Filter::parse("tag:VIP,退款 -group:none").unwrap();
    assert_eq!(
        f.clauses[0].term,
        Term::Tag(vec!["vip".into(), "退款".into()])
    );
    assert!(f.clauses[1].negated);
    assert_eq!(f.clauses[1].term, Term::Group(vec!["none".into()]));
    assert!(Filter::parse("tag:ok,a:b").is_err());
}

#[test]
fn created_flips_into_the_past() {
    let f = Filter::parse("created:<2d").unwrap();
    assert_eq!(f.clauses[0].term, Term::Created(Cmp::Gt, -172_800));
}

#[test]
fn days_hours_weekdays_and_outcomes() {
    use chrono::NaiveDate;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let f = Filter::parse(
        "created:2026-11-01..2026-11-07 -resolved:<=2026-11-07 hour:9..10 weekday:mon,周三 category:invoice,other csat:<=2 response:met resolution:breached visited:analysing assignee:=李娜",
    )
    .unwrap();
    let terms: Vec<_> = f
        .clauses
        .iter()
        .map(|c| (c.negated, c.term.clone()))
        .collect();
    assert_eq!(
        terms,
        vec![
            (
                false,
                Term::CreatedOn(Days::between(day("2026-11-01"), day("2026-11-07")))
            ),
            (
                true,
                Term::ResolvedOn(Days {
                    from: None,
                    to: Some(day("2026-11-07"))
                })
            ),
            (false, Term::Hour(vec![9, 10])),
            (false, Term::Weekday(vec![Weekday::Mon, Weekday::Wed])),
            (
                false,
                Term::Category(vec!["invoice".into(), "other".into()])
            ),
            (false, Term::Csat(Cmp::Le, 2)),
            (false, Term::Response(Outcome::Met)),
            (false, Term::Resolution(Outcome::Breached)),
            (false, Term::Visited(vec!["analysing".into()])),
            (false, Term::Assignee(Who::Exact("李娜".into()))),
        ]
    );
    // Durations keep their meaning; resolved takes them too.
    assert_eq!(
        Filter::parse("resolved:<1w").unwrap().clauses[0].term,
        Term::Resolved(Cmp::Gt, -604_800)
    );
    assert_eq!(
        Filter::parse("created:2026-11-05").unwrap().clauses[0].term,
        Term::CreatedOn(Days::between(day("2026-11-05"), day("2026-11-05")))
    );
}

#[test]
fn bad_calendar_values_name_the_column() {
    for (text, col, needle) in [
        ("type:x created:2026-02-30", 8, "2026-02-30"),
        ("created:2026-11-07..2026-11-01", 1, "before"),
        ("hour:25", 1, "25"),
        ("weekday:someday", 1, "someday"),
        ("csat:9", 1, "score"),
        ("response:late", 1, "late"),
        ("resolved:soon", 1, "soon"),
        ("assignee:=", 1, "name"),
    ] {
        let e = Filter::parse(text).unwrap_err();
        assert_eq!(e.column, col, "{text}");
        assert!(e.message.contains(needle), "{text}: {}", e.message);
    }
}

#[test]
fn calendar_and_outcome_clauses_print_as_they_read() {
    let text = "created:2026-11-01..2026-11-07 resolved:..2026-11-07 -resolved:<2d \
                hour:9,10,11 weekday:mon,tue category:invoice csat:<=2 response:met \
                resolution:breached visited:analysing assignee:=李娜";
    let f = Filter::parse(text).unwrap();
    let printed = f.to_string();
    assert_eq!(Filter::parse(&printed).unwrap(), f, "{printed}");
    assert!(printed.contains("hour:9,10,11") && printed.contains("assignee:=李娜"));
}
