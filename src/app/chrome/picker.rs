//! A menu of an argument's values, narrowed by typing: over a pane for a command's
//! argument, or inside the new-ticket form for a picked field. Data and its own
//! narrowing only; `dialog.rs` and `form_edit.rs` drive it.

use super::fuzzy;
use super::input::LineInput;
use crate::app::command::{ArgKind, Choice, Command};

/// The value prefix of an item that creates what was typed (`new:NAME`).
pub const NEW: &str = "new:";

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
