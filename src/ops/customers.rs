//! Customers in depth: editing, products bought with their warranty, the full ticket
//! history with resolutions, and the customer and warranty seen from a ticket.

use super::Desk;
use crate::domain::records::{Customer, Product};
use crate::domain::text::sanitize;
use crate::domain::ticket::Ticket;
use crate::domain::time::parse_day;
use crate::domain::warranty::{product_status, ticket_warranty, Warranty};
use crate::error::{Error, Result};
use crate::store::write::{self, Entity, Event};
use crate::store::{customer_view as cv, customers};
use chrono::NaiveDate;

/// Fields `edit_customer` may change: `None` keeps a field, an empty text clears it.
#[derive(Debug, Clone, Default)]
pub struct CustomerEdit {
    pub name: Option<String>,
    pub organization: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub chat: Option<String>,
    pub notes: Option<String>,
}

/// What a user gives to record a product a customer bought.
#[derive(Debug, Clone, Default)]
pub struct ProductInput {
    pub model: String,
    pub serial: Option<String>,
    /// YYYY-MM-DD
    pub purchased_on: Option<String>,
    /// YYYY-MM-DD
    pub warranty_end: Option<String>,
}

/// A product with its warranty status today.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductView {
    pub product: Product,
    pub warranty: Warranty,
}

/// One ticket of a customer's history: resolved or not, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub ticket: Ticket,
    /// Whether the ticket is in a resolved or closed stage.
    pub done: bool,
    /// The last reply to the customer on a done ticket.
    pub resolution: Option<String>,
}

/// Everything about a customer: contact data, products, every ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerView {
    pub customer: Customer,
    pub products: Vec<ProductView>,
    /// Every ticket, newest first.
    pub history: Vec<HistoryEntry>,
    /// How many tickets are not yet resolved or closed.
    pub open_tickets: usize,
}

/// The warranty that applies to a ticket, and the product it was taken from.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketWarranty {
    pub status: Warranty,
    pub product: Option<Product>,
}

/// The most tickets `customer_view` lists.
const HISTORY_LIMIT: usize = 10_000;

fn clean_opt(v: &str) -> Option<String> {
    let v = sanitize(v.trim());
    (!v.is_empty()).then_some(v)
}

fn check_date(what: &str, v: &Option<String>) -> Result<Option<NaiveDate>> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse_day(s).map(Some).ok_or_else(|| {
            Error::invalid(
                format!("{what} '{s}' is not a date"),
                "write dates as YYYY-MM-DD",
            )
        }),
    }
}

impl Desk {
    /// Changes a customer's contact data; each changed field is one audit event.
    pub fn edit_customer(
        &mut self,
        key: &str,
        edit: CustomerEdit,
        expected: Option<i64>,
    ) -> Result<Customer> {
        let id = self.find_customer(key)?.id;
        if let Some(e) = edit.email.as_deref().map(str::trim) {
            if !e.is_empty() && !e.contains('@') {
                return Err(Error::invalid(
                    format!("'{e}' is not an email address"),
                    "write it as name@example.com, or \"\" to clear it",
                ));
            }
        }
        let s = self.stamp();
        self.store.write(|c| {
            let old = customers::get(c, id)?;
            write::check_version(c, Entity::Customer, id, expected, old.version)?;
            let mut new = old.clone();
            if let Some(n) = &edit.name {
                new.name = clean_opt(n).ok_or_else(|| {
                    Error::invalid("a customer's name cannot be empty", "give a name")
                })?;
            }
            for (field, target) in [
                (&edit.organization, &mut new.organization),
                (&edit.email, &mut new.email),
                (&edit.phone, &mut new.phone),
                (&edit.chat, &mut new.chat),
            ] {
                if let Some(v) = field {
                    *target = clean_opt(v);
                }
            }
            if let Some(n) = &edit.notes {
                new.notes = sanitize(n.trim());
            }
            let show = |v: &Option<String>| v.clone().unwrap_or_default();
            let events: Vec<Event> = [
                ("name", old.name.clone(), new.name.clone()),
                (
                    "organization",
                    show(&old.organization),
                    show(&new.organization),
                ),
                ("email", show(&old.email), show(&new.email)),
                ("phone", show(&old.phone), show(&new.phone)),
                ("chat", show(&old.chat), show(&new.chat)),
                ("notes", old.notes.clone(), new.notes.clone()),
            ]
            .into_iter()
            .filter(|(_, a, b)| a != b)
            .map(|(field, a, b)| Event::edit(field, a, b))
            .collect();
            if events.is_empty() {
                return Ok(old);
            }
            write::update(c, &s, id, old.version, &new, events)?;
            customers::get(c, id)
        })
    }

