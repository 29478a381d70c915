use super::*;
use crate::app::ctx::Place;

#[test]
fn every_row_builds_its_command_and_back() {
    for s in SPECS {
        let c = Command::from_parts(s.name, None).unwrap();
        assert_eq!(c.name(), s.name);
        assert!(std::ptr::eq(c.spec(), s));
        assert!(c.arg().is_none());
        if s.arg.is_some() {
            let with = c.with_arg(Some("x".into()));
            assert_eq!(with.arg(), Some("x"), "{}", s.name);
            assert_eq!(with.name(), s.name);
        }
    }
    let mut names: Vec<_> = SPECS.iter().map(|s| s.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), SPECS.len(), "names are unique");
}

#[test]
fn names_are_kebab_case_and_variants_their_camel_case() {
    for s in SPECS {
        assert!(
            s.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            s.name
        );
        let camel: String = s
            .name
            .split('-')
            .map(|w| w[..1].to_uppercase() + &w[1..])
            .collect();
        let c = Command::from_parts(s.name, None).unwrap();
        let debug = format!("{c:?}");
        assert_eq!(debug.split('(').next(), Some(camel.as_str()));
    }
}

#[test]
fn every_command_is_described_in_both_languages() {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for s in SPECS {
        assert!(
            s.en.len() > 3 && !cjk(s.en.split('(').next().unwrap_or("")),
            "{}",
            s.name
        );
        assert!(cjk(s.zh), "{} has no Chinese description", s.name);
    }
}

#[test]
fn palette_lines_parse_with_arguments() {
    assert_eq!(
        Command::parse(":move resolved"),
        Ok(Command::Move(Some("resolved".into())))
    );
    assert_eq!(
        Command::parse("assign 李娜"),
        Ok(Command::Assign(Some("李娜".into())))
    );
    assert_eq!(
        Command::parse("filter stage:new type:complaint"),
        Ok(Command::Filter(Some("stage:new type:complaint".into())))
    );
    assert_eq!(Command::parse("move"), Ok(Command::Move(None)));
    assert_eq!(
        Command::parse("quit now"),
        Err(CommandError::NoArgument("quit".into()))
    );
    assert_eq!(
        Command::parse("frobnicate"),
        Err(CommandError::Unknown("frobnicate".into()))
    );
    assert_eq!(Command::parse("  "), Err(CommandError::Empty));
}

#[test]
fn a_pane_command_applies_on_its_pane_and_where_its_keys_work() {
    use crate::app::ctx::Pane;
    let task = find("task-earlier").unwrap();
    assert!(task.applies(Place::Pane(Pane::Projects)));
    assert!(!task.applies(Place::Pane(Pane::Tickets)));
    let suggest = find("suggest-articles").unwrap();
    assert!(suggest.applies(Place::Pane(Pane::Tickets)));
    assert!(suggest.applies(Place::Detail));
    assert!(suggest.applies(Place::Pane(Pane::Kb)));
    assert!(!suggest.applies(Place::Pane(Pane::Team)));
    let search = find("search").unwrap();
    assert!(Place::ALL.iter().all(|p| search.applies(*p)));
    assert!(!find("submit").unwrap().applies(Place::Detail));
}

#[test]
fn the_filter_example_can_match_in_the_builtin_workflow() {
    // `stage:new type:complaint` could never match: complaints start in `accepted`.
    let wf = crate::config::Config::builtin().workflow;
    let spec = find("filter").unwrap();
    for desc in [spec.en, spec.zh] {
        let word = |key: &str| {
            desc.split([' ', '（', '('])
                .find_map(|w| w.strip_prefix(key))
                .unwrap_or_default()
                .to_string()
        };
        let (stage, ty) = (word("stage:"), word("type:"));
        assert!(wf.stage(&ty, &stage).is_some(), "{desc}: {stage} in {ty}");
    }
}
