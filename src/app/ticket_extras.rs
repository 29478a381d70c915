//! The Tickets pane in depth: SLA breakdown, warranty, tags, relations and the
//! complaint timeline in the detail; the customer view and today's return visits as
//! panels; macros, canned replies, tags and satisfaction scores as commands.
//! No I/O: effects go to `tui::ticket_extras`.

use super::command::Command;
use super::effect::Effect;
use super::note::{Level, Note};
use super::overlay::{Overlay, PickItem, PickKind, Picker};
use super::state::State;
use crate::config::Config;
use crate::domain::service::{Csat, Macro, Reply, Visit};
use crate::domain::sla_engine::SlaStatus;
use crate::domain::warranty::Warranty;
use crate::ops::{CustomerView, ProgressEntry, Relations, TicketView};
use crate::store::tickets::SortKey;

/// The filter of the `breach-next` view; the list is sorted by due time, soonest first.
pub const BREACH_NEXT_FILTER: &str = "is:open";

/// What the console knows from the config for these commands.
#[derive(Debug, Clone, Default)]
pub struct TicketExtras {
    pub macros: Vec<Macro>,
    pub replies: Vec<Reply>,
}

impl TicketExtras {
    /// The macros and canned replies of `config`.
    pub fn new(config: &Config) -> TicketExtras {
        TicketExtras {
            macros: config.service.macros.clone(),
            replies: config.service.replies.clone(),
        }
    }
}

/// More about the open ticket, loaded with the detail.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DetailInfo {
    pub id: i64,
    pub sla: Option<SlaStatus>,
    pub warranty: Option<Warranty>,
    /// The product the warranty was taken from (model and serial).
    pub product: Option<String>,
    pub tags: Vec<String>,
    pub relations: Relations,
    /// The customer-facing timeline (complaints only).
    pub progress: Vec<ProgressEntry>,
    pub csat: Option<Csat>,
}

impl DetailInfo {
    /// About how many lines the detail shows for this, to bound scrolling.
    pub fn line_count(&self) -> usize {
        let r = &self.relations;
        let relations = r.parent.is_some() as usize
            + r.duplicate_of.is_some() as usize
            + r.children.len()
            + r.related.len()
            + r.duplicates.len();
        let progress = if self.progress.is_empty() {
            0
        } else {
            2 + self
                .progress
                .iter()
                .map(|p| 1 + p.text.lines().count())
                .sum::<usize>()
        };
        8 + relations + progress
    }
}

/// A read-only panel over the detail or list, scrolled with the help keys.
#[derive(Debug, Clone, PartialEq)]
pub enum TicketPanel {
    Customer {
        view: Box<CustomerView>,
        scroll: u16,
    },
    Visits {
        rows: Vec<Visit>,
        scroll: u16,
    },
}

/// The pickers of these commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraPick {
    Macro,
    ReplyTemplate,
    Csat,
}

impl ExtraPick {
    /// The command the chosen value is given to.
    pub fn command(self) -> &'static str {
        match self {
            ExtraPick::Macro => "macro",
            ExtraPick::ReplyTemplate => "reply-template",
            ExtraPick::Csat => "csat",
        }
    }
}

/// Work for the event loop.
#[derive(Debug, Clone, PartialEq)]
pub enum ExtraEffect {
    LoadCustomer {
        ticket: i64,
    },
    LoadVisits,
    ApplyMacro {
        id: i64,
        macro_id: String,
        expected: Option<i64>,
    },
    RenderReply {
        id: i64,
        template: String,
    },
    Tag {
        id: i64,
        tags: Vec<String>,
        expected: Option<i64>,
    },
    Rate {
        id: i64,
        score: i64,
        expected: Option<i64>,
    },
}

/// Results coming back.
#[derive(Debug, Clone)]
pub enum ExtraMsg {
    Info(Box<DetailInfo>),
    Customer {
        ticket: i64,
        view: Option<Box<CustomerView>>,
    },
    Visits(Vec<Visit>),
    /// A canned reply filled for ticket `id`.
    Reply {
        id: i64,
        text: String,
    },
    /// A write went through: the ticket after it.
    Done {
        after: Box<TicketView>,
        note: ExtraNote,
    },
}

/// Toasts of these commands.
#[derive(Debug, Clone, PartialEq)]
pub enum ExtraNote {
    MacroApplied { id: i64, title: String },
    Tagged { id: i64, tags: Vec<String> },
    Rated { id: i64, score: i64 },
    NoCustomer { id: i64 },
    NoMacros,
    NoTemplates,
    BadScore(String),
}

impl ExtraNote {
    /// How loud the note is.
    pub fn level(&self) -> Level {
        match self {
            ExtraNote::MacroApplied { .. } | ExtraNote::Tagged { .. } | ExtraNote::Rated { .. } => {
                Level::Info
            }
            ExtraNote::BadScore(_) => Level::Error,
            _ => Level::Warn,
        }
    }
}

