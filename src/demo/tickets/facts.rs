//! What one ticket is about (product, serial, order, error code …), drawn once so
//! that its title, body and comments agree, and the text made from templates.

use super::kinds::{is_cjk, TypeGen};
use super::{CustomerRef, TicketGen};
use crate::demo::rng::Rng;
use crate::demo::words::render;

/// Per-ticket facts the templates refer to, drawn once so title, body and
/// comments agree.
pub struct Facts {
    pub model: &'static str,
    pub category_zh: &'static str,
    pub serial: String,
    pub purchased: String,
    pub order: u64,
    pub err: String,
    pub courier: &'static str,
    pub tracking: u64,
    pub n: i64,
    pub days: i64,
    pub amount: i64,
    pub city: &'static str,
    pub rma: u64,
    pub fw: String,
}

impl Facts {
    fn fill(&self, name: &str, out: &mut String) {
        use std::fmt::Write;
        let _ = match name {
            "product" => write!(out, "{}", self.model),
            "cat" => write!(out, "{}", self.category_zh),
            "serial" => write!(out, "{}", self.serial),
            "purchased" => write!(out, "{}", self.purchased),
            "order" => write!(out, "{}", self.order),
            "err" => write!(out, "{}", self.err),
            "courier" => write!(out, "{}", self.courier),
            "tracking" => write!(out, "{}", self.tracking),
            "n" => write!(out, "{}", self.n),
            "days" => write!(out, "{}", self.days),
            "amount" => write!(out, "{}", self.amount),
            "city" => write!(out, "{}", self.city),
            "rma" => write!(out, "RMA{}", self.rma),
            "fw" => write!(out, "{}", self.fw),
            other => write!(out, "{{{other}}}"),
        };
    }

    pub fn text(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 24);
        render(template, &mut out, &mut |name, o| self.fill(name, o));
        out
    }
}

impl<'a> TicketGen<'a> {
    pub(super) fn facts(
        &self,
        rng: &mut Rng,
        customer: Option<&CustomerRef>,
    ) -> (Facts, &'static str) {
        let w = self.words;
        let owned = customer.filter(|c| !c.models.is_empty());
        let (model, serial, purchased) = match owned {
            Some(c) => {
                let k = rng.index(c.models.len());
                (c.models[k], c.serials[k].clone(), c.purchased[k].clone())
            }
            None => {
                let m = rng.index(w.products.len());
                let serial = format!(
                    "{}{:08}",
                    w.products[m].serial_prefix,
                    rng.below(100_000_000)
                );
                (
                    m,
                    serial,
                    format!("2025-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28)),
                )
            }
        };
        let def = w.products[model];
        let err = match rng.below(4) {
            0 => format!("E{:02}", rng.range(1, 99)),
            1 => format!("0x8007{:04X}", rng.below(0x10000)),
            2 => format!("E-{}", rng.range(1000, 9999)),
            _ => format!("F{}", rng.range(0, 9)),
        };
        let facts = Facts {
            model: def.model,
            category_zh: def.category_zh,
            serial,
            purchased,
            order: rng.range(10_000, 99_999) as u64,
            err,
            courier: rng.pick::<&str>(&w.courier),
            tracking: rng.range(100_000_000_000, 999_999_999_999) as u64,
            n: rng.range(2, 9),
            days: rng.range(3, 20),
            amount: rng.range(8, 500) * 10,
            city: rng.pick(&w.zh_city).0,
            rma: rng.range(1_000_000, 9_999_999) as u64,
            fw: format!(
                "{}.{}.{}",
                rng.range(1, 5),
                rng.range(0, 9),
                rng.range(0, 30)
            ),
        };
        (facts, def.category)
    }

    pub(super) fn body(&self, rng: &mut Rng, ty: &TypeGen<'a>, facts: &Facts) -> String {
        let any = self
            .words
            .bodies
            .get("any")
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let n = 1 + rng.weighted(&[35.0, 35.0, 20.0, 10.0]);
        let mut used: Vec<&str> = Vec::with_capacity(n);
        let mut out = String::new();
        for _ in 0..n {
            let list = if rng.chance(0.5) && !ty.bodies.is_empty() {
                ty.bodies
            } else {
                any
            };
            if list.is_empty() {
                break;
            }
            let s = *rng.pick(list);
            if used.contains(&s) {
                continue;
            }
            used.push(s);
            let text = facts.text(s);
            let cjk_join =
                out.chars().last().is_some_and(is_cjk) && text.chars().next().is_some_and(is_cjk);
            if !out.is_empty() && !cjk_join {
                out.push(' ');
            }
            out.push_str(&text);
        }
        out
    }
}