    /// Records a product the customer bought.
    pub fn add_product(&mut self, customer: &str, input: ProductInput) -> Result<ProductView> {
        let cu = self.find_customer(customer)?;
        let model = sanitize(input.model.trim());
        if model.is_empty() {
            return Err(Error::invalid(
                "a product needs a model",
                "give one with --model \"…\"",
            ));
        }
        let purchased = check_date("purchase date", &input.purchased_on)?;
        let end = check_date("warranty end", &input.warranty_end)?;
        if let (Some(p), Some(e)) = (&purchased, &end) {
            if e < p {
                return Err(Error::invalid(
                    format!("the warranty ends ({e}) before the purchase ({p})"),
                    "check the two dates",
                ));
            }
        }
        let product = Product {
            id: 0,
            customer_id: cu.id,
            model,
            serial: input.serial.as_deref().and_then(clean_opt),
            purchased_on: purchased,
            warranty_end: end,
        };
        let s = self.stamp();
        let p = self.store.write(|c| {
            let id = customers::insert_product(c, &product, s.at)?;
            let what = match &product.serial {
                Some(serial) => format!("#{id} {} ({serial})", product.model),
                None => format!("#{id} {}", product.model),
            };
            let ev = Event::set("product", "products", what);
            write::record(c, &s, Entity::Customer, cu.id, None, &[ev])?;
            cv::product(c, id)?.ok_or_else(|| Error::not_found("product", id))
        })?;
        Ok(self.product_view(p))
    }

    fn product_view(&self, product: Product) -> ProductView {
        let warranty = product_status(&product, self.today());
        ProductView { product, warranty }
    }

    /// The products of a customer with their warranty status.
    pub fn products(&self, customer: &str) -> Result<Vec<ProductView>> {
        let cu = self.find_customer(customer)?;
        Ok(customers::products(self.store.conn(), cu.id)?
            .into_iter()
            .map(|p| self.product_view(p))
            .collect())
    }

    /// A customer with products, warranty and every ticket with its resolution.
    pub fn customer_view(&self, key: &str) -> Result<CustomerView> {
        let customer = self.find_customer(key)?;
        self.view_of(customer)
    }

    fn view_of(&self, customer: Customer) -> Result<CustomerView> {
        let c = self.store.conn();
        let wf = &self.config.workflow;
        let mut replies = cv::last_replies(c, customer.id)?;
        let history: Vec<HistoryEntry> = cv::tickets(c, customer.id, HISTORY_LIMIT)?
            .into_iter()
            .map(|t| {
                let done = wf
                    .stage(&t.ty, &t.stage)
                    .map(|s| !s.kind.is_active())
                    .unwrap_or(t.closed_at.is_some());
                let resolution = if done { replies.remove(&t.id) } else { None };
                HistoryEntry {
                    ticket: t,
                    done,
                    resolution,
                }
            })
            .collect();
        let open_tickets = history.iter().filter(|h| !h.done).count();
        let products = customers::products(c, customer.id)?
            .into_iter()
            .map(|p| self.product_view(p))
            .collect();
        Ok(CustomerView {
            customer,
            products,
            history,
            open_tickets,
        })
    }

    /// The customer of a ticket, with everything about them (None: the ticket has none).
    pub fn ticket_customer(&self, ticket_id: i64) -> Result<Option<CustomerView>> {
        let t = self.ticket(ticket_id)?;
        match t.customer_id {
            Some(id) => Ok(Some(self.view_of(customers::get(self.store.conn(), id)?)?)),
            None => Ok(None),
        }
    }

    /// The warranty that applies to a ticket: the product its text names (serial or
    /// model), else in warranty when any of the customer's products is.
    pub fn ticket_warranty(&self, ticket_id: i64) -> Result<TicketWarranty> {
        let t = self.ticket(ticket_id)?;
        self.warranty_for(&t)
    }

    /// `ticket_warranty` for a ticket already read.
    pub fn warranty_for(&self, t: &Ticket) -> Result<TicketWarranty> {
        let products = match t.customer_id {
            Some(id) => customers::products(self.store.conn(), id)?,
            None => Vec::new(),
        };
        let text = format!("{}\n{}", t.title, t.body);
        let (status, p) = ticket_warranty(&products, &text, self.today());
        Ok(TicketWarranty {
            status,
            product: p.cloned(),
        })
    }
}
