//! Argument kinds: what a command's argument is, how help shows it, and where its
//! possible values come from (the completer), for both the palette and pickers.

use crate::app::ctx::{Ctx, Lang};
use crate::domain::gantt::Zoom;
use crate::domain::ticket::{Channel, Priority};
use crate::store::tickets::SortKey;

/// What a command's argument is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgKind {
    Language,
    ColourTheme,
    Query,
    SortColumn,
    ViewName,
    Stage,
    Agent,
    PriorityLevel,
    TicketType,
    FreeText,
    SearchWords,
    TicketTitle,
    Score,
    MacroId,
    TemplateId,
    TagList,
    PlaybookId,
    StepNo,
    PlanTabName,
    ZoomLevel,
    FilePath,
    /// A customer, from the database (the new-ticket form's picker).
    Customer,
    ChannelName,
    /// What `mail` does: fetch, send or outbox.
    MailAction,
    /// Who the user is: an agent, or a new one (`iam`).
    Me,
    /// A dashboard period: `7`, `30`, `90` days or `FROM..TO`.
    Period,
}

/// One possible value: what is passed on, what is shown, and a detail column.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: String,
}

impl Choice {
    /// A value shown as itself.
    pub fn plain(value: &str, hint: &str) -> Choice {
        Choice {
            value: value.to_string(),
            label: value.to_string(),
            hint: hint.to_string(),
        }
    }
}

/// Where the values of an argument kind come from.
#[derive(Clone, Copy)]
pub enum Completer {
    /// Free text: nothing to offer.
    Free,
    /// Known without any pane: the function lists them.
    Fixed(fn(&Ctx) -> Vec<Choice>),
    /// Field names of the filter language, for the word being typed.
    FilterFields,
    /// The pane that owns the command knows them (stages of the selected tickets,
    /// agents, saved views, macros, playbooks …).
    Pane,
}

impl ArgKind {
    /// How help and the palette show the argument.
    pub fn placeholder(self) -> &'static str {
        match self {
            ArgKind::Language => "en|zh",
            ArgKind::ColourTheme => "dark|light",
            ArgKind::MailAction => "fetch|send|outbox",
            ArgKind::Query => "QUERY",
            ArgKind::SortColumn => "COLUMN",
            ArgKind::ViewName => "NAME",
            ArgKind::Stage => "STAGE",
            ArgKind::Agent => "AGENT",
            ArgKind::PriorityLevel => "PRIORITY",
            ArgKind::TicketType => "TYPE",
            ArgKind::FreeText => "TEXT",
            ArgKind::SearchWords => "WORDS",
            ArgKind::TicketTitle => "TITLE",
            ArgKind::Score => "1-5",
            ArgKind::MacroId => "MACRO",
            ArgKind::TemplateId => "TEMPLATE",
            ArgKind::TagList => "TAGS",
            ArgKind::PlaybookId => "PLAYBOOK",
            ArgKind::StepNo => "N",
            ArgKind::PlanTabName => "gantt|risks|issues|docs",
            ArgKind::ZoomLevel => "day|week|month",
            ArgKind::FilePath => "PATH",
            ArgKind::Customer => "CUSTOMER",
            ArgKind::ChannelName => "CHANNEL",
            ArgKind::Me => "AGENT",
            ArgKind::Period => "7|30|90|FROM..TO",
        }
    }

    /// Where its values come from.
    pub fn completer(self) -> Completer {
        match self {
            ArgKind::Language => Completer::Fixed(languages),
            ArgKind::ColourTheme => Completer::Fixed(themes),
            ArgKind::MailAction => Completer::Fixed(mail_actions),
            ArgKind::SortColumn => Completer::Fixed(sort_columns),
            ArgKind::PriorityLevel => Completer::Fixed(priorities),
            ArgKind::TicketType => Completer::Fixed(ticket_types),
            ArgKind::Score => Completer::Fixed(scores),
            ArgKind::PlanTabName => Completer::Fixed(plan_tabs),
            ArgKind::ZoomLevel => Completer::Fixed(zooms),
            ArgKind::ChannelName => Completer::Fixed(channels),
            ArgKind::Period => Completer::Fixed(periods),
            ArgKind::Query => Completer::FilterFields,
            ArgKind::ViewName
            | ArgKind::Stage
            | ArgKind::Agent
            | ArgKind::MacroId
            | ArgKind::TemplateId
            | ArgKind::PlaybookId
            | ArgKind::Me => Completer::Pane,
            ArgKind::FreeText
            | ArgKind::SearchWords
            | ArgKind::TicketTitle
            | ArgKind::TagList
            | ArgKind::StepNo
            | ArgKind::FilePath
            | ArgKind::Customer => Completer::Free,
        }
    }
}

