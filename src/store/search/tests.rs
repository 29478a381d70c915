//! The index against a brute-force scan: no false negatives, and no false positives
//! for CJK substrings and Latin prefixes.

use super::*;
use crate::config::StorageConfig;
use crate::domain::search::{fold, pieces, Piece, TextQuery};
use crate::store::test_db::{on_both, TestDb};
use crate::store::Store;
use std::collections::BTreeSet;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: deterministic, good enough for test data.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A small alphabet, so substrings repeat across documents.
const HAN: &[char] = &[
    '退', '款', '发', '票', '增', '值', '税', '打', '印', '机', '申', '请',
];
const WORDS: &[&str] = &[
    "printer",
    "print",
    "jam",
    "paper",
    "Refund",
    "ＡＢＣ",
    "e-mail",
    "x1",
];
const PUNCT: &[&str] = &["，", "。", " ", ", ", "!", "\n", "（", "）"];

fn text(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..rng.below(8) + 1 {
        match rng.below(3) {
            0 => {
                for _ in 0..rng.below(6) + 1 {
                    s.push(HAN[rng.below(HAN.len())]);
                }
            }
            1 => s.push_str(WORDS[rng.below(WORDS.len())]),
            _ => s.push_str(PUNCT[rng.below(PUNCT.len())]),
        }
        if rng.below(2) == 0 {
            s.push_str(PUNCT[rng.below(PUNCT.len())]);
        }
    }
    s
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db"), &StorageConfig::default()).unwrap();
    (dir, store)
}

/// The store of a test on both engines.
fn store_on(db: &TestDb) -> Store {
    Store::open(&db.path, &StorageConfig::default()).unwrap()
}

fn insert_ticket(conn: &Conn, id: i64, title: &str, body: &str) {
    conn.execute(
        "INSERT INTO tickets (id, title, body, stage, type, priority, channel, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, 'new', 'technical', 2, 'email', 0, 0, 't')",
        params![id, title, body],
    )
    .unwrap();
}

fn ids(conn: &Conn, q: &str) -> BTreeSet<i64> {
    ticket_ids(conn, &TextQuery::parse(q))
        .unwrap()
        .into_iter()
        .collect()
}

fn folded(s: &str) -> String {
    s.chars().map(fold).collect()
}

#[test]
fn cjk_substrings_match_a_brute_force_scan_exactly() {
    let (_dir, mut store) = temp_store();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let docs: Vec<(i64, String, String)> = (1..=3000)
        .map(|id| (id, text(&mut rng), text(&mut rng)))
        .collect();
    store
        .write(|c| {
            for (id, t, b) in &docs {
                insert_ticket(c, *id, t, b);
            }
            Ok(())
        })
        .unwrap();
    let conn = store.conn();
    // Queries: substrings of indexed runs, plus random strings that may not occur.
    let mut queries: BTreeSet<String> = BTreeSet::new();
    for (_, t, _) in docs.iter().step_by(7) {
        for p in pieces(t) {
            if let Piece::Cjk(run) = p {
                let chars: Vec<char> = run.chars().collect();
                let start = rng.below(chars.len());
                let len = (rng.below(5) + 1).min(chars.len() - start);
                queries.insert(chars[start..start + len].iter().collect());
            }
        }
    }
    for _ in 0..200 {
        let len = rng.below(4) + 1;
        queries.insert((0..len).map(|_| HAN[rng.below(HAN.len())]).collect());
    }
    assert!(queries.len() > 300, "{}", queries.len());
    let mut checked = 0;
    for q in &queries {
        let want: BTreeSet<i64> = docs
            .iter()
            .filter(|(_, t, b)| t.contains(q.as_str()) || b.contains(q.as_str()))
            .map(|(id, _, _)| *id)
            .collect();
        let got = ids(conn, q);
        let missing: Vec<_> = want.difference(&got).collect();
        assert!(missing.is_empty(), "{q}: false negatives {missing:?}");
        let extra: Vec<_> = got.difference(&want).collect();
        assert!(extra.is_empty(), "{q}: false positives {extra:?}");
        checked += want.len();
    }
    assert!(
        checked > 10_000,
        "the queries must actually match: {checked}"
    );
}

