//! The new-ticket form picks customers, types, priorities and channels (issue 15
//! item 3): keys in, form state and effects out.

use super::chrome::{FormField, Overlay};
use super::msg::{Effect, Msg, TicketsFx, TicketsMsg};
use super::tests::{key, loaded, typed};
use crate::domain::records::Customer;

fn form(s: &super::State) -> &super::chrome::Form {
    match &s.overlay {
        Overlay::Form(f) => f,
        other => panic!("no form: {other:?}"),
    }
}

#[test]
fn picked_fields_open_a_picker_instead_of_taking_free_text() {
    let mut s = loaded();
    key(&mut s, "c");
    let f = form(&s);
    assert_eq!(f.ty.as_ref().map(|c| c.value.as_str()), Some("technical"));
    assert_eq!(
        f.priority.as_ref().map(|c| c.value.as_str()),
        Some("normal")
    );
    assert_eq!(f.channel.as_ref().map(|c| c.value.as_str()), Some("phone"));
    key(&mut s, "tab tab");
    assert_eq!(form(&s).field(), FormField::Type);
    typed(&mut s, "xyz");
    let p = form(&s)
        .picker
        .as_ref()
        .expect("typing opens the type picker");
    assert_eq!(p.query.text, "xyz");
    assert!(p.matches.is_empty(), "no type is called xyz");
    // Nothing chosen: Enter keeps the picker, Esc closes it, the type stays.
    key(&mut s, "enter esc");
    assert!(form(&s).picker.is_none());
    assert_eq!(
        form(&s).ty.as_ref().map(|c| c.value.as_str()),
        Some("technical")
    );
    // Enter on a picked field opens its picker; ↓ and Enter choose, focus moves on.
    key(&mut s, "tab enter");
    assert_eq!(s.contexts()[0], super::keys::Context::Picker);
    key(&mut s, "down enter");
    assert_eq!(
        form(&s).priority.as_ref().map(|c| c.value.as_str()),
        Some("low")
    );
    assert_eq!(form(&s).field(), FormField::Channel);
}

fn customer(id: i64, name: &str) -> Customer {
    Customer {
        id,
        name: name.into(),
        ..Default::default()
    }
}

#[test]
fn the_customer_picker_asks_the_database_and_drops_stale_answers() {
    let mut s = loaded();
    key(&mut s, "c tab");
    let fx = key(&mut s, "华");
    assert!(fx.contains(&Effect::Tickets(TicketsFx::FindCustomers {
        query: "华".into()
    })));
    let fx = key(&mut s, "为");
    assert!(fx.contains(&Effect::Tickets(TicketsFx::FindCustomers {
        query: "华为".into()
    })));
    // The answer to "华" comes late: ignored.
    super::handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Customers {
            query: "华".into(),
            found: vec![customer(7, "华润万家")],
        }),
    );
    let p = form(&s).picker.as_ref().unwrap();
    assert!(!p.items.iter().any(|i| i.value == "#7"));
    super::handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Customers {
            query: "华为".into(),
            found: vec![customer(3, "华为技术有限公司")],
        }),
    );
    let p = form(&s).picker.as_ref().unwrap();
    let values: Vec<&str> = p.items.iter().map(|i| i.value.as_str()).collect();
    assert_eq!(
        values,
        vec!["#3", "new:华为"],
        "existing first, creating last"
    );
    key(&mut s, "enter");
    assert_eq!(
        form(&s).customer.as_ref().map(|c| c.value.as_str()),
        Some("#3")
    );
    // Backspace on the field clears the customer.
    key(&mut s, "S-tab backspace");
    assert!(form(&s).customer.is_none());
}
