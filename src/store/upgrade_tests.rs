//! A database written by the first version of aftercare (schema 1), holding data,
//! opens as the latest schema with everything kept, searchable and consistent.

use super::*;
use crate::config::Config;
use crate::ops::{Desk, SearchOptions, TicketInput};
use rusqlite::{params, Connection};
use std::path::Path;

/// Schema 1 exactly as version 1 wrote it, with a little of everything in it.
fn version_one(path: &Path) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(include_str!("migrations/001_init.sql"))
        .unwrap();
    c.pragma_update(None, "user_version", 1).unwrap();
    let at = 1_700_000_000_i64;
    c.execute_batch("BEGIN").unwrap();
    c.execute(
        "INSERT INTO agents (name, email, created_at, updated_at) VALUES ('李娜', 'li@x.example', ?1, ?1)",
        [at],
    )
    .unwrap();
    c.execute(
        "INSERT INTO customers (name, organization, email, notes, created_at, updated_at)
         VALUES ('华为技术有限公司', '华为', 'it@huawei.example', '大客户', ?1, ?1)",
        [at],
    )
    .unwrap();
    c.execute(
        "INSERT INTO products (customer_id, model, serial, created_at) VALUES (1, 'LaserJet M404', 'SN-1', ?1)",
        [at],
    )
    .unwrap();
    for (id, title, body, stage) in [
        (1, "打印机卡纸，无法打印", "客户说一直卡纸 paper jam", "new"),
        (2, "Refund for order 4711", "退款申请", "closed"),
    ] {
        c.execute(
            "INSERT INTO tickets (id, title, body, stage, type, priority, channel, customer_id,
                assignee_id, created_at, updated_at, updated_by, version)
             VALUES (?1, ?2, ?3, ?4, 'technical', 2, 'email', 1, 1, ?5, ?5, 'li', 1)",
            params![id, title, body, stage, at],
        )
        .unwrap();
        c.execute(
            "INSERT INTO audit (at, actor, entity, entity_id, action, field, new, version)
             VALUES (?1, 'li', 'ticket', ?2, 'create', 'stage', ?3, 1)",
            params![at, id, stage],
        )
        .unwrap();
    }
    c.execute(
        "INSERT INTO comments (ticket_id, author, body, created_at) VALUES (1, 'li', '已更换硒鼓 toner', ?1)",
        [at],
    )
    .unwrap();
    c.execute(
        "INSERT INTO projects (name, customer_id, owner_id, goal, due_on, created_at, updated_at)
         VALUES ('ERP 升级', 1, 1, '三个月内完成', '2030-06-30', ?1, ?1)",
        [at],
    )
    .unwrap();
    c.execute(
        "INSERT INTO milestones (project_id, name, due_on) VALUES (1, '上线验收', '2030-05-31')",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO tasks (project_id, milestone_id, name, owner_id, planned_start, planned_end)
         VALUES (1, 1, '需求调研', 1, '2030-04-01', '2030-04-03')",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO risks (project_id, title, probability, impact) VALUES (1, '供应商延期', 3, 4)",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO kb_articles (title, category, body, created_at, updated_at)
         VALUES ('更换硒鼓', '打印机', '步骤一', ?1, ?1)",
        [at],
    )
    .unwrap();
    c.execute_batch("COMMIT").unwrap();
}

