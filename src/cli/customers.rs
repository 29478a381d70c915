//! `aftercare customer show|edit|product …`: the customer in depth.

use super::output::{self, short, ts, Record};
use super::{CustomerCmd, Format, ProductCmd};
use crate::domain::text::one_line;
use crate::error::Result;
use crate::ops::{CustomerEdit, CustomerView, Desk, ProductInput, ProductView};
use serde_json::{json, Value};

impl Record for ProductView {
    fn headers() -> Vec<&'static str> {
        vec![
            "id",
            "model",
            "serial",
            "purchased",
            "warranty_end",
            "warranty",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let p = &self.product;
        vec![
            p.id.to_string(),
            p.model.clone(),
            p.serial.clone().unwrap_or_default(),
            output::day(p.purchased_on),
            output::day(p.warranty_end),
            self.warranty.label().into(),
        ]
    }
    fn json(&self) -> Value {
        let p = &self.product;
        json!({
            "id": p.id,
            "customer_id": p.customer_id,
            "model": p.model,
            "serial": p.serial,
            "purchased_on": p.purchased_on,
            "warranty_end": p.warranty_end,
            "warranty": self.warranty.as_str(),
        })
    }
}

/// The JSON of a customer view: contact data, products, every ticket with resolution.
pub fn view_json(desk: &Desk, v: &CustomerView) -> Value {
    let mut out = v.customer.json();
    out["products"] = v.products.iter().map(Record::json).collect();
    out["ticket_count"] = json!(v.history.len());
    out["open_tickets"] = json!(v.open_tickets);
    out["tickets"] = v
        .history
        .iter()
        .map(|h| {
            let t = &h.ticket;
            json!({
                "id": t.id,
                "title": t.title,
                "stage": t.stage,
                "type": t.ty,
                "priority": t.priority.as_str(),
                "channel": t.channel.as_str(),
                "created_at": ts(Some(t.created_at)),
                "resolved_at": ts(t.resolved_at),
                "closed_at": ts(t.closed_at),
                "done": h.done,
                "resolution": h.resolution,
                "sla": desk.ticket_view(t.clone()).sla.as_str(),
            })
        })
        .collect();
    out
}

/// Prints a customer view.
pub fn print_view(desk: &Desk, v: &CustomerView, f: Format) -> Result<()> {
    match f {
        Format::Json => output::json(&view_json(desk, v)),
        Format::Csv => output::one(f, &v.customer),
        Format::Table | Format::Md | Format::Html => {
            output::one(f, &v.customer)?;
            let mut text = String::new();
            if !v.customer.notes.is_empty() {
                text.push_str(&format!("notes         {}\n", one_line(&v.customer.notes)));
            }
            text.push_str(&format!("\nProducts ({})\n", v.products.len()));
            if !v.products.is_empty() {
                let rows: Vec<Vec<String>> = v.products.iter().map(Record::cells).collect();
                text.push_str(&output::table(&ProductView::headers(), &rows));
            }
            text.push_str(&format!(
                "\nTickets ({} in all, {} open; newest first)\n",
                v.history.len(),
                v.open_tickets
            ));
            let rows: Vec<Vec<String>> = v
                .history
                .iter()
                .map(|h| {
                    vec![
                        h.ticket.id.to_string(),
                        short(Some(h.ticket.created_at)),
                        h.ticket.stage.clone(),
                        h.ticket.title.clone(),
                        h.resolution.as_deref().map(one_line).unwrap_or_default(),
                    ]
                })
                .collect();
            text.push_str(&output::table(
                &["id", "created", "stage", "title", "resolution"],
                &rows,
            ));
            output::emit(&text)
        }
    }
}

/// Runs `customer show`, `customer edit` and `customer product …`.
pub fn run(desk: &mut Desk, cmd: &CustomerCmd, f: Format) -> Result<()> {
    match cmd {
        CustomerCmd::Show { customer } => {
            let v = desk.customer_view(customer)?;
            print_view(desk, &v, f)
        }
        CustomerCmd::Edit(e) => {
            let c = desk.edit_customer(
                &e.customer,
                CustomerEdit {
                    name: e.name.clone(),
                    organization: e.org.clone(),
                    email: e.email.clone(),
                    phone: e.phone.clone(),
                    chat: e.chat.clone(),
                    notes: e.notes.clone(),
                },
                e.if_version,
            )?;
            match f {
                Format::Json | Format::Csv => output::one(f, &c),
                _ => output::emit(&format!(
                    "customer #{} updated (version {})\n",
                    c.id, c.version
                )),
            }
        }
        CustomerCmd::Product(ProductCmd::Add(a)) => {
            let p = desk.add_product(
                &a.customer,
                ProductInput {
                    model: a.model.clone(),
                    serial: a.serial.clone(),
                    purchased_on: a.purchased.clone(),
                    warranty_end: a.warranty_end.clone(),
                },
            )?;
            match f {
                Format::Json | Format::Csv => output::one(f, &p),
                _ => output::emit(&format!("{}\n", p.product.id)),
            }
        }
        CustomerCmd::Product(ProductCmd::List { customer }) => {
            output::list(f, &desk.products(customer)?)
        }
        CustomerCmd::Merge {
            from,
            into,
            if_version,
        } => {
            let m = desk.merge_customers(from, into, *if_version)?;
            match f {
                Format::Json => output::emit(&format!(
                    "{}\n",
                    json!({
                        "from": m.from.json(),
                        "into": m.into.json(),
                        "moved": {
                            "tickets": m.moved.tickets,
                            "products": m.moved.products,
                            "projects": m.moved.projects,
                        },
                    })
                )),
                _ => output::emit(&format!(
                    "customer #{} merged into #{} {} (version {}): {} tickets, {} products, {} projects moved\n",
                    m.from.id,
                    m.into.id,
                    one_line(&m.into.name),
                    m.into.version,
                    m.moved.tickets,
                    m.moved.products,
                    m.moved.projects
                )),
            }
        }
        _ => Err(crate::error::Error::msg("not a customer detail command")),
    }
}
