//! The dialogs that can cover a pane: help, palette, prompts, pickers, the
//! new-ticket form, the conflict dialog and read-only panels. Data only; `dialog.rs`
//! edits them.

use super::fuzzy;
use super::input::LineInput;
use crate::app::command::{ArgKind, Choice, Command, CommandError};
use crate::app::msg::{Panel, TicketsFx, Write};
use crate::domain::filter::FilterError;
use crate::domain::ticket::Ticket;

/// The value prefix of an item that creates what was typed (`new:NAME`).
pub const NEW: &str = "new:";

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
    Form(Box<super::form::Form>),
    Conflict(Box<Conflict>),
    /// A customer-visible message waiting for the agent's word.
    Confirm(Box<Confirm>),
    /// A read-only panel (the customer view, today's return visits).
    Panel {
        panel: Box<Panel>,
        scroll: u16,
    },
}

impl Overlay {
    /// Whether a dialog is open.
    pub fn is_open(&self) -> bool {
        !matches!(self, Overlay::None)
    }
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
    /// A problem with the filter typed so far.
    pub error: Option<FilterError>,
}

impl Prompt {
    /// A prompt of `kind` holding `text`.
    pub fn new(kind: PromptKind, text: &str) -> Prompt {
        Prompt {
            kind,
            input: LineInput::with(text),
            error: None,
        }
    }
}

/// A menu of an argument's values with fuzzy narrowing by typing; the chosen value
/// is given to `command` (or, inside the new-ticket form, to the field).
#[derive(Debug, Clone)]
pub struct Picker {
    pub command: Option<Command>,
    pub kind: ArgKind,
    /// The items are the database's answer to the query (customers): typing asks
    /// again instead of narrowing them here.
    pub remote: bool,
    /// Ends with an item that creates what was typed (`new:TEXT`), whatever the
    /// ranking: creating is chosen, never guessed.
    pub creates: bool,
    pub items: Vec<Choice>,
    pub query: LineInput,
    /// Indices into `items` that match the query, best first.
    pub matches: Vec<usize>,
    /// Index into `matches`.
    pub selected: usize,
}

impl Picker {
    /// A picker over `items` for `command`, all shown.
    pub fn new(command: Command, items: Vec<Choice>) -> Picker {
        let kind = command.spec().arg.unwrap_or(ArgKind::FreeText);
        let mut p = Picker::of_kind(kind, items);
        p.command = Some(command);
        p
    }

    /// A picker of `kind` values for a form field, all shown.
    pub fn of_kind(kind: ArgKind, items: Vec<Choice>) -> Picker {
        let matches = (0..items.len()).collect();
        Picker {
            command: None,
            kind,
            remote: false,
            creates: false,
            items,
            query: LineInput::default(),
            matches,
            selected: 0,
        }
    }

    /// Re-ranks the items after the query changed.
    pub fn refilter(&mut self) {
        if self.creates {
            self.items.retain(|i| !i.value.starts_with(NEW));
        }
        let hay: Vec<String> = self
            .items
            .iter()
            .map(|i| format!("{} {} {}", i.label, i.value, i.hint))
            .collect();
        self.matches = fuzzy::rank(&self.query.text, &hay);
        let q = self.query.text.trim();
        if self.creates && !q.is_empty() {
            self.items.push(Choice {
                value: format!("{NEW}{q}"),
                label: q.to_string(),
                hint: String::new(),
            });
            self.matches.push(self.items.len() - 1);
        }
        self.selected = 0;
    }

    /// New items (a better order arrived): best first unless the user is narrowing.
    pub fn replace_items(&mut self, items: Vec<Choice>) {
        self.items = items;
        if self.query.text.is_empty() {
            self.matches = (0..self.items.len()).collect();
            self.selected = 0;
        } else {
            self.refilter();
        }
    }

    /// The highlighted item.
    pub fn chosen(&self) -> Option<&Choice> {
        self.matches
            .get(self.selected)
            .and_then(|i| self.items.get(*i))
    }

    /// Moves the highlight by `delta`, staying in range.
    pub fn step(&mut self, delta: i64) {
        self.selected = super::cursor::stepped(self.selected, delta, self.matches.len());
    }
}

/// One palette suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// The text Tab puts into the palette.
    pub text: String,
    /// What the list shows.
    pub label: String,
    /// The description column (empty for a command: the UI describes it).
    pub desc: String,
}

/// The `:` command line with completion.
#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: LineInput,
    pub completions: Vec<Completion>,
    pub selected: usize,
    pub error: Option<CommandError>,
    /// The text the completions were made for; they are redone when it changes.
    pub completed: Option<String>,
    /// The user moved through the suggestions: Enter runs the highlighted one even
    /// when the typed name is no command.
    pub moved: bool,
}

impl Palette {
    /// A palette holding `text`.
    pub fn with(text: &str) -> Palette {
        Palette {
            input: LineInput::with(text),
            ..Default::default()
        }
    }
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

/// What a message waiting in the confirm dialog is.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfirmKind {
    /// The agent's reply (editable again in $EDITOR, seen at version `expected`).
    Reply { expected: Option<i64> },
    /// The update a stage sends (`stage`: its label) when the change is made.
    Update { stage: String },
    /// A macro that replies or moves the ticket into a stage with an update.
    Macro { title: String },
}

/// A message the customer would see, shown before it goes: send, edit or cancel
/// (undo cannot call back what a customer was told).
#[derive(Debug, Clone)]
pub struct Confirm {
    pub kind: ConfirmKind,
    /// The ticket it is about (the first, for a change of several).
    pub id: i64,
    /// How many tickets the change touches.
    pub n: usize,
    /// What the customer reads (placeholders filled as far as the console knows them).
    pub text: String,
    /// The work that makes the change and sends the message.
    pub send: TicketsFx,
}