/// A database of schema 016 (before the stored SLA outcomes and dashboard facts,
/// migration 017) as that version wrote it: six tickets created from `at` on, an
/// hour apart, with their stage changes, two scores and tags. Opened, it goes
/// through migration 017 as an upgraded database does.
pub(crate) fn version_016(path: &Path, at: i64) {
    let c = Connection::open(path).unwrap();
    // The functions the migrations call, as that version had them.
    search::register(&c).unwrap();
    filter_terms::register(&c).unwrap();
    c.execute_batch("BEGIN").unwrap();
    for sql in &schema::sqlite_migrations()[..16] {
        c.execute_batch(sql).unwrap();
    }
    c.pragma_update(None, "user_version", 16).unwrap();
    let stages: [&[&str]; 6] = [
        &["new"],
        &["new", "analysing"],
        &["new", "analysing", "resolved"],
        &["new", "resolved", "closed"],
        &["new", "analysing", "feedback"],
        &["new", "analysing", "resolved"],
    ];
    let channels = ["email", "phone", "email", "chat", "web", "email"];
    for (i, path) in stages.iter().enumerate() {
        let id = i as i64 + 1;
        let created = at + 3600 * i as i64;
        let last = path[path.len() - 1];
        let resolved = matches!(last, "resolved" | "closed").then_some(created + 7200);
        c.execute(
            "INSERT INTO tickets (id, title, stage, type, priority, channel, created_at,
                updated_at, updated_by, first_response_at, resolved_at, first_response_due,
                resolution_due)
             VALUES (?1, ?2, ?3, ?4, 2, ?5, ?6, ?6, 'li', ?7, ?8, ?9, ?10)",
            params![
                id,
                format!("发票开错了 invoice {id}"),
                last,
                if i % 2 == 0 { "technical" } else { "complaint" },
                channels[i],
                created,
                (i % 3 != 0).then_some(created + 600),
                resolved,
                created + 3600,
                created + 86_400,
            ],
        )
        .unwrap();
        for (k, stage) in path.iter().enumerate() {
            let (action, old) = if k == 0 {
                ("create", None)
            } else {
                ("move", Some(path[k - 1]))
            };
            c.execute(
                "INSERT INTO audit (at, actor, entity, entity_id, action, field, old, new, version)
                 VALUES (?1, 'li', 'ticket', ?2, ?3, 'stage', ?4, ?5, ?6)",
                params![
                    created + 3000 * k as i64,
                    id,
                    action,
                    old,
                    stage,
                    k as i64 + 1
                ],
            )
            .unwrap();
        }
    }
    c.execute_batch(
        "INSERT INTO csat (ticket_id, score, rated_at, rated_by) VALUES (3, 5, 0, 'c'), (4, 2, 0, 'c');
         INSERT INTO ticket_tags (ticket_id, tag) VALUES (1, 'vpn'), (1, '发票'), (5, 'vpn');
         COMMIT",
    )
    .unwrap();
}

#[test]
fn a_version_one_database_with_data_upgrades_to_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    version_one(&path);
    let mut desk = Desk::open(&path, Config::builtin(), "tester").expect("upgrade");
    assert_eq!(
        schema::user_version(desk.store.conn()).unwrap(),
        LATEST_VERSION
    );
    // Everything is still there.
    let t = desk.ticket(1).unwrap();
    assert_eq!(t.title, "打印机卡纸，无法打印");
    assert_eq!(t.customer.as_deref(), Some("华为技术有限公司"));
    assert_eq!(desk.comments(1).unwrap()[0].body, "已更换硒鼓 toner");
    assert_eq!(desk.ticket(2).unwrap().stage, "closed");
    let info = desk.db_info().unwrap();
    assert_eq!(
        (info.tickets, info.comments, info.customers, info.agents),
        (2, 1, 1, 1)
    );
    assert_eq!((info.projects, info.articles), (1, 1));
    // The word index was built from the old rows: CJK inside longer text, comments too.
    let found = |desk: &Desk, q: &str| -> Vec<i64> {
        desk.search(q, &SearchOptions::default())
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    assert_eq!(found(&desk, "卡纸"), vec![1]);
    assert_eq!(found(&desk, "硒鼓 toner"), vec![1]);
    assert!(found(&desk, "退款").contains(&2));
    // Consistent, and writable as any new database.
    assert_eq!(desk.db_check().unwrap(), Vec::<String>::new());
    let id = desk
        .create_ticket(TicketInput {
            title: "升级后新建".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    desk.comment(1, "升级后回复", false, None).unwrap();
    assert_eq!(found(&desk, "新建"), vec![id]);
    assert_eq!(desk.db_check().unwrap(), Vec::<String>::new());
}