fn languages(_: &Ctx) -> Vec<Choice> {
    vec![
        Choice::plain("en", "English"),
        Choice::plain("zh", "简体中文"),
    ]
}

fn themes(_: &Ctx) -> Vec<Choice> {
    vec![Choice::plain("dark", ""), Choice::plain("light", "")]
}

fn mail_actions(ctx: &Ctx) -> Vec<Choice> {
    let zh = ctx.lang == crate::app::ctx::Lang::Zh;
    vec![
        Choice::plain(
            "fetch",
            if zh {
                "收取新邮件"
            } else {
                "fetch new mail now"
            },
        ),
        Choice::plain(
            "outbox",
            if zh {
                "待发送和失败的邮件"
            } else {
                "pending and failed mail"
            },
        ),
        Choice::plain(
            "send",
            if zh {
                "立即发送到期的邮件"
            } else {
                "send what is due now"
            },
        ),
    ]
}

fn sort_columns(_: &Ctx) -> Vec<Choice> {
    SortKey::ALL
        .iter()
        .map(|k| Choice::plain(k.as_str(), ""))
        .collect()
}

fn priorities(ctx: &Ctx) -> Vec<Choice> {
    Priority::ALL
        .iter()
        .rev()
        .map(|p| Choice {
            value: p.as_str().into(),
            label: if ctx.lang == Lang::Zh {
                p.zh().into()
            } else {
                p.as_str().into()
            },
            hint: p.as_str().into(),
        })
        .collect()
}

fn ticket_types(ctx: &Ctx) -> Vec<Choice> {
    ctx.workflow
        .types
        .iter()
        .map(|t| Choice {
            value: t.id.clone(),
            label: t.label(ctx.lang.code()).to_string(),
            hint: t.id.clone(),
        })
        .collect()
}

fn channels(ctx: &Ctx) -> Vec<Choice> {
    Channel::ALL
        .iter()
        .map(|c| Choice {
            value: c.as_str().into(),
            label: if ctx.lang == Lang::Zh {
                c.zh().into()
            } else {
                c.as_str().into()
            },
            hint: c.as_str().into(),
        })
        .collect()
}

fn scores(_: &Ctx) -> Vec<Choice> {
    (1..=5usize)
        .rev()
        .map(|n| Choice {
            value: n.to_string(),
            label: format!("{n} {}", "★".repeat(n)),
            hint: String::new(),
        })
        .collect()
}

fn periods(ctx: &Ctx) -> Vec<Choice> {
    let days = if ctx.lang == Lang::Zh { "天" } else { " days" };
    ["7", "30", "90"]
        .iter()
        .map(|n| Choice::plain(n, &format!("{n}{days}")))
        .collect()
}

fn plan_tabs(_: &Ctx) -> Vec<Choice> {
    ["gantt", "risks", "issues", "docs"]
        .iter()
        .map(|t| Choice::plain(t, ""))
        .collect()
}

fn zooms(_: &Ctx) -> Vec<Choice> {
    [Zoom::Day, Zoom::Week, Zoom::Month]
        .iter()
        .map(|z| Choice::plain(z.as_str(), ""))
        .collect()
}
