//! `aftercare customer …` and `aftercare agent …`

use super::output::{self, ts, Record};
use super::{CustomerCmd, Format};
use crate::domain::records::{Agent, Customer};
use crate::error::Result;
use crate::ops::{CustomerInput, Desk};
use serde_json::{json, Value};

impl Record for Customer {
    fn headers() -> Vec<&'static str> {
        vec!["id", "name", "organization", "email", "phone", "chat"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.name.clone(),
            self.organization.clone().unwrap_or_default(),
            self.email.clone().unwrap_or_default(),
            self.phone.clone().unwrap_or_default(),
            self.chat.clone().unwrap_or_default(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "organization": self.organization,
            "email": self.email,
            "phone": self.phone,
            "chat": self.chat,
            "notes": self.notes,
            "created_at": ts(Some(self.created_at)),
            "updated_at": ts(Some(self.updated_at)),
            "version": self.version,
            "merged_into": self.merged_into,
        })
    }
}

impl Record for Agent {
    fn headers() -> Vec<&'static str> {
        vec![
            "id", "name", "email", "groups", "skills", "capacity", "open",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.name.clone(),
            self.email.clone().unwrap_or_default(),
            self.groups.join(","),
            self.skills.join(","),
            format!("{}", self.capacity_hours),
            self.open_tickets.to_string(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "groups": self.groups,
            "skills": self.skills,
            "capacity_hours": self.capacity_hours,
            "active": self.active,
            "open_tickets": self.open_tickets,
            "created_at": ts(Some(self.created_at)),
            "version": self.version,
        })
    }
}

/// Runs a customer command.
pub fn customer(desk: &mut Desk, cmd: &CustomerCmd, f: Format) -> Result<()> {
    match cmd {
        CustomerCmd::New(n) => {
            let c = desk.create_customer(CustomerInput {
                name: n.name.clone(),
                organization: n.org.clone(),
                email: n.email.clone(),
                phone: n.phone.clone(),
                chat: n.chat.clone(),
                notes: n.notes.clone(),
            })?;
            match f {
                Format::Table => output::emit(&format!("{}\n", c.id)),
                _ => output::one(f, &c),
            }
        }
        CustomerCmd::List { query, limit } => {
            output::list(f, &desk.customers(query.as_deref(), *limit)?)
        }
        CustomerCmd::Show { .. }
        | CustomerCmd::Edit(_)
        | CustomerCmd::Product(_)
        | CustomerCmd::Merge { .. } => super::customers::run(desk, cmd, f),
    }
}
