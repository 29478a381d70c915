//! Customers and the products they bought.

use super::write::{self, Columns, Entity, Event, Stamp};
use super::{params, Conn, Row, Value};
use crate::domain::records::{Customer, Product};
use crate::domain::text::CleanText;
use crate::error::{Error, Result};

const COLS: &str =
    "id, name, organization, email, phone, chat, notes, created_at, updated_at, version, merged_into";

fn from_row(r: &Row<'_>) -> Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        name: r.get(1)?,
        organization: r.get(2)?,
        email: r.get(3)?,
        phone: r.get(4)?,
        chat: r.get(5)?,
        notes: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        version: r.get(9)?,
        merged_into: r.get(10)?,
    })
}

/// Inserts a customer (its `id` is used when positive) and returns the id; its text
/// is written as [`CleanText`].
pub fn insert(conn: &Conn, c: &Customer) -> Result<i64> {
    let t = CustomerText::of(c);
    conn.insert(
        &format!(
            "INSERT INTO customers ({COLS}, sort_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        ),
        params![
            (c.id > 0).then_some(c.id),
            t.name.as_str(),
            t.organization.as_deref(),
            t.email.as_deref(),
            t.phone.as_deref(),
            t.chat.as_deref(),
            t.notes.as_str(),
            c.created_at,
            c.updated_at,
            c.version.max(1),
            c.merged_into,
            crate::domain::collate::name_key(t.name.as_str())
        ],
    )
}

/// One customer by id.
pub fn get(conn: &Conn, id: i64) -> Result<Customer> {
    conn.query_opt(
        &format!("SELECT {COLS} FROM customers WHERE id = ?1"),
        params![id],
        from_row,
    )?
    .ok_or_else(|| Error::NotFound {
        what: "customer",
        key: format!("#{id}"),
        hint: Some("list customers with: aftercare customer list".into()),
    })
}

/// Customers whose name is exactly `name`.
pub fn by_name(conn: &Conn, name: &str) -> Result<Vec<Customer>> {
    conn.query_map(
        &format!(
        "SELECT {COLS} FROM customers WHERE name = ?1 AND merged_into IS NULL ORDER BY id LIMIT 20"
    ),
        params![name],
        from_row,
    )
}

/// The customer with this email address, if any.
pub fn by_email(conn: &Conn, email: &str) -> Result<Option<Customer>> {
    conn.query_opt(
        &format!(
            "SELECT {COLS} FROM customers WHERE {} AND merged_into IS NULL ORDER BY id LIMIT 1",
            conn.nocase_eq("email", 1)
        ),
        params![email],
        from_row,
    )
}

/// Customers whose name, organisation, email or phone contains `text` (all when
/// empty), by id.
pub fn list(conn: &Conn, text: Option<&str>, limit: usize) -> Result<Vec<Customer>> {
    let pattern = super::like_pattern(text.unwrap_or(""));
    let like = conn.like();
    conn.query_map(
        &format!(
            "SELECT {COLS} FROM customers
             WHERE merged_into IS NULL
               AND (?1 = '%%' OR name {like} ?1 ESCAPE '\\' OR organization {like} ?1 ESCAPE '\\'
                    OR email {like} ?1 ESCAPE '\\' OR phone {like} ?1 ESCAPE '\\')
             ORDER BY id LIMIT ?2"
        ),
        params![pattern, limit as i64],
        from_row,
    )
}

/// Adds a product to a customer.
pub fn insert_product(conn: &Conn, p: &Product, at: i64) -> Result<i64> {
    conn.insert(
        "INSERT INTO products (customer_id, model, serial, purchased_on, warranty_end, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            p.customer_id,
            p.model,
            p.serial,
            p.purchased_on,
            p.warranty_end,
            at
        ],
    )
}

/// The products a customer bought.
pub fn products(conn: &Conn, customer_id: i64) -> Result<Vec<Product>> {
    conn.query_map(
        "SELECT id, customer_id, model, serial, purchased_on, warranty_end FROM products
         WHERE customer_id = ?1 ORDER BY id",
        params![customer_id],
        |r| {
            Ok(Product {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                model: r.get(2)?,
                serial: r.get(3)?,
                purchased_on: r.get(4)?,
                warranty_end: r.get(5)?,
            })
        },
    )
}

/// Number of tickets of a customer.
pub fn ticket_count(conn: &Conn, customer_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM tickets WHERE customer_id = ?1",
        params![customer_id],
        |r| r.get(0),
    )
}

/// A customer's text as written: every field cleaned.
pub(super) struct CustomerText {
    pub name: CleanText,
    pub organization: Option<CleanText>,
    pub email: Option<CleanText>,
    pub phone: Option<CleanText>,
    pub chat: Option<CleanText>,
    pub notes: CleanText,
}

impl CustomerText {
    pub(super) fn of(c: &Customer) -> CustomerText {
        let opt = |v: &Option<String>| v.as_deref().map(CleanText::new);
        CustomerText {
            name: CleanText::new(&c.name),
            organization: opt(&c.organization),
            email: opt(&c.email),
            phone: opt(&c.phone),
            chat: opt(&c.chat),
            notes: CleanText::new(&c.notes),
        }
    }
}

/// What `merge` moved from one customer to another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moved {
    pub tickets: usize,
    pub products: usize,
    pub projects: usize,
}

/// Moves every ticket, product and project of customer `from` to `into`; each moved
/// ticket gets a new version (so open screens refresh) and an audit event.
pub fn move_records(conn: &Conn, s: &Stamp, from: i64, into: i64) -> Result<Moved> {
    let ids: Vec<(i64, i64)> = conn.query_map(
        "SELECT id, version FROM tickets WHERE customer_id = ?1 ORDER BY id",
        params![from],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let u = super::tickets::TicketUpdate {
        customer_id: Some(Some(into)),
        ..Default::default()
    };
    for (id, version) in &ids {
        let ev = Event::edit("customer", format!("#{from}"), format!("#{into}"));
        write::update(conn, s, *id, *version, &u, vec![ev])?;
    }
    let products = conn.execute(
        "UPDATE products SET customer_id = ?2 WHERE customer_id = ?1",
        params![from, into],
    )?;
    let projects = conn.execute(
        "UPDATE projects SET customer_id = ?2 WHERE customer_id = ?1",
        params![from, into],
    )?;
    Ok(Moved {
        tickets: ids.len(),
        products,
        projects,
    })
}

/// A customer marked as merged into another (the pointer it leaves behind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergedInto(pub i64);

impl Columns for MergedInto {
    const ENTITY: Entity = Entity::Customer;

    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, Value)> {
        vec![
            ("merged_into", self.0.into()),
            ("updated_at", stamp.at.into()),
        ]
    }
}
