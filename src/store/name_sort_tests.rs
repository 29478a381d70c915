//! Lists sorted by customer or assignee name (issue 15 item 9): pinyin order, every
//! row once across pages in both directions, broad and narrow filters (on both
//! engines: PostgreSQL's BYTEA keys compare byte by byte as SQLite's BLOBs do), and
//! SQLite's query plans that read the name index instead of sorting every ticket.

use super::tickets::{self, Cursor, ListQuery, SortKey};
use crate::config::Config;
use crate::domain::collate::name_key;
use crate::domain::filter::Filter;
use crate::domain::ticket::Ticket;
use crate::ops::{AgentInput, CustomerEdit, CustomerInput, Desk, TicketInput};
use crate::store::test_db::{on_both, TestDb};

fn desk(db: &TestDb) -> Desk {
    Desk::open(&db.path, Config::builtin(), "tester").expect("open")
}

/// A desk with customers and agents of Chinese and Latin names (two customers share
/// a name), and tickets spread over them, some with no customer or no assignee.
fn filled(db: &TestDb) -> Desk {
    let mut d = desk(db);
    let mut customers = Vec::new();
    for c in ["张三", "李四", "王五", "Acme Ltd", "阿里", "李四"] {
        customers.push(
            d.create_customer(CustomerInput {
                name: c.into(),
                ..Default::default()
            })
            .expect("customer")
            .id,
        );
    }
    let agents = ["张伟", "李娜", "王芳", "Bob"];
    let mut agent_ids = Vec::new();
    for a in agents {
        agent_ids.push(
            d.create_agent(AgentInput {
                name: a.into(),
                ..Default::default()
            })
            .expect("agent")
            .id,
        );
    }
    for i in 0..37 {
        d.create_ticket(TicketInput {
            title: format!("打印机卡纸 {i}"),
            customer: (i % 7 != 0).then(|| format!("#{}", customers[i % customers.len()])),
            assignee: (i % 5 != 0).then(|| format!("#{}", agent_ids[i % agent_ids.len()])),
            ..Default::default()
        })
        .expect("ticket");
    }
    d
}

/// The order by brute force: (name's key, person's id, ticket id), nobody first.
fn expected(d: &Desk, filter: &str, sort: SortKey, descending: bool) -> Vec<i64> {
    let mut all = pages(d, filter, SortKey::Id, false);
    all.sort();
    let mut rows: Vec<(Vec<u8>, i64, i64)> = all
        .iter()
        .map(|id| {
            let t = tickets::get(d.store.conn(), *id).expect("ticket");
            let (name, by) = person(&t, sort);
            (
                name.map(name_key).unwrap_or_default(),
                by.unwrap_or(0),
                t.id,
            )
        })
        .collect();
    rows.sort();
    if descending {
        rows.reverse();
    }
    rows.into_iter().map(|r| r.2).collect()
}

fn person(t: &Ticket, sort: SortKey) -> (Option<&str>, Option<i64>) {
    if sort == SortKey::Customer {
        (t.customer.as_deref(), t.customer_id)
    } else {
        (t.assignee.as_deref(), t.assignee_id)
    }
}

/// Every page of a filter in a sort, by following the cursors (4 rows a page).
fn pages(d: &Desk, filter: &str, sort: SortKey, descending: bool) -> Vec<i64> {
    tickets::test_pages::pages(d, filter, sort, descending, 4)
}

/// A first page's plan, 4 rows a page (a page much smaller than the list, as 50
/// rows of a million tickets).
fn plan(d: &Desk, filter: &str, sort: SortKey, descending: bool) -> Vec<String> {
    tickets::test_pages::plan(d, filter, sort, descending, 4)
}

/// The names in list order, each run of one name once ("-" for nobody).
fn names(d: &Desk, sort: SortKey) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in pages(d, "", sort, false) {
        let t = tickets::get(d.store.conn(), id).expect("ticket");
        let name = person(&t, sort).0.unwrap_or("-").to_string();
        if out.last() != Some(&name) {
            out.push(name);
        }
    }
    out
}

