//! Customer edits and the full ticket history of a customer with resolutions.

use super::write::{Columns, Entity, Stamp};
use super::{params, Conn, Value};
use crate::domain::records::{Customer, Product};
use crate::domain::ticket::Ticket;
use crate::error::Result;
use std::collections::HashMap;

impl Columns for Customer {
    const ENTITY: Entity = Entity::Customer;

    /// The editable fields, written as [`CleanText`](crate::domain::text::CleanText).
    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, Value)> {
        let t = super::customers::CustomerText::of(self);
        let opt = |v: Option<crate::domain::text::CleanText>| -> Value {
            v.map(crate::domain::text::CleanText::into_string).into()
        };
        // The name's sort key changes with it (lists sorted by customer read it).
        let key = crate::domain::collate::name_key(t.name.as_str());
        vec![
            ("name", t.name.into_string().into()),
            ("sort_key", Value::Blob(key)),
            ("organization", opt(t.organization)),
            ("email", opt(t.email)),
            ("phone", opt(t.phone)),
            ("chat", opt(t.chat)),
            ("notes", t.notes.into_string().into()),
            ("updated_at", stamp.at.into()),
        ]
    }
}

/// Every ticket of a customer, newest first (at most `limit`).
pub fn tickets(conn: &Conn, customer_id: i64, limit: usize) -> Result<Vec<Ticket>> {
    super::tickets::list_for_customer(conn, customer_id, limit)
}

/// For each ticket of a customer: the last reply to the customer (not internal notes),
/// which for a resolved or closed ticket is how it was resolved.
pub fn last_replies(conn: &Conn, customer_id: i64) -> Result<HashMap<i64, String>> {
    conn.query_map(
        "SELECT c.ticket_id, c.body FROM comments c WHERE c.id IN (
            SELECT max(c2.id) FROM comments c2 JOIN tickets t ON t.id = c2.ticket_id
            WHERE t.customer_id = ?1 AND c2.internal = 0 GROUP BY c2.ticket_id)",
        params![customer_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .map(|v| v.into_iter().collect())
}

/// One product by id.
pub fn product(conn: &Conn, id: i64) -> Result<Option<Product>> {
    conn.query_opt("SELECT id, customer_id, model, serial, purchased_on, warranty_end FROM products WHERE id = ?1", params![id], |r| {
            Ok(Product {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                model: r.get(2)?,
                serial: r.get(3)?,
                purchased_on: r.get(4)?,
                warranty_end: r.get(5)?,
            })
        })
}
