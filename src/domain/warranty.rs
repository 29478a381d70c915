//! Warranty status of a customer's products, and which product a ticket is about.

use super::records::Product;
use chrono::NaiveDate;

/// Whether a product is still under warranty on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warranty {
    InWarranty,
    Expired,
    /// No product, or no warranty end date recorded.
    Unknown,
}

impl Warranty {
    /// The stable name used in JSON (`in_warranty`, `expired`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Warranty::InWarranty => "in_warranty",
            Warranty::Expired => "expired",
            Warranty::Unknown => "unknown",
        }
    }

    /// The English label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Warranty::InWarranty => "in warranty",
            Warranty::Expired => "expired",
            Warranty::Unknown => "unknown",
        }
    }

    /// The Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            Warranty::InWarranty => "保修期内",
            Warranty::Expired => "已过保",
            Warranty::Unknown => "未知",
        }
    }
}

/// The status of one product on `today`; the end date itself is still covered.
pub fn product_status(p: &Product, today: NaiveDate) -> Warranty {
    match p.warranty_end {
        Some(end) if today <= end => Warranty::InWarranty,
        Some(_) => Warranty::Expired,
        None => Warranty::Unknown,
    }
}

/// The warranty that applies to a ticket whose title and body are `text`: the product
/// the text names (by serial, else by model) if any, else "in warranty" when any of
/// the customer's products is. Returns the status and the product it was taken from.
pub fn ticket_warranty<'a>(
    products: &'a [Product],
    text: &str,
    today: NaiveDate,
) -> (Warranty, Option<&'a Product>) {
    let hay = text.to_lowercase();
    let names = |key: &dyn Fn(&Product) -> Option<&str>| -> Vec<&'a Product> {
        products
            .iter()
            .filter(|p| {
                key(p)
                    .map(|k| k.trim().to_lowercase())
                    .is_some_and(|k| k.chars().count() >= 3 && hay.contains(&k))
            })
            .collect()
    };
    let mut named = names(&|p| p.serial.as_deref());
    if named.is_empty() {
        named = names(&|p| Some(p.model.as_str()));
    }
    let pool: Vec<&Product> = if named.is_empty() {
        products.iter().collect()
    } else {
        named
    };
    let best = |want: Warranty| pool.iter().find(|p| product_status(p, today) == want);
    if let Some(p) = best(Warranty::InWarranty) {
        return (Warranty::InWarranty, Some(p));
    }
    if let Some(p) = best(Warranty::Expired) {
        return (Warranty::Expired, Some(p));
    }
    (Warranty::Unknown, pool.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: i64, model: &str, serial: Option<&str>, end: Option<&str>) -> Product {
        Product {
            id,
            customer_id: 1,
            model: model.into(),
            serial: serial.map(str::to_string),
            purchased_on: None,
            warranty_end: end.and_then(crate::domain::time::parse_day),
        }
    }

    fn day(s: &str) -> NaiveDate {
        crate::domain::time::parse_day(s).unwrap()
    }

    #[test]
    fn product_status_counts_the_last_day() {
        let today = day("2026-03-01");
        assert_eq!(
            product_status(&p(1, "X", None, Some("2026-03-01")), today),
            Warranty::InWarranty
        );
        assert_eq!(
            product_status(&p(1, "X", None, Some("2026-02-28")), today),
            Warranty::Expired
        );
        assert_eq!(
            product_status(&p(1, "X", None, None), today),
            Warranty::Unknown
        );
        assert_eq!(
            product_status(&p(1, "X", None, Some("soon")), today),
            Warranty::Unknown
        );
    }

    #[test]
    fn a_named_serial_decides_over_other_products() {
        let today = day("2026-03-01");
        let ps = vec![
            p(1, "LaserJet 400", Some("SN-OLD-1"), Some("2025-01-01")),
            p(2, "扫描仪 S2", Some("SN-NEW-2"), Some("2027-01-01")),
        ];
        let (w, prod) = ticket_warranty(&ps, "打印机 sn-old-1 卡纸", today);
        assert_eq!((w, prod.map(|p| p.id)), (Warranty::Expired, Some(1)));
        let (w, prod) = ticket_warranty(&ps, "the 扫描仪 s2 is broken", today);
        assert_eq!((w, prod.map(|p| p.id)), (Warranty::InWarranty, Some(2)));
        // Nothing named: in warranty because one product is.
        let (w, prod) = ticket_warranty(&ps, "help", today);
        assert_eq!((w, prod.map(|p| p.id)), (Warranty::InWarranty, Some(2)));
        assert_eq!(ticket_warranty(&[], "help", today).0, Warranty::Unknown);
        let expired = vec![p(1, "A", None, Some("2020-01-01"))];
        assert_eq!(ticket_warranty(&expired, "x", today).0, Warranty::Expired);
    }
}