fn note(s: &mut State, n: ExtraNote) {
    s.toast(Note::Extra(n));
}

/// Applies one of this module's commands.
pub fn update(s: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::BreachNext => {
            s.tickets.sort = SortKey::Due;
            s.tickets.descending = false;
            super::update::apply_filter(s, BREACH_NEXT_FILTER)
        }
        Command::VisitsDue => vec![Effect::Extra(ExtraEffect::LoadVisits)],
        Command::CustomerView => match s.current_ticket() {
            Some(t) if t.customer_id.is_some() => {
                vec![Effect::Extra(ExtraEffect::LoadCustomer { ticket: t.id })]
            }
            Some(t) => {
                let id = t.id;
                note(s, ExtraNote::NoCustomer { id });
                Vec::new()
            }
            None => no_ticket(s),
        },
        Command::Macro(None) => {
            let items = s
                .extras
                .macros
                .iter()
                .map(|m| PickItem {
                    value: m.id.clone(),
                    label: m.title.clone(),
                    hint: macro_hint(m),
                })
                .collect();
            pick(s, ExtraPick::Macro, items, ExtraNote::NoMacros)
        }
        Command::Macro(Some(m)) => with_ticket(s, |t| ExtraEffect::ApplyMacro {
            id: t.id,
            macro_id: m.trim().to_string(),
            expected: Some(t.version),
        }),
        Command::ReplyTemplate(None) => {
            let items = s
                .extras
                .replies
                .iter()
                .map(|r| PickItem {
                    value: r.id.clone(),
                    label: r.title.clone(),
                    hint: crate::domain::text::one_line(&r.text),
                })
                .collect();
            pick(s, ExtraPick::ReplyTemplate, items, ExtraNote::NoTemplates)
        }
        Command::ReplyTemplate(Some(r)) => with_ticket(s, |t| ExtraEffect::RenderReply {
            id: t.id,
            template: r.trim().to_string(),
        }),
        Command::Csat(None) => {
            let items = (1..=5)
                .rev()
                .map(|n| PickItem {
                    value: n.to_string(),
                    label: format!("{n} {}", "★".repeat(n)),
                    hint: String::new(),
                })
                .collect();
            pick(s, ExtraPick::Csat, items, ExtraNote::NoMacros)
        }
        Command::Csat(Some(v)) => match v.trim().parse::<i64>() {
            Ok(score) if (1..=5).contains(&score) => with_ticket(s, |t| ExtraEffect::Rate {
                id: t.id,
                score,
                expected: Some(t.version),
            }),
            _ => {
                note(s, ExtraNote::BadScore(v));
                Vec::new()
            }
        },
        Command::Tag(None) => {
            if s.current_ticket().is_none() {
                return no_ticket(s);
            }
            // The palette, ready for the tags: no separate prompt to learn.
            s.overlay = Overlay::Palette(super::overlay::Palette {
                input: super::input::LineInput::with("tag "),
                ..Default::default()
            });
            super::palette::refresh(s);
            Vec::new()
        }
        Command::Tag(Some(text)) => {
            let tags: Vec<String> = text
                .split([',', ' ', '，'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            with_ticket(s, |t| ExtraEffect::Tag {
                id: t.id,
                tags,
                expected: Some(t.version),
            })
        }
        _ => Vec::new(),
    }
}

fn no_ticket(s: &mut State) -> Vec<Effect> {
    s.toast(Note::NoTicket);
    Vec::new()
}

fn with_ticket(
    s: &mut State,
    make: impl FnOnce(&crate::domain::ticket::Ticket) -> ExtraEffect,
) -> Vec<Effect> {
    match s.current_ticket() {
        Some(t) => vec![Effect::Extra(make(t))],
        None => no_ticket(s),
    }
}

fn pick(s: &mut State, kind: ExtraPick, items: Vec<PickItem>, empty: ExtraNote) -> Vec<Effect> {
    if s.current_ticket().is_none() {
        return no_ticket(s);
    }
    if items.is_empty() {
        note(s, empty);
        return Vec::new();
    }
    s.overlay = Overlay::Picker(Picker::new(PickKind::Extra(kind), items));
    Vec::new()
}

/// What a macro does, in short: `→ stage · priority · @agent · reply`.
fn macro_hint(m: &Macro) -> String {
    let mut parts = Vec::new();
    if let Some(st) = &m.stage {
        parts.push(format!("→ {st}"));
    }
    if let Some(p) = m.priority {
        parts.push(p.as_str().to_string());
    }
    if let Some(a) = &m.assignee {
        parts.push(format!("@{a}"));
    }
    if let Some(r) = &m.reply {
        parts.push(format!("✉ {r}"));
    }
    parts.join(" · ")
}

/// Commands while a panel is open: scroll or close.
pub fn panel_update(s: &mut State, mut p: Box<TicketPanel>, cmd: Command) -> Vec<Effect> {
    let scroll = match p.as_mut() {
        TicketPanel::Customer { scroll, .. } | TicketPanel::Visits { scroll, .. } => scroll,
    };
    match cmd {
        Command::Close | Command::Cancel | Command::Help | Command::Quit => return Vec::new(),
        Command::Down => *scroll = scroll.saturating_add(1),
        Command::Up => *scroll = scroll.saturating_sub(1),
        Command::PageDown => *scroll = scroll.saturating_add(10),
        Command::PageUp => *scroll = scroll.saturating_sub(10),
        Command::Top => *scroll = 0,
        _ => {}
    }
    s.overlay = Overlay::TicketPanel(p);
    Vec::new()
}

/// Takes a result of an effect.
pub fn handle(s: &mut State, m: ExtraMsg) -> Vec<Effect> {
    match m {
        ExtraMsg::Info(info) => {
            if let Some(d) = s.detail.as_mut().filter(|d| d.id == info.id) {
                d.info = Some(info);
            }
            Vec::new()
        }
        ExtraMsg::Customer { ticket, view } => {
            match view {
                Some(view) if matches!(s.overlay, Overlay::None) => {
                    s.overlay =
                        Overlay::TicketPanel(Box::new(TicketPanel::Customer { view, scroll: 0 }));
                }
                Some(_) => {}
                None => note(s, ExtraNote::NoCustomer { id: ticket }),
            }
            Vec::new()
        }
        ExtraMsg::Visits(rows) => {
            if matches!(s.overlay, Overlay::None) {
                s.overlay = Overlay::TicketPanel(Box::new(TicketPanel::Visits { rows, scroll: 0 }));
            }
            Vec::new()
        }
        ExtraMsg::Reply { id, text } => {
            let draft = match s.drafts.get(&(id, false)) {
                Some(d) if !d.trim().is_empty() => format!("{d}\n{text}"),
                _ => text,
            };
            s.drafts.insert((id, false), draft);
            if matches!(s.overlay, Overlay::None) && s.current_ticket().map(|t| t.id) == Some(id) {
                return super::update(s, Command::Reply(None));
            }
            Vec::new()
        }
        ExtraMsg::Done { after, note: n } => {
            let id = after.ticket.id;
            s.tickets.update_ticket(&after);
            note(s, n);
            match s.detail.as_mut().filter(|d| d.id == id) {
                Some(d) => {
                    d.view = Some(*after);
                    vec![Effect::LoadDetail { id }]
                }
                None => Vec::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State::new(&Config::builtin(), "李娜", 0, (120, 40))
    }

    #[test]
    fn breach_next_sorts_open_tickets_by_due_ascending() {
        let mut s = state();
        s.tickets.descending = true;
        let fx = update(&mut s, Command::BreachNext);
        assert_eq!(s.tickets.sort, SortKey::Due);
        assert!(!s.tickets.descending);
        assert_eq!(s.tickets.filter_text, BREACH_NEXT_FILTER);
        assert!(!fx.is_empty(), "the list reloads");
    }

    #[test]
    fn commands_without_a_ticket_say_so_and_do_nothing() {
        let mut s = state();
        for c in [
            Command::Macro(None),
            Command::Macro(Some("solve".into())),
            Command::Csat(Some("3".into())),
            Command::Tag(Some("vip".into())),
            Command::CustomerView,
        ] {
            assert!(update(&mut s, c).is_empty());
        }
        assert!(s.toasts.iter().any(|t| t.note == Note::NoTicket));
        assert!(matches!(s.overlay, Overlay::None));
    }

    #[test]
    fn a_score_outside_1_to_5_is_refused() {
        let mut s = state();
        assert!(update(&mut s, Command::Csat(Some("6".into()))).is_empty());
        assert!(s
            .toasts
            .iter()
            .any(|t| t.note == Note::Extra(ExtraNote::BadScore("6".into()))));
    }

    #[test]
    fn the_visits_panel_scrolls_and_closes() {
        let mut s = state();
        handle(&mut s, ExtraMsg::Visits(Vec::new()));
        assert!(matches!(s.overlay, Overlay::TicketPanel(_)));
        super::super::update(&mut s, Command::Down);
        let Overlay::TicketPanel(p) = &s.overlay else {
            panic!("panel")
        };
        assert_eq!(
            **p,
            TicketPanel::Visits {
                rows: Vec::new(),
                scroll: 1
            }
        );
        super::super::update(&mut s, Command::Close);
        assert!(matches!(s.overlay, Overlay::None));
    }

    #[test]
    fn macros_and_replies_come_from_the_config() {
        let s = state();
        assert!(!s.extras.macros.is_empty());
        assert!(!s.extras.replies.is_empty());
        assert_eq!(ExtraPick::ReplyTemplate.command(), "reply-template");
        assert!(Command::parse(ExtraPick::Csat.command()).is_ok());
    }
}
