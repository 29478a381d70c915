//! The modal layers over a pane: help, palette, prompts, pickers, the new-ticket
//! form and the conflict dialog.

use super::effect::Write;
use super::fuzzy;
use super::input::LineInput;
use crate::domain::ticket::Ticket;

/// What covers the pane, if anything.
#[derive(Debug, Clone, Default)]
pub enum Overlay {
    #[default]
    None,
    Help {
        scroll: u16,
    },
    Palette(Palette),
    Prompt(Prompt),
    Picker(Picker),
    Form(Form),
    Conflict(Box<Conflict>),
    /// The customer view or today's return visits.
    TicketPanel(Box<super::ticket_extras::TicketPanel>),
}

/// What a one-line prompt is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptKind {
    Filter,
    /// A reply (internal = false) or note on ticket `id`, seen at version `expected`.
    Comment {
        id: i64,
        internal: bool,
        expected: Option<i64>,
    },
}

/// A one-line prompt at the bottom of the screen.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: LineInput,
    /// A problem with the text so far: (column, message).
    pub error: Option<(usize, String)>,
}

/// What a picker chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    Move,
    Assign,
    Priority,
    Type,
    Sort,
    View,
    /// Macros, canned replies, satisfaction scores.
    Extra(super::ticket_extras::ExtraPick),
}

impl PickKind {
    /// The command name the chosen value is given to.
    pub fn command(self) -> &'static str {
        match self {
            PickKind::Move => "move",
            PickKind::Assign => "assign",
            PickKind::Priority => "priority",
            PickKind::Type => "type",
            PickKind::Sort => "sort",
            PickKind::View => "view",
            PickKind::Extra(k) => k.command(),
        }
    }
}

/// One choice: the value passed on, what is shown, and a detail column.
#[derive(Debug, Clone, PartialEq)]
pub struct PickItem {
    pub value: String,
    pub label: String,
    pub hint: String,
}

/// A menu with fuzzy narrowing by typing.
#[derive(Debug, Clone)]
pub struct Picker {
    pub kind: PickKind,
    pub items: Vec<PickItem>,
    pub query: LineInput,
    /// Indices into `items` that match the query, best first.
    pub matches: Vec<usize>,
    /// Index into `matches`.
    pub selected: usize,
}

impl Picker {
    /// A picker over `items`, all shown.
    pub fn new(kind: PickKind, items: Vec<PickItem>) -> Picker {
        let matches = (0..items.len()).collect();
        Picker {
            kind,
            items,
            query: LineInput::default(),
            matches,
            selected: 0,
        }
    }

    /// Re-ranks the items after the query changed.
    pub fn refilter(&mut self) {
        let hay: Vec<String> = self
            .items
            .iter()
            .map(|i| format!("{} {} {}", i.label, i.value, i.hint))
            .collect();
        self.matches = fuzzy::rank(&self.query.text, &hay);
        self.selected = 0;
    }

    /// The highlighted item.
    pub fn chosen(&self) -> Option<&PickItem> {
        self.matches
            .get(self.selected)
            .and_then(|i| self.items.get(*i))
    }

    /// Moves the highlight by `delta`, staying in range.
    pub fn step(&mut self, delta: i64) {
        if self.matches.is_empty() {
            return;
        }
        let last = self.matches.len() as i64 - 1;
        self.selected = (self.selected as i64 + delta).clamp(0, last) as usize;
    }
}

/// One palette suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// The text Tab puts into the palette.
    pub text: String,
    /// What the list shows.
    pub label: String,
    /// The description column.
    pub desc: String,
}

/// The `:` command line with completion.
#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: LineInput,
    pub completions: Vec<Completion>,
    pub selected: usize,
    pub error: Option<String>,
}

/// The fields of the new-ticket form, in order.
pub const FORM_FIELDS: usize = 5;

/// The new-ticket form: title, customer, type, priority, body.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub fields: [LineInput; FORM_FIELDS],
    pub focus: usize,
    pub error: Option<super::note::Note>,
}

/// A save that met someone else's newer version.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// My change, to apply on top of theirs if I choose so.
    pub write: Write,
    /// The ticket as I saw it.
    pub mine: Option<Ticket>,
    /// The ticket as it is now.
    pub theirs: Ticket,
    /// Who changed it and when (the operation's message).
    pub message: String,
}
