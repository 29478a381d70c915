//! Service rules from the config: canned replies, macros, customer-visible stage
//! updates, problem categories; filling placeholders; satisfaction scores.

use super::escalation::EscalationRule;
use super::ticket::{Priority, Ticket};
use std::collections::BTreeMap;

/// A canned reply (`[[replies]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub id: String,
    pub title: String,
    /// Text with placeholders such as `{customer}` (both languages when only `zh`
    /// and `en` are written).
    pub text: String,
    /// The Chinese text, when the reply has one per language.
    pub zh: Option<String>,
    /// The English text, when the reply has one per language.
    pub en: Option<String>,
}

impl Reply {
    /// The text for a ticket in `lang` (`zh` or `en`): that language's own text
    /// when written, else the common one.
    pub fn text_in(&self, lang: &str) -> &str {
        let own = if lang == "zh" { &self.zh } else { &self.en };
        own.as_deref().unwrap_or(&self.text)
    }
}

/// A macro (`[[macros]]`): several changes and a reply in one step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Macro {
    pub id: String,
    pub title: String,
    /// A suggested key for the console (e.g. `M a`); the console binds it.
    pub key: Option<String>,
    pub stage: Option<String>,
    pub priority: Option<Priority>,
    /// Agent name, or `me` for the acting agent.
    pub assignee: Option<String>,
    /// Id of a canned reply to send.
    pub reply: Option<String>,
}

/// The text a customer is sent when a ticket enters a stage, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct StageUpdate {
    pub zh: String,
    pub en: String,
}

impl StageUpdate {
    /// Both languages, Chinese first, one per line (either may be empty).
    pub fn text(&self) -> String {
        [self.zh.trim(), self.en.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A problem category for reports, recognised by keywords in the title.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemCategory {
    pub id: String,
    pub en: String,
    pub zh: String,
    /// Lower-case keywords; the first category with a keyword in the title wins.
    pub keywords: Vec<String>,
}

/// Everything of the service settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceRules {
    pub escalations: Vec<EscalationRule>,
    pub replies: Vec<Reply>,
    pub macros: Vec<Macro>,
    /// Flow id → stage id → the update sent on entering that stage.
    pub updates: BTreeMap<String, BTreeMap<String, StageUpdate>>,
    pub categories: Vec<ProblemCategory>,
}

impl ServiceRules {
    /// The canned reply with this id.
    pub fn reply(&self, id: &str) -> Option<&Reply> {
        self.replies.iter().find(|r| r.id == id)
    }

    /// The macro with this id (or, failing that, this suggested key).
    pub fn macro_def(&self, id: &str) -> Option<&Macro> {
        self.macros
            .iter()
            .find(|m| m.id == id)
            .or_else(|| self.macros.iter().find(|m| m.key.as_deref() == Some(id)))
    }

    /// The update sent when a ticket of flow `flow` enters `stage`.
    pub fn update(&self, flow: &str, stage: &str) -> Option<&StageUpdate> {
        self.updates.get(flow)?.get(stage)
    }

    /// The category of a ticket title, if any keyword matches.
    pub fn category_of(&self, title: &str) -> Option<&ProblemCategory> {
        let t = title.to_lowercase();
        self.categories
            .iter()
            .find(|c| c.keywords.iter().any(|k| t.contains(k.as_str())))
    }
}

/// A satisfaction score given for a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Csat {
    pub ticket_id: i64,
    /// 1 (very unhappy) to 5 (very happy).
    pub score: u8,
    pub comment: String,
    pub rated_at: i64,
    pub rated_by: String,
    pub version: i64,
}

/// A return visit (回访): calling the customer back on a day.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub id: i64,
    pub ticket_id: i64,
    pub ticket_title: String,
    pub customer: Option<String>,
    /// The day, in the SLA calendar's time zone.
    pub due_on: chrono::NaiveDate,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub note: String,
    pub done_at: Option<i64>,
    pub done_note: String,
    pub created_at: i64,
    pub created_by: String,
    pub version: i64,
}

/// An escalation rule that fired on a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    pub ticket_id: i64,
    pub rule: String,
    /// `warning`, `breach` or `stage:ID@ENTERED`.
    pub occasion: String,
    /// `raise_priority`, `assign` or `flag`.
    pub action: String,
    /// What changed, e.g. `normal → high`.
    pub detail: String,
    pub at: i64,
    pub actor: String,
}

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 6] = ["customer", "ticket", "agent", "title", "stage", "assignee"];

/// Values for the placeholders.
#[derive(Debug, Clone, Default)]
pub struct Fill<'a> {
    pub customer: &'a str,
    pub ticket: i64,
    pub agent: &'a str,
    pub title: &'a str,
    pub stage: &'a str,
    pub assignee: &'a str,
}