#[test]
fn latin_prefixes_and_mixed_queries_match_a_brute_force_scan() {
    let (_dir, mut store) = temp_store();
    let mut rng = Rng(42);
    let docs: Vec<(i64, String)> = (1..=2000).map(|id| (id, text(&mut rng))).collect();
    store
        .write(|c| {
            for (id, t) in &docs {
                insert_ticket(c, *id, t, "");
            }
            Ok(())
        })
        .unwrap();
    let words_of = |s: &str| -> Vec<String> {
        pieces(s)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Word(w) => Some(w),
                Piece::Cjk(_) => None,
            })
            .collect()
    };
    for q in [
        "pr",
        "print",
        "printer",
        "PRINT",
        "ｐｒｉｎｔ",
        "abc",
        "ref",
        "x1",
        "zzz",
    ] {
        let fq = folded(q);
        let want: BTreeSet<i64> = docs
            .iter()
            .filter(|(_, t)| words_of(t).iter().any(|w| w.starts_with(&fq)))
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(ids(store.conn(), q), want, "{q}");
    }
    // Mixed: every term must be there (a superset check against the scan).
    for q in ["打印 jam", "退款 print", "税发 paper"] {
        let got = ids(store.conn(), q);
        let parts: Vec<&str> = q.split(' ').collect();
        for (id, t) in &docs {
            let has_cjk = t.contains(parts[0]);
            let has_word = words_of(t).iter().any(|w| w.starts_with(parts[1]));
            assert_eq!(got.contains(id), has_cjk && has_word, "{q} in #{id}: {t}");
        }
    }
}

on_both! {
    fn triggers_follow_edits_comments_and_deletes(db) {
        let mut store = store_on(db);
        store
            .write(|c| {
                insert_ticket(c, 1, "打印机卡纸", "客户说一直卡纸");
                insert_ticket(c, 2, "invoice", "需要增值税发票");
                Ok(())
            })
            .unwrap();
        let c = store.conn();
        assert_eq!(ids(c, "卡纸"), [1].into());
        assert_eq!(ids(c, "发票"), [2].into());
        store
            .write(|c| {
                c.execute("UPDATE tickets SET title = '退款申请' WHERE id = 1", &[])?;
                c.execute(
                    "INSERT INTO comments (ticket_id, author, body, created_at) VALUES (2, 'a', 'printer jammed again', 0)", &[],
                )?;
                Ok(())
            })
            .unwrap();
        let c = store.conn();
        assert_eq!(ids(c, "退款"), [1].into());
        assert_eq!(ids(c, "卡纸"), [1].into(), "the body still says 卡纸");
        assert_eq!(ids(c, "打印机"), BTreeSet::new(), "the old title is gone");
        assert_eq!(
            ids(c, "jam"),
            [2].into(),
            "comments are indexed with their ticket"
        );
        assert_eq!(ids(c, "发票 jam"), [2].into());
        store
            .write(|c| {
                c.execute("DELETE FROM comments WHERE ticket_id = 2", &[])?;
                c.execute("DELETE FROM tickets WHERE id = 1", &[])?;
                Ok(())
            })
            .unwrap();
        let c = store.conn();
        assert!(ids(c, "jam").is_empty());
        assert!(ids(c, "退款").is_empty());
        assert_eq!(ids(c, "发票"), [2].into());
    }
}

on_both! {
    fn other_kinds_are_indexed(db) {
        let mut store = store_on(db);
        store
            .write(|c| {
                c.execute(
                    "INSERT INTO customers (name, organization, email, created_at, updated_at)
                     VALUES ('李娜', '华为技术有限公司', 'li.na@huawei.com', 0, 0)",
                    &[],
                )?;
                c.execute(
                    "INSERT INTO kb_articles (title, category, body, created_at, updated_at)
                     VALUES ('如何处理退款', '售后服务', 'Refund steps', 0, 0)",
                    &[],
                )?;
                c.execute(
                    "INSERT INTO projects (name, goal, created_at, updated_at)
                     VALUES ('ERP upgrade', '三个月内完成系统升级', 0, 0)",
                    &[],
                )?;
                Ok(())
            })
            .unwrap();
        let c = store.conn();
        let find = |kind: Kind, q: &str| all_ids(c, kind, &TextQuery::parse(q).fts().unwrap()).unwrap();
        assert_eq!(find(Kind::Customer, "华为"), vec![1]);
        assert_eq!(find(Kind::Customer, "huawei"), vec![1]);
        assert_eq!(find(Kind::Article, "退款"), vec![1]);
        assert_eq!(
            find(Kind::Article, "售后"),
            vec![1],
            "the category is indexed"
        );
        assert_eq!(find(Kind::Project, "升级"), vec![1]);
        assert!(find(Kind::Ticket, "升级").is_empty());
    }
}

