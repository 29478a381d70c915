//! Tests of the service settings' validation.

use crate::config::{Config, ConfigError, DEFAULT_TOML};
use crate::domain::escalation::{Action, When};
use crate::domain::ticket::Priority;

fn errs(text: &str) -> Vec<ConfigError> {
    Config::check_str(text, "t.toml").err().unwrap_or_default()
}

fn with(find: &str, replace: &str) -> String {
    assert!(DEFAULT_TOML.contains(find), "{find}");
    DEFAULT_TOML.replacen(find, replace, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn builtin_service_rules() {
    let s = Config::builtin().service;
    assert_eq!(s.escalations.len(), 3);
    assert_eq!(s.escalations[0].when, When::Warning);
    assert_eq!(s.escalations[1].action, Action::RaisePriority(None));
    assert_eq!(s.escalations[2].types, vec!["complaint"]);
    assert!(s.reply("ack").unwrap().text.contains("{customer}"));
    let m = s.macro_def("take-urgent").unwrap();
    assert_eq!(m.priority, Some(Priority::Urgent));
    assert_eq!(m.assignee.as_deref(), Some("me"));
    assert_eq!(s.macro_def("M a").unwrap().id, "ask-info");
    assert_eq!(s.updates["complaint"].len(), 6);
    assert!(s
        .update("complaint", "accepted")
        .unwrap()
        .text()
        .contains("已受理"));
    assert_eq!(s.category_of("HP 打印机卡纸").unwrap().id, "printing");
    assert_eq!(Config::builtin().sla.calendar.hours, [None; 7]);
}

#[test]
fn weekday_hours() {
    let c = Config::check_str(
        &with("[sla.hours]\n", "[sla.hours]\nfri = \"09:00-17:00\"\n"),
        "t",
    )
    .unwrap();
    assert_eq!(
        c.sla.calendar.hours[4].map(|h| h.1.to_string()),
        Some("17:00:00".into())
    );
    let text = with("[sla.hours]\n", "[sla.hours]\nsat = \"10:00-12:00\"\n");
    let e = errs(&text);
    assert_eq!(e[0].line, line_of(&text, "sat = "));
    assert!(e[0].message.contains("not in workdays"), "{}", e[0].message);
    let e = errs(&with(
        "[sla.hours]\n",
        "[sla.hours]\nmon = \"18:00-09:00\"\n",
    ));
    assert!(
        e[0].message.contains("opening time span"),
        "{}",
        e[0].message
    );
    let e = errs(&with(
        "[sla.hours]\n",
        "[sla.hours]\nmonday2 = \"09:00-10:00\"\n",
    ));
    assert!(e[0].message.contains("unknown weekday"));
}

#[test]
fn bad_escalations_are_reported_with_positions() {
    let text = with("when = \"breached\"", "when = \"late\"");
    let e = errs(&text);
    assert_eq!(e[0].line, line_of(&text, "when = \"late\""));
    assert!(e[0].hint.as_deref().unwrap().contains("stage_limit"));
    let e = errs(&with("action = \"raise_priority\"", "action = \"assign\""));
    assert!(e[0].message.contains("names nobody"), "{}", e[0].message);
    let e = errs(&with(
        "action = \"raise_priority\"",
        "action = \"assign\"\nassign = \"lead:nowhere\"",
    ));
    assert!(
        e[0].message.contains("unknown group 'nowhere'"),
        "{}",
        e[0].message
    );
    let e = errs(&with(
        "action = \"raise_priority\"",
        "action = \"assign\"\nassign = \"lead:technical\"",
    ));
    assert!(e[0].message.contains("has no lead"), "{}", e[0].message);
    let ok = Config::check_str(
        &with(
            "action = \"raise_priority\"",
            "action = \"assign\"\nassign = \"李娜\"",
        ),
        "t",
    )
    .unwrap();
    assert_eq!(
        ok.service.escalations[1].action,
        Action::Assign("李娜".into())
    );
    let e = errs(&with("action = \"raise_priority\"", "action = \"shout\""));
    assert!(e[0].message.contains("unknown escalation action"));
    let e = errs(&with(
        "types = [\"complaint\"]\naction = \"flag\"",
        "types = [\"nope\"]\naction = \"flag\"",
    ));
    assert!(
        e[0].message.contains("unknown ticket type 'nope'"),
        "{}",
        e[0].message
    );
    let e = errs(&with("id = \"raise-on-breach\"", "id = \"flag-warning\""));
    assert!(e[0].message.contains("defined twice"));
}

#[test]
fn bad_replies_macros_updates_and_categories() {
    let text = with("{agent} 正在处理", "{agnet} 正在处理");
    let e = errs(&text);
    assert!(
        e[0].message.contains("unknown placeholder '{agnet}'"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].line, line_of(&text, "{agnet}"));
    let e = errs(&with(
        "stage = \"waiting_customer\"\nreply",
        "stage = \"limbo\"\nreply",
    ));
    assert!(
        e[0].message.contains("unknown stage 'limbo'"),
        "{}",
        e[0].message
    );
    let e = errs(&with("reply = \"ask-info\"", "reply = \"nope\""));
    assert!(
        e[0].message.contains("unknown reply 'nope'"),
        "{}",
        e[0].message
    );
    let e = errs(&with(
        "priority = \"urgent\"\nassignee = \"me\"\nreply = \"ack\"",
        "",
    ));
    assert!(e[0].message.contains("does nothing"), "{}", e[0].message);
    let e = errs(&with(
        "[updates.complaint.feedback]",
        "[updates.complaint.bogus]",
    ));
    assert!(
        e[0].message.contains("has no stage 'bogus'"),
        "{}",
        e[0].message
    );
    let e = errs(&with(
        "[updates.complaint.feedback]",
        "[updates.nope.feedback]",
    ));
    assert!(e[0].message.contains("unknown flow"), "{}", e[0].message);
    let e = errs(&with(
        "keywords = [\"价格\", \"报价\", \"采购\", \"price\", \"quote\", \"现货\", \"discount\", \"积分\", \"营业时间\", \"demo\"]",
        "keywords = []",
    ));
    assert!(e[0].message.contains("has no keywords"), "{}", e[0].message);
}

#[test]
fn defaults_fill_missing_sections_and_drop_what_a_user_workflow_lacks() {
    // A user file with its own one-flow workflow and nothing else.
    let text = r#"
[workflow]
default_flow = "simple"
[[workflow.types]]
id = "technical"
en = "Technical"
[workflow.flows.simple]
initial = "open"
[[workflow.flows.simple.stages]]
id = "open"
en = "Open"
kind = "open"
next = ["resolved"]
[[workflow.flows.simple.stages]]
id = "resolved"
en = "Resolved"
kind = "resolved"
next = ["done"]
[[workflow.flows.simple.stages]]
id = "done"
en = "Done"
kind = "closed"
"#;
    let c = Config::check_str(text, "t.toml").unwrap();
    let s = &c.service;
    assert_eq!(s.replies.len(), 6, "default replies");
    assert!(
        s.macro_def("ask-info").is_none(),
        "its stage is not in this workflow"
    );
    assert!(s.macro_def("solve").is_some());
    assert!(s.updates.is_empty(), "no complaint flow here");
    assert_eq!(s.escalations.len(), 2, "the complaint-only rule is dropped");
}