impl<'a> Fill<'a> {
    /// The values of ticket `t` written by `agent`, with stand-ins for a missing
    /// customer or assignee.
    pub fn of(t: &'a Ticket, agent: &'a str, no_customer: &'a str, no_assignee: &'a str) -> Self {
        Fill {
            customer: t.customer.as_deref().unwrap_or(no_customer),
            ticket: t.id,
            agent,
            title: &t.title,
            stage: &t.stage,
            assignee: t.assignee.as_deref().unwrap_or(no_assignee),
        }
    }
}

/// A problem in a template: byte offset and message.
pub type TemplateError = (usize, String);

/// Checks that every `{name}` is a known placeholder and braces are balanced
/// (`{{` and `}}` stand for literal braces).
pub fn check_template(text: &str) -> Result<(), TemplateError> {
    walk(text, |_| Some(String::new())).map(|_| ())
}

/// Replaces the placeholders in `text`.
pub fn fill(text: &str, f: &Fill<'_>) -> String {
    walk(text, |name| {
        Some(match name {
            "customer" => f.customer.to_string(),
            "ticket" => f.ticket.to_string(),
            "agent" => f.agent.to_string(),
            "title" => f.title.to_string(),
            "stage" => f.stage.to_string(),
            "assignee" => f.assignee.to_string(),
            _ => return None,
        })
    })
    .unwrap_or_else(|_| text.to_string())
}

fn walk(text: &str, value: impl Fn(&str) -> Option<String>) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        match c {
            '{' if rest.peek().map(|p| p.1) == Some('{') => {
                rest.next();
                out.push('{');
            }
            '}' if rest.peek().map(|p| p.1) == Some('}') => {
                rest.next();
                out.push('}');
            }
            '{' => {
                let Some(end) = text[i + 1..].find('}') else {
                    return Err((i, "'{' without a closing '}'".into()));
                };
                let name = &text[i + 1..i + 1 + end];
                match value(name.trim()) {
                    Some(v) if PLACEHOLDERS.contains(&name.trim()) => out.push_str(&v),
                    _ => return Err((i, format!("unknown placeholder '{{{name}}}'"))),
                }
                while rest.peek().is_some_and(|p| p.0 <= i + 1 + end) {
                    rest.next();
                }
            }
            '}' => {
                return Err((
                    i,
                    "'}' without an opening '{' (write '}}' for a brace)".into(),
                ))
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// A satisfaction score: 1 (very unhappy) to 5 (very happy).
pub fn check_score(score: i64) -> Result<u8, String> {
    if (1..=5).contains(&score) {
        Ok(score as u8)
    } else {
        Err(format!("a satisfaction score is 1 to 5, not {score}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        let f = Fill {
            customer: "华为",
            ticket: 42,
            agent: "李娜",
            title: "打印机卡纸",
            stage: "analysing",
            assignee: "王伟",
        };
        assert_eq!(
            fill(
                "您好 {customer}，工单 #{ticket} 由 {agent} 处理：{title}",
                &f
            ),
            "您好 华为，工单 #42 由 李娜 处理：打印机卡纸"
        );
        assert_eq!(
            fill("{{literal}} {stage}/{assignee}", &f),
            "{literal} analysing/王伟"
        );
    }

    #[test]
    fn bad_templates_are_reported_with_offsets() {
        assert!(check_template("Hi {customer}, ticket {ticket}").is_ok());
        assert_eq!(check_template("Hi {custmer}").unwrap_err().0, 3);
        assert!(check_template("Hi {customer")
            .unwrap_err()
            .1
            .contains("closing"));
        assert!(check_template("a } b").unwrap_err().1.contains("opening"));
        assert!(check_template("{{ok}}").is_ok());
    }

    #[test]
    fn lookups_and_categories() {
        let rules = ServiceRules {
            macros: vec![Macro {
                id: "ask".into(),
                key: Some("M a".into()),
                ..Default::default()
            }],
            categories: vec![ProblemCategory {
                id: "printing".into(),
                en: "Printing".into(),
                zh: "打印".into(),
                keywords: vec!["打印".into(), "printer".into()],
            }],
            ..Default::default()
        };
        assert_eq!(rules.macro_def("ask").unwrap().id, "ask");
        assert_eq!(rules.macro_def("M a").unwrap().id, "ask");
        assert!(rules.macro_def("nope").is_none());
        assert_eq!(
            rules.category_of("HP Printer offline").unwrap().id,
            "printing"
        );
        assert_eq!(rules.category_of("打印机卡纸").unwrap().id, "printing");
        assert!(rules.category_of("退款").is_none());
        let u = StageUpdate {
            zh: "已受理".into(),
            en: "Accepted".into(),
        };
        assert_eq!(u.text(), "已受理\nAccepted");
    }

    #[test]
    fn scores() {
        assert_eq!(check_score(5), Ok(5));
        assert!(check_score(0).is_err());
        assert!(check_score(6).unwrap_err().contains("1 to 5"));
    }
}