#[test]
fn bulk_load_then_rebuild_equals_triggers() {
    let (_dir, mut store) = temp_store();
    let mut rng = Rng(7);
    let docs: Vec<(String, String, String)> = (0..500)
        .map(|_| (text(&mut rng), text(&mut rng), text(&mut rng)))
        .collect();
    let load = |c: &Conn, first: i64| {
        for (i, (t, b, note)) in docs.iter().enumerate() {
            let id = first + i as i64;
            insert_ticket(c, id, t, b);
            c.execute(
                "INSERT INTO comments (ticket_id, author, body, created_at) VALUES (?1, 'a', ?2, 0)",
                params![id, note],
            )
            .unwrap();
        }
    };
    // The same documents twice: ids 1..=500 through the triggers, 1001..=1500 in bulk.
    store
        .write(|c| {
            load(c, 1);
            Ok(())
        })
        .unwrap();
    store
        .write(|c| {
            begin_bulk(c)?;
            load(c, 1001);
            Ok(())
        })
        .unwrap();
    assert!(is_stale(store.conn()).unwrap());
    assert!(ids(store.conn(), "退").iter().all(|id| *id < 1000));
    let mut calls = 0;
    let r = store
        .write(|c| finish_bulk(c, &mut |_, _| calls += 1))
        .unwrap();
    assert_eq!(r.tickets, 1000);
    assert_eq!(r.comments, 1000);
    assert!(calls >= 2);
    assert!(!is_stale(store.conn()).unwrap());
    assert_eq!(
        merge::settings(&store).unwrap(),
        (0, 64, 4),
        "the rebuild puts the index's merge settings back (no merging in writers)"
    );
    for q in ["退", "退款", "打印机", "print", "jam 发票", "ＡＢＣ"] {
        let got = ids(store.conn(), q);
        let low: BTreeSet<i64> = got.iter().filter(|i| **i < 1000).copied().collect();
        let high: BTreeSet<i64> = got
            .iter()
            .filter(|i| **i > 1000)
            .map(|i| i - 1000)
            .collect();
        assert_eq!(low, high, "{q}");
    }
    // Triggers are back on after the bulk load.
    store
        .write(|c| {
            insert_ticket(c, 5000, "独一无二", "");
            Ok(())
        })
        .unwrap();
    assert_eq!(ids(store.conn(), "无二"), [5000].into());
}

#[test]
fn problems_name_an_index_out_of_step() {
    let (_dir, mut store) = temp_store();
    store
        .write(|c| {
            insert_ticket(c, 1, "退款", "");
            insert_ticket(c, 2, "发票", "");
            Ok(())
        })
        .unwrap();
    assert!(problems(store.conn()).unwrap().is_empty());
    store
        .write(|c| {
            c.execute("DELETE FROM search_tickets WHERE rowid = 2 << 32", &[])?;
            begin_bulk(c)
        })
        .unwrap();
    let p = problems(store.conn()).unwrap();
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].contains("bulk load"), "{p:?}");
    assert!(p[1].contains("2 tickets but 1 in the index"), "{p:?}");
    store
        .write(|c| rebuild(c, &mut |_, _| {}).map(|_| ()))
        .unwrap();
    assert!(problems(store.conn()).unwrap().is_empty());
}

/// Documents of ticket `id` in the index: (rowid, origin). FTS5 gives every
/// inserted row a new origin, so an unchanged origin means "not rewritten".
fn docs_of(conn: &Conn, id: i64) -> Vec<(i64, i64)> {
    conn.query_map(
        "SELECT id, origin FROM search_tickets_docsize WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        params![ticket_doc(id), ticket_doc(id + 1) - 1],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn comment(conn: &Conn, ticket: i64, body: &str) -> i64 {
    conn.insert(
        "INSERT INTO comments (ticket_id, author, body, created_at) VALUES (?1, 'a', ?2, 0)",
        params![ticket, body],
    )
    .unwrap()
}

#[test]
fn a_comment_is_its_own_document_and_leaves_the_ticket_alone() {
    let (_dir, mut store) = temp_store();
    store
        .write(|c| {
            insert_ticket(c, 7, "打印机卡纸", "客户说一直卡纸");
            Ok(())
        })
        .unwrap();
    let before = docs_of(store.conn(), 7);
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].0, ticket_doc(7));
    let cid = store
        .write(|c| Ok(comment(c, 7, "需要开增值税发票")))
        .unwrap();
    let after = docs_of(store.conn(), 7);
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(
        after[0], before[0],
        "the ticket's own document is not rewritten"
    );
    assert_eq!(after[1].0, comment_doc(7, cid));
    let c = store.conn();
    assert_eq!(ids(c, "发票"), [7].into());
    assert_eq!(
        ids(c, "卡纸 发票"),
        [7].into(),
        "terms in different documents"
    );
    assert_eq!(
        ids(c, "卡纸 -发票"),
        BTreeSet::new(),
        "excluded by a comment"
    );
    assert_eq!(ids(c, "卡纸 -退款"), [7].into());
}

