use super::*;

fn errs(text: &str) -> Vec<ConfigError> {
    Config::check_str(text, "t.toml").err().unwrap_or_default()
}

/// The default workflow with one line replaced, to break one thing at a time.
fn with(find: &str, replace: &str) -> String {
    assert!(DEFAULT_TOML.contains(find), "{find}");
    DEFAULT_TOML.replacen(find, replace, 1)
}

#[test]
fn builtin_default_is_valid() {
    let c = Config::builtin();
    assert_eq!(c.workflow.default_flow, "standard");
    assert_eq!(c.workflow.flow_for("complaint").id, "complaint");
    assert_eq!(c.workflow.flow_for("technical").initial, "new");
    assert_eq!(c.sla.targets.len(), 4);
    assert_eq!(c.storage.journal_mode, JournalMode::Auto);
}

#[test]
fn empty_file_means_defaults() {
    let c = Config::check_str("", "t.toml").unwrap();
    assert_eq!(c.workflow, Config::builtin().workflow);
}

#[test]
fn unknown_key_names_key_and_line() {
    let e = errs("[workflow]\nbogus_key_xyz = 1\n");
    assert_eq!(e[0].line, 2);
    assert!(e[0].message.contains("bogus_key_xyz"), "{}", e[0].message);
    assert!(e[0].to_string().starts_with("t.toml:2:"));
}

#[test]
fn unknown_top_level_section() {
    let e = errs("[colours]\nx = 1\n");
    assert!(e[0].message.contains("colours"));
}

#[test]
fn wrong_type_is_reported() {
    let e = errs("[storage]\nbusy_timeout_ms = \"soon\"\n");
    assert_eq!(e[0].line, 2);
    assert!(e[0].hint.is_some());
}

#[test]
fn unparsable_toml() {
    let e = errs("this is = = not toml\n");
    assert_eq!(e[0].line, 1);
}

#[test]
fn duplicate_stage() {
    let text = with("id = \"analysing\"", "id = \"new\"");
    let e = errs(&text);
    assert!(
        e.iter()
            .any(|e| e.message.contains("duplicate stage 'new'")),
        "{e:?}"
    );
}

#[test]
fn transition_to_unknown_stage() {
    let text = with(
        "next = [\"closed\", \"in_progress\"]",
        "next = [\"closed\", \"in_prgress\"]",
    );
    let e = errs(&text);
    let hit = e
        .iter()
        .find(|e| e.message.contains("in_prgress"))
        .expect("reported");
    assert!(hit.hint.as_deref().unwrap().contains("in_progress"));
    let line = text[..text.find("in_prgress").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert_eq!(hit.line, line);
}

#[test]
fn unreachable_stage() {
    // Nothing leads to "escalated" once the two moves into it are gone.
    let text = with(
        "next = [\"in_progress\", \"waiting_customer\", \"escalated\", \"resolved\", \"closed\"]",
        "next = [\"in_progress\", \"waiting_customer\", \"resolved\", \"closed\"]",
    )
    .replacen(
        "next = [\"waiting_customer\", \"escalated\", \"resolved\"]",
        "next = [\"waiting_customer\", \"resolved\"]",
        1,
    );
    let e = errs(&text);
    assert!(
        e.iter()
            .any(|e| e.message.contains("'escalated' cannot be reached")),
        "{e:?}"
    );
}

#[test]
fn no_path_to_closed() {
    let text = "[workflow]\ndefault_flow = \"f\"\n[[workflow.types]]\nid = \"t\"\nen = \"T\"\n\
        [workflow.flows.f]\ninitial = \"a\"\n\
        [[workflow.flows.f.stages]]\nid = \"a\"\nen = \"A\"\nkind = \"open\"\nnext = [\"b\"]\n\
        [[workflow.flows.f.stages]]\nid = \"b\"\nen = \"B\"\nkind = \"open\"\nnext = [\"a\"]\n\
        [[workflow.flows.f.stages]]\nid = \"c\"\nen = \"C\"\nkind = \"closed\"\n";
    let e = errs(text);
    assert!(
        e.iter()
            .any(|e| e.message.contains("no path from stage 'a'")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|e| e.message.contains("'c' cannot be reached")),
        "{e:?}"
    );
}

#[test]
fn flow_without_closed_stage() {
    let text = "[workflow]\ndefault_flow = \"f\"\n[[workflow.types]]\nid = \"t\"\nen = \"T\"\n\
        [workflow.flows.f]\ninitial = \"a\"\n\
        [[workflow.flows.f.stages]]\nid = \"a\"\nen = \"A\"\nkind = \"open\"\n";
    let e = errs(text);
    assert!(
        e.iter().any(|e| e.message.contains("no stage of kind")),
        "{e:?}"
    );
}

#[test]
fn bad_sla_values() {
    let e = errs("[sla]\ntimezone = \"Mars/Olympus\"\nworkdays = [\"mon\", \"funday\"]\nday_start = \"9am\"\nday_end = \"18:00\"\nholidays = [\"2026-13-01\"]\n[sla.targets.whenever]\nfirst_response_hours = 1\nresolution_hours = 2\n");
    let text: Vec<String> = e.iter().map(|e| e.message.clone()).collect();
    for needle in ["Mars/Olympus", "funday", "9am", "2026-13-01", "whenever"] {
        assert!(
            text.iter().any(|t| t.contains(needle)),
            "{needle}: {text:?}"
        );
    }
}

#[test]
fn bad_ui_and_storage_values() {
    let e = errs("[ui]\nlanguage = \"fr\"\n[storage]\njournal_mode = \"memory\"\n");
    assert_eq!(e.len(), 2);
    assert_eq!((e[0].line, e[1].line), (2, 4));
}

#[test]
fn user_keys_merge_after_defaults() {
    let c = Config::check_str("[keys.tickets]\n\"x\" = \"noop\"\n", "t.toml").unwrap();
    let b = c.keys.iter().find(|k| k.keys == "x").unwrap();
    assert_eq!(
        (b.context.as_str(), b.command.as_str(), b.line),
        ("tickets", "noop", 2)
    );
}

#[test]
fn views_merge_and_bad_filters_are_reported() {
    let c = Config::check_str(
        "[views]\n\"华为\" = \"is:open\"\nmine2 = \"assignee:me\"\n",
        "t.toml",
    )
    .unwrap();
    assert!(c
        .views
        .contains(&("华为".to_string(), "is:open".to_string())));
    assert!(
        c.views.iter().any(|(n, _)| n == "my urgent"),
        "defaults kept"
    );
    assert_eq!(c.views.iter().filter(|(n, _)| n == "华为").count(), 1);
    let e = errs("[views]\nbad = \"priority:huge\"\n");
    assert_eq!(e[0].line, 2);
    assert!(e[0].message.contains("view 'bad'"), "{}", e[0].message);
}

#[test]
fn locale_spellings_of_a_language_are_accepted() {
    for (given, want) in [
        ("zh-CN", "zh"),
        ("zh_Hans", "zh"),
        ("en-US", "en"),
        ("ZH", "zh"),
    ] {
        let c = Config::check_str(&format!("[ui]\nlanguage = \"{given}\"\n"), "t.toml").unwrap();
        assert_eq!(c.ui.language, want, "{given}");
    }
    assert_eq!(errs("[ui]\nlanguage = \"fr-FR\"\n").len(), 1);
}
