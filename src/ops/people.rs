//! Customers and agents.

use super::{fields, Desk};
use crate::domain::records::{Agent, Customer, Product};
use crate::domain::text::sanitize;
use crate::domain::ticket::Ticket;
use crate::domain::workflow::StageKind;
use crate::error::{Error, Result};
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Conn;
use crate::store::{agents, customers};

/// What a user gives to create a customer.
#[derive(Debug, Clone, Default)]
pub struct CustomerInput {
    pub name: String,
    pub organization: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub chat: Option<String>,
    pub notes: Option<String>,
}

/// What a user gives to create an agent.
#[derive(Debug, Clone, Default)]
pub struct AgentInput {
    pub name: String,
    pub email: Option<String>,
    pub groups: Vec<String>,
    pub skills: Vec<String>,
    pub capacity_hours: Option<f64>,
}

/// A customer with products and recent tickets, for `customer show`.
#[derive(Debug, Clone)]
pub struct CustomerDetail {
    pub customer: Customer,
    pub products: Vec<Product>,
    pub ticket_count: i64,
    pub recent_tickets: Vec<Ticket>,
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(|v| sanitize(v.trim()))
        .filter(|v| !v.is_empty())
}

/// Inserts a customer with its audit event (inside a caller's transaction).
pub(crate) fn insert_customer(c: &Conn, input: &CustomerInput, s: &Stamp) -> Result<i64> {
    let name = fields::required(&input.name, "a customer", "name")?;
    let id = customers::insert(
        c,
        &Customer {
            id: 0,
            name: name.clone(),
            organization: clean(&input.organization),
            email: clean(&input.email),
            phone: clean(&input.phone),
            chat: clean(&input.chat),
            notes: clean(&input.notes).unwrap_or_default(),
            created_at: s.at,
            updated_at: s.at,
            version: 1,
            merged_into: None,
        },
    )?;
    let ev = Event::set("create", "name", name);
    write::record(c, s, Entity::Customer, id, Some(1), &[ev])?;
    Ok(id)
}

impl Desk {
    /// Creates a customer.
    pub fn create_customer(&mut self, input: CustomerInput) -> Result<Customer> {
        let s = self.stamp();
        self.store.write(|c| {
            let id = insert_customer(c, &input, &s)?;
            customers::get(c, id)
        })
    }

    /// Customers matching `text` (all when None).
    pub fn customers(&self, text: Option<&str>, limit: usize) -> Result<Vec<Customer>> {
        customers::list(self.store.conn(), text, limit)
    }

    /// A customer by id, `#id`, email or exact name.
    pub fn find_customer(&self, key: &str) -> Result<Customer> {
        let mut cu = self.find_customer_record(key)?;
        // A merged customer's id leads to the one it was merged into.
        for _ in 0..16 {
            match cu.merged_into {
                Some(next) => cu = customers::get(self.store.conn(), next)?,
                None => break,
            }
        }
        Ok(cu)
    }

    /// The customer record `key` names, merged or not: by id, email or exact name.
    pub(crate) fn find_customer_record(&self, key: &str) -> Result<Customer> {
        let c = self.store.conn();
        let key = key.trim();
        if let Ok(id) = key.trim_start_matches('#').parse::<i64>() {
            return customers::get(c, id);
        }
        let found = if key.contains('@') {
            customers::by_email(c, key)?
        } else {
            customers::by_name(c, key)?.into_iter().next()
        };
        found.ok_or_else(|| Error::NotFound {
            what: "customer",
            key: format!("'{key}'"),
            hint: Some("list customers with: aftercare customer list".into()),
        })
    }

    /// A customer with products and the newest tickets.
    pub fn customer_detail(&self, key: &str) -> Result<CustomerDetail> {
        let customer = self.find_customer(key)?;
        let c = self.store.conn();
        let recent = crate::store::tickets::list_for_customer(c, customer.id, 20)?;
        Ok(CustomerDetail {
            products: customers::products(c, customer.id)?,
            ticket_count: customers::ticket_count(c, customer.id)?,
            recent_tickets: recent,
            customer,
        })
    }

    /// Creates an agent; names are unique.
    pub fn create_agent(&mut self, input: AgentInput) -> Result<Agent> {
        let name = sanitize(input.name.trim());
        if name.is_empty() {
            return Err(Error::invalid(
                "an agent needs a name",
                "aftercare agent new NAME",
            ));
        }
        if let Some(cap) = input.capacity_hours {
            if !(0.0..=168.0).contains(&cap) {
                return Err(Error::invalid(
                    format!("capacity {cap} is not a number of hours per week"),
                    "use a value between 0 and 168",
                ));
            }
        }
        crate::domain::team::parse_skills(&input.skills).map_err(|e| {
            Error::invalid(
                e,
                "write skills as name or name:level (1-5): printer:4,invoice",
            )
        })?;
        let s = self.stamp();
        self.store.write(|c| {
            if agents::by_name(c, &name)?.is_some_and(|a| a.name == name) {
                return Err(Error::invalid(
                    format!("an agent named '{name}' already exists"),
                    "agent names are unique; list them with: aftercare agent list",
                ));
            }
            let id = agents::insert(
                c,
                &Agent {
                    name: name.clone(),
                    email: clean(&input.email),
                    groups: input.groups.clone(),
                    skills: input.skills.clone(),
                    capacity_hours: input.capacity_hours.unwrap_or(40.0),
                    active: true,
                    created_at: s.at,
                    version: 1,
                    ..Default::default()
                },
            )?;
            let ev = Event::set("create", "name", name.clone());
            write::record(c, &s, Entity::Agent, id, Some(1), &[ev])?;
            agents::get(c, id)
        })
    }

    /// Every agent with their open ticket count.
    pub fn agents(&self) -> Result<Vec<Agent>> {
        let active = self
            .config
            .workflow
            .stage_ids_of_kind(&[StageKind::Open, StageKind::Waiting]);
        agents::list(self.store.conn(), &active)
    }
}
