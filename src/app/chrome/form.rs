//! The new-ticket form: a title and a body typed in place; the customer, type,
//! priority and channel picked, never typed. A picked field opens a picker inside
//! the form (the customer's asks the database as the user types, and creating a
//! customer is one explicit item of it); the choice fills the field. Data only;
//! `form_edit.rs` applies commands to it.

use super::input::LineInput;
use super::picker::Picker;
use crate::app::command::{ArgKind, Choice};
use crate::app::msg::{NewTicketFields, Note};

/// The value of the customer item that creates a customer: `new:NAME`.
pub const NEW_CUSTOMER: &str = super::picker::NEW;

/// A field of the form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Title,
    Customer,
    Type,
    Priority,
    Channel,
    Body,
}

impl FormField {
    /// Every field, in the order of the form.
    pub const ALL: [FormField; 6] = [
        FormField::Title,
        FormField::Customer,
        FormField::Type,
        FormField::Priority,
        FormField::Channel,
        FormField::Body,
    ];

    /// What a picked field picks; None for the typed ones.
    pub fn picks(self) -> Option<ArgKind> {
        match self {
            FormField::Customer => Some(ArgKind::Customer),
            FormField::Type => Some(ArgKind::TicketType),
            FormField::Priority => Some(ArgKind::PriorityLevel),
            FormField::Channel => Some(ArgKind::ChannelName),
            FormField::Title | FormField::Body => None,
        }
    }
}

/// The new-ticket form.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub title: LineInput,
    pub body: LineInput,
    /// `#ID` of an existing customer, `new:NAME` to create one, or "" for none.
    pub customer: Option<Choice>,
    pub ty: Option<Choice>,
    pub priority: Option<Choice>,
    pub channel: Option<Choice>,
    /// Index into `FormField::ALL`.
    pub focus: usize,
    pub error: Option<Note>,
    /// The picker of the focused field, when open.
    pub picker: Option<Picker>,
}

impl Form {
    /// The focused field.
    pub fn field(&self) -> FormField {
        FormField::ALL[self.focus % FormField::ALL.len()]
    }

    /// The chosen value of a picked field.
    pub fn choice(&self, f: FormField) -> Option<&Choice> {
        match f {
            FormField::Customer => self.customer.as_ref(),
            FormField::Type => self.ty.as_ref(),
            FormField::Priority => self.priority.as_ref(),
            FormField::Channel => self.channel.as_ref(),
            FormField::Title | FormField::Body => None,
        }
    }

    /// The slot of a picked field's choice; None for the typed ones.
    pub fn choice_mut(&mut self, f: FormField) -> Option<&mut Option<Choice>> {
        match f {
            FormField::Customer => Some(&mut self.customer),
            FormField::Type => Some(&mut self.ty),
            FormField::Priority => Some(&mut self.priority),
            FormField::Channel => Some(&mut self.channel),
            FormField::Title | FormField::Body => None,
        }
    }

    /// The typed field in focus, if the focus is on one.
    pub fn text_mut(&mut self) -> Option<&mut LineInput> {
        match self.field() {
            FormField::Title => Some(&mut self.title),
            FormField::Body => Some(&mut self.body),
            _ => None,
        }
    }

    /// The typed field in focus, if the focus is on one.
    pub fn text(&self) -> Option<&LineInput> {
        match self.field() {
            FormField::Title => Some(&self.title),
            FormField::Body => Some(&self.body),
            _ => None,
        }
    }

    /// Moves the focus `delta` fields on, wrapping around.
    pub fn step(&mut self, delta: isize) {
        let n = FormField::ALL.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
    }

    /// What the form creates; None for an empty title (the form stays open, saying so).
    pub fn fields(&self) -> Option<NewTicketFields> {
        if self.title.text.trim().is_empty() {
            return None;
        }
        let value = |c: &Option<Choice>| c.as_ref().map(|c| c.value.clone()).unwrap_or_default();
        let customer = value(&self.customer);
        let (customer, new_customer) = match customer.strip_prefix(NEW_CUSTOMER) {
            Some(name) => (name.to_string(), true),
            None => (customer, false),
        };
        Some(NewTicketFields {
            title: self.title.text.clone(),
            customer,
            new_customer,
            ty: value(&self.ty),
            priority: value(&self.priority),
            channel: value(&self.channel),
            body: self.body.text.clone(),
        })
    }
}

/// The items of the customer picker beyond the database's: none (empty query), or
/// creating a customer named as typed.
pub fn customer_extras(query: &str) -> Vec<Choice> {
    let q = query.trim();
    if q.is_empty() {
        vec![Choice::plain("", "")]
    } else {
        vec![Choice {
            value: format!("{NEW_CUSTOMER}{q}"),
            label: q.to_string(),
            hint: String::new(),
        }]
    }
}
