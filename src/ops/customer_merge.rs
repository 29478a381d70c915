//! Two customer records that are the same person or company become one: tickets,
//! products and projects move to the one that remains, contact data missing there is
//! filled in, and the other record stays behind as a pointer to it.

use super::Desk;
use crate::domain::records::Customer;
use crate::error::{Error, Result};
use crate::store::customers::{self, Moved};
use crate::store::write::{self, Entity, Event};

/// What `merge_customers` did.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerMerge {
    /// The merged record, now pointing at `into`.
    pub from: Customer,
    /// The record that remains, as this transaction wrote it.
    pub into: Customer,
    pub moved: Moved,
}

impl Desk {
    /// Merges customer `from` into `into`. `expected` is `from`'s version, when given.
    pub fn merge_customers(
        &mut self,
        from: &str,
        into: &str,
        expected: Option<i64>,
    ) -> Result<CustomerMerge> {
        let a = self.find_customer_record(from)?;
        let b = self.find_customer_record(into)?;
        if a.id == b.id {
            return Err(Error::invalid(
                format!("customer #{} cannot be merged into itself", a.id),
                "aftercare customer merge DUPLICATE INTO",
            ));
        }
        let s = self.stamp();
        let now = s.at;
        self.store.write(|c| {
            let a = customers::get(c, a.id)?;
            let b = customers::get(c, b.id)?;
            write::check_version(c, Entity::Customer, a.id, expected, a.version)?;
            if let Some(m) = a.merged_into {
                return Err(Error::invalid(
                    format!("customer #{} was already merged into #{m}", a.id),
                    "a customer is merged once",
                ));
            }
            if let Some(m) = b.merged_into {
                return Err(Error::invalid(
                    format!("customer #{} was itself merged into #{m}", b.id),
                    format!("merge into #{m} instead"),
                ));
            }
            let moved = customers::move_records(c, &s, a.id, b.id)?;
            let mut kept = b.clone();
            let extra = fill_contacts(&a, &mut kept);
            if !extra.is_empty() {
                let line = format!("From #{} {}: {}", a.id, a.name, extra.join(", "));
                kept.notes = [kept.notes.trim(), line.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            if kept != b {
                kept.version = write::update(c, &s, b.id, b.version, &kept, Vec::new())?.version;
                kept.updated_at = now;
            }
            let ev = Event::set("merge", "merged_into", format!("#{}", b.id));
            let merged = customers::MergedInto(b.id);
            let from_version = write::update(c, &s, a.id, a.version, &merged, vec![ev])?.version;
            let ev = Event::set("merge", "merged_from", format!("#{}", a.id));
            write::record(c, &s, Entity::Customer, b.id, Some(kept.version), &[ev])?;
            let from = Customer {
                merged_into: Some(b.id),
                version: from_version,
                updated_at: now,
                ..a
            };
            Ok(CustomerMerge {
                from,
                into: kept,
                moved,
            })
        })
    }
}

/// Copies `from`'s contact data into the empty fields of `into`; returns the values
/// that differ from what `into` already has (to keep in its notes).
fn fill_contacts(from: &Customer, into: &mut Customer) -> Vec<String> {
    let mut extra = Vec::new();
    for (label, theirs, ours) in [
        ("organisation", &from.organization, &mut into.organization),
        ("email", &from.email, &mut into.email),
        ("phone", &from.phone, &mut into.phone),
        ("chat", &from.chat, &mut into.chat),
    ] {
        match (theirs, ours.as_ref()) {
            (Some(t), None) => *ours = Some(t.clone()),
            (Some(t), Some(o)) if t != o => extra.push(format!("{label} {t}")),
            _ => {}
        }
    }
    if !from.notes.trim().is_empty() {
        extra.push(from.notes.trim().to_string());
    }
    extra
}