on_both! {
    fn pages_by_customer_and_assignee_hold_every_ticket_once_in_name_order(db) {
        let d = filled(db);
        // Broad (every ticket), and narrow enough to read the matches and sort them.
        for filter in ["", "#3 #7 #8 #12 #20 #30 #31"] {
            for sort in [SortKey::Customer, SortKey::Assignee] {
                for descending in [false, true] {
                    let got = pages(&d, filter, sort, descending);
                    let want = expected(&d, filter, sort, descending);
                    assert_eq!(got, want, "{filter:?} {sort:?} descending={descending}");
                }
            }
        }
    }

    fn chinese_names_sort_by_pinyin_in_the_list(db) {
        let d = filled(db);
        // 李 (li) < 王 (wang) < 张 (zhang): code point order would be 张 李 王.
        assert_eq!(
            names(&d, SortKey::Assignee),
            ["-", "李娜", "王芳", "张伟", "Bob"]
        );
        assert_eq!(
            names(&d, SortKey::Customer),
            ["-", "阿里", "李四", "王五", "张三", "Acme Ltd"]
        );
    }

    fn a_renamed_customer_moves_in_the_order(db) {
        let mut d = filled(db);
        let v = d.find_customer("阿里").expect("customer").version;
        d.edit_customer(
            "阿里",
            CustomerEdit {
                name: Some("周杰".into()),
                ..Default::default()
            },
            Some(v),
        )
        .expect("rename");
        assert_eq!(
            names(&d, SortKey::Customer),
            ["-", "李四", "王五", "张三", "周杰", "Acme Ltd"]
        );
        let got = pages(&d, "", SortKey::Customer, false);
        assert_eq!(got, expected(&d, "", SortKey::Customer, false));
    }

    fn a_page_from_a_ticket_starts_at_that_ticket(db) {
        let d = filled(db);
        let f = Filter::parse("").expect("filter");
        let ctx = d.filter_context();
        for sort in [SortKey::Customer, SortKey::Assignee] {
            for descending in [false, true] {
                let all = pages(&d, "", sort, descending);
                for &id in &all {
                    let t = tickets::get(d.store.conn(), id).expect("ticket");
                    let q = ListQuery {
                        filter: &f,
                        ctx: &ctx,
                        sort,
                        descending,
                        after: Some(Cursor::at(&t, sort, descending)),
                        limit: 3,
                    };
                    let page = tickets::list(d.store.conn(), &q).expect("page");
                    let at = all.iter().position(|x| *x == id).expect("listed");
                    let want: Vec<i64> = all[at..].iter().take(3).copied().collect();
                    let got: Vec<i64> = page.rows.iter().map(|t| t.id).collect();
                    assert_eq!(got, want, "{sort:?} descending={descending} at #{id}");
                }
            }
        }
    }
}

#[test]
fn sorting_by_name_reads_the_name_index_instead_of_sorting_every_ticket() {
    // The plans are SQLite's (PostgreSQL plans by itself: see docs/PERFORMANCE.md).
    let db = TestDb::sqlite();
    let d = filled(&db);
    for (sort, people, tickets) in [
        (SortKey::Customer, "customers_sort", "tickets_customer"),
        (SortKey::Assignee, "agents_sort", "tickets_assignee"),
    ] {
        for descending in [false, true] {
            let p = plan(&d, "", sort, descending);
            let all = p.join("\n");
            assert!(!all.contains("TEMP B-TREE"), "{sort:?}:\n{all}");
            assert!(all.contains(&format!("INDEX {people}")), "{sort:?}:\n{all}");
            assert!(
                all.contains(&format!("INDEX {tickets}")),
                "{sort:?}:\n{all}"
            );
            assert!(!all.contains("SCAN t"), "{sort:?}:\n{all}");
        }
    }
}

on_both! {
    fn keys_missing_after_an_upgrade_are_filled_when_the_database_opens(db) {
        let path = &db.path;
        {
            let mut d = Desk::open(path, Config::builtin(), "tester").expect("open");
            d.create_customer(CustomerInput {
                name: "王五".into(),
                ..Default::default()
            })
            .expect("customer");
            d.store
                .conn()
                .execute_batch("UPDATE customers SET sort_key = NULL; DELETE FROM counters WHERE name = 'name_keys:version';")
                .expect("forget keys");
        }
        let d = Desk::open(path, Config::builtin(), "tester").expect("open again");
        let key: Vec<u8> = d
            .store
            .conn()
            .query_row(
                "SELECT sort_key FROM customers WHERE name = '王五'",
                crate::store::params![],
                |r| r.get(0),
            )
            .expect("key");
        assert_eq!(key, name_key("王五"));
    }
}