on_both! {
    fn comment_edits_moves_and_deletes_follow(db) {
        let mut store = store_on(db);
        let (c1, c2) = store
            .write(|c| {
                insert_ticket(c, 1, "invoice", "");
                insert_ticket(c, 2, "refund", "");
                Ok((comment(c, 1, "printer jammed"), comment(c, 1, "增值税发票")))
            })
            .unwrap();
        store
            .write(|c| {
                c.execute(
                    "UPDATE comments SET body = '退款申请' WHERE id = ?1",
                    params![c1],
                )?;
                Ok(())
            })
            .unwrap();
        let c = store.conn();
        assert!(ids(c, "jam").is_empty(), "the old text is gone");
        assert_eq!(ids(c, "退款"), [1].into());
        // Merging ticket 1 into 2 moves its comments (as relations::merge does).
        store
            .write(|c| {
                c.execute("UPDATE comments SET ticket_id = 2 WHERE ticket_id = 1", &[])?;
                Ok(())
            })
            .unwrap();
        let c = store.conn();
        assert_eq!(ids(c, "退款"), [2].into());
        assert_eq!(ids(c, "发票"), [2].into());
        assert_eq!(ids(c, "invoice"), [1].into(), "the ticket's own text stays");
        if c.engine() == Engine::Sqlite {
            // SQLite's documents: a ticket's text and one per comment.
            assert_eq!(docs_of(c, 1).len(), 1);
            assert_eq!(docs_of(c, 2).len(), 3);
        }
        store
            .write(|c| {
                c.execute("DELETE FROM comments WHERE id = ?1", params![c2])?;
                Ok(())
            })
            .unwrap();
        let c = store.conn();
        assert!(ids(c, "发票").is_empty());
        assert_eq!(ids(c, "退款"), [2].into());
        assert!(problems(c).unwrap().is_empty(), "{:?}", problems(c));
    }
}

#[test]
fn reindex_gives_the_documents_the_triggers_gave() {
    let (_dir, mut store) = temp_store();
    let mut rng = Rng(99);
    store
        .write(|c| {
            for id in 1..=300 {
                insert_ticket(c, id, &text(&mut rng), &text(&mut rng));
                for _ in 0..rng.below(4) {
                    comment(c, id, &text(&mut rng));
                }
            }
            Ok(())
        })
        .unwrap();
    let queries = [
        "退",
        "退款",
        "打印机",
        "print",
        "jam 发票",
        "ＡＢＣ",
        "申请 -paper",
    ];
    let want: Vec<BTreeSet<i64>> = queries.iter().map(|q| ids(store.conn(), q)).collect();
    let shape = |c: &Conn| -> Vec<i64> {
        c.query_map(
            "SELECT id FROM search_tickets_docsize ORDER BY id",
            &[],
            |r| r.get(0),
        )
        .unwrap()
    };
    let docs = shape(store.conn());
    let r = store.write(|c| rebuild(c, &mut |_, _| {})).unwrap();
    assert_eq!(r.tickets, 300);
    assert_eq!(r.comments as usize, docs.len() - 300);
    assert_eq!(shape(store.conn()), docs);
    for (q, w) in queries.iter().zip(&want) {
        assert_eq!(&ids(store.conn(), q), w, "{q}");
    }
}

on_both! {
    fn the_walk_pages_in_both_directions_like_a_scan(db) {
        let mut store = store_on(db);
        let mut rng = Rng(5);
        let mut docs: Vec<(i64, String)> = Vec::new();
        store
            .write(|c| {
                for id in 1..=400 {
                    let (t, b) = (text(&mut rng), text(&mut rng));
                    insert_ticket(c, id, &t, &b);
                    let mut all = format!("{t}\n{b}");
                    for _ in 0..rng.below(3) {
                        let note = text(&mut rng);
                        comment(c, id, &note);
                        all.push('\n');
                        all.push_str(&note);
                    }
                    docs.push((id, all));
                }
                Ok(())
            })
            .unwrap();
        let conn = store.conn();
        for q in ["退款", "发 票", "打印 -机"] {
            let tq = TextQuery::parse(q);
            let want: Vec<i64> = docs
                .iter()
                .filter(|(_, all)| {
                    let has = |w: &str| all.contains(w);
                    match q {
                        "退款" => has("退款"),
                        "发 票" => has("发") && has("票"),
                        _ => has("打印") && !has("机"),
                    }
                })
                .map(|(id, _)| *id)
                .collect();
            assert!(want.len() > 5, "{q}: {}", want.len());
            for desc in [true, false] {
                let mut got = Vec::new();
                let mut after = None;
                loop {
                    let mut walk = TicketMatch::new(conn, &tq, desc, after).unwrap();
                    let page = walk.next_ids(7).unwrap();
                    if page.is_empty() {
                        break;
                    }
                    after = page.last().copied();
                    got.extend(page);
                }
                let mut expect = want.clone();
                if desc {
                    expect.reverse();
                }
                assert_eq!(got, expect, "{q} desc={desc}");
            }
        }
    }
}
