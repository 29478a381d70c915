//! The dialogs that can cover a pane: help, palette, prompts, pickers, the
//! new-ticket form, the conflict dialog and read-only panels. Data only; `dialog.rs`
//! edits them.

use super::input::LineInput;
use super::picker::Picker;
use crate::app::command::CommandError;
use crate::app::msg::{Panel, TicketsFx, Write};
use crate::domain::filter::FilterError;
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
