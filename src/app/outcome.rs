//! What a pane's or a dialog's `update` gives back: effects for the event loop, a
//! dialog to open, notes for the user, and requests for the console (another pane,
//! a draft, a command to run). A pane changes only its own state; everything else
//! it asks for here.

use super::chrome::Overlay;
use super::command::{Choice, Command};
use super::ctx::Pane;
use super::msg::{Effect, Note};

/// Something a pane asks of the console.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Run this command (a picker's choice, the palette's line, a follow-up).
    Run(Command),
    /// Bring a pane on screen (loading it the first time) if it is not already.
    Show(Pane),
    /// Open ticket `id` in the Tickets pane's detail.
    OpenTicket(i64),
    /// Show the Projects pane on project `id`.
    ShowProject(i64),
    /// Set (or, with None, drop) the unsent reply or note of a ticket.
    Draft {
        ticket: i64,
        internal: bool,
        text: Option<String>,
    },
    /// Reload what is on screen.
    Refresh,
    /// Close the open dialog.
    CloseDialog,
    /// Close the new-ticket form if it is open (its ticket exists now).
    CloseForm,
    /// Show this error in the open form (or as a toast when none is open).
    FormError(Note),
    /// New items for the open picker of `command` (a ranking arrived).
    PickerItems(Command, Vec<Choice>),
    /// Customers the database found for the form's customer picker (`query`).
    CustomersFound {
        query: String,
        found: Vec<Choice>,
    },
    ClearToasts,
}

/// The result of one command or message.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    /// A dialog to open over the pane.
    pub overlay: Option<Overlay>,
    pub notes: Vec<Note>,
    pub requests: Vec<Request>,
}

impl Outcome {
    /// Nothing to do.
    pub fn none() -> Outcome {
        Outcome::default()
    }

    /// These effects, nothing else.
    pub fn effects(effects: Vec<Effect>) -> Outcome {
        Outcome {
            effects,
            ..Default::default()
        }
    }

    /// One effect.
    pub fn effect(e: impl Into<Effect>) -> Outcome {
        Outcome::effects(vec![e.into()])
    }

    /// Just a note for the user.
    pub fn note(n: impl Into<Note>) -> Outcome {
        Outcome::none().and_note(n)
    }

    /// Opens `o`.
    pub fn dialog(o: Overlay) -> Outcome {
        Outcome {
            overlay: Some(o),
            ..Default::default()
        }
    }

    /// A request of the console.
    pub fn request(r: Request) -> Outcome {
        Outcome::none().and(r)
    }

    /// Adds a note.
    pub fn and_note(mut self, n: impl Into<Note>) -> Outcome {
        self.notes.push(n.into());
        self
    }

    /// Adds an effect.
    pub fn and_effect(mut self, e: impl Into<Effect>) -> Outcome {
        self.effects.push(e.into());
        self
    }

    /// Adds a request.
    pub fn and(mut self, r: Request) -> Outcome {
        self.requests.push(r);
        self
    }

    /// Adds everything of `other`.
    pub fn merge(mut self, other: Outcome) -> Outcome {
        self.effects.extend(other.effects);
        self.notes.extend(other.notes);
        self.requests.extend(other.requests);
        if other.overlay.is_some() {
            self.overlay = other.overlay;
        }
        self
    }
}
