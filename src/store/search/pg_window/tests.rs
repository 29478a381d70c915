//! The block walk: block lists, first levels, bounds and the SQL, on a server and off.

use super::*;

/// The ids a cover's marks stand for.
fn blocks(cover: &str) -> Vec<(i64, i64)> {
    cover.split(" | ").map(bounds).collect()
}

#[test]
fn blocks_cover_every_id_newest_first_without_gaps_or_overlaps() {
    for hi in [
        1, 4095, 4096, 65_535, 65_536, 131_072, 1_000_000, 1_048_576, 2_500_000, 3_000_000,
    ] {
        let marks = blocks_newest_first(hi, 0);
        let b = blocks(&marks.join(" | "));
        // Newest first: the first block holds `hi`, the last starts at id 0.
        assert!(b[0].0 <= hi && b[0].1 >= hi, "{hi}: {b:?}");
        assert_eq!(b[b.len() - 1].0, 0, "{hi}: {b:?}");
        for w in b.windows(2) {
            assert_eq!(w[1].1 + 1, w[0].0, "{hi}: contiguous, descending {b:?}");
            // Never finer further back.
            assert!(w[1].1 - w[1].0 >= w[0].1 - w[0].0, "{hi}: {b:?}");
        }
        // A coarse block comes only after at least one whole block of its size
        // in finer ones (what the walk read before it bounds what it over-reads).
        for (i, blk) in b.iter().enumerate() {
            let size = blk.1 - blk.0 + 1;
            let newer: i64 = b[..i].iter().map(|x| x.1 - x.0 + 1).sum();
            if i > 0 && size > b[i - 1].1 - b[i - 1].0 + 1 {
                assert!(newer >= size, "{hi}: block {blk:?} after only {newer} ids");
            }
        }
        assert!(b.len() <= 64, "{hi}: {} blocks", b.len());
    }
    // At a million: 21 blocks of 4,096 (down to 917,504), then 14 of 65,536.
    let m = blocks_newest_first(1_000_000, 0);
    assert_eq!(m.len(), 35);
    assert_eq!((m[0].as_str(), m[20].as_str()), ("'~a244'", "'~a224'"));
    assert_eq!((m[21].as_str(), m[34].as_str()), ("'~b13'", "'~b0'"));
    assert_eq!(blocks_newest_first(5000, 0), ["'~a1'", "'~a0'"]);
    // Started at a coarser level: its blocks from the newest id, then coarser.
    let m = blocks_newest_first(1_004_214, 1);
    assert_eq!(m.len(), 16);
    assert_eq!((m[0].as_str(), m[15].as_str()), ("'~b15'", "'~b0'"));
    let b = blocks(&m.join(" | "));
    assert!(b.windows(2).all(|w| w[1].1 + 1 == w[0].0) && b[15].0 == 0);
    assert_eq!(
        blocks_newest_first(3_000_000, 2),
        ["'~c2'", "'~c1'", "'~c0'"]
    );
}

#[test]
fn the_first_blocks_hold_at_most_half_the_matches_kept() {
    let hi = 1_004_214;
    // `增值税发票` at a million: its unlisted bigrams are estimated at 5,014 rows,
    // 327 a block of 65,536; `退款` (132,758 rows) fills a block of 4,096 with 541.
    assert_eq!(first_level(Some(5_014.0), hi, 2000), 1);
    assert_eq!(first_level(Some(132_758.0), hi, 2000), 0);
    // Kept fewer (a filtered search ranks 500): finer.
    assert_eq!(first_level(Some(5_014.0), hi, 500), 0);
    // A hundred matches in the table: one block of 1,048,576.
    assert_eq!(first_level(Some(100.0), hi, 2000), 2);
    // No estimate: the finest, as before.
    assert_eq!(first_level(None, hi, 2000), 0);
}

/// The block walk finds the same newest matches as the whole index, on a
/// server: ids spread over blocks of every level, phrases (rechecked), prefixes
/// (one scan), exclusions and a filter that leaves most out, for limits that
/// stop in the first block, in a coarse one and never.
#[test]
fn windows_find_the_newest_matches_of_the_whole_index() {
    use crate::config::StorageConfig;
    use crate::store::test_db::TestDb;
    use crate::store::Store;
    let Some(db) = TestDb::postgres() else {
        return;
    };
    let mut store = Store::open(&db.path, &StorageConfig::default()).unwrap();
    let mut ids: Vec<i64> = (1..=120).collect();
    ids.extend([
        4095, 4096, 4097, 65_535, 65_536, 70_000, 1_048_575, 1_048_576, 1_100_000, 3_000_000,
    ]);
    store
        .write(|c| {
            for id in &ids {
                let title = match id % 3 {
                    0 => "退款申请",
                    1 => "打印机卡纸 printer jam",
                    // Both bigrams of 机卡纸, apart: the index finds it, the recheck drops it.
                    _ => "发票 机卡 说明 卡纸",
                };
                let kind = if id % 5 == 0 {
                    "complaint"
                } else {
                    "technical"
                };
                c.execute(
                    "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                              created_at, updated_at, updated_by)
                         VALUES (?1, ?2, '', 'new', ?3, 2, 'email', 0, ?1, 't')",
                    params![*id, title, kind],
                )?;
            }
            Ok(())
        })
        .unwrap();
    let conn = store.conn();
    let ctx = FilterContext::default();
    let complaints: std::collections::BTreeSet<i64> = conn
        .query_map(
            "SELECT id FROM tickets WHERE type = 'complaint'",
            params![],
            |r| r.get(0),
        )
        .unwrap()
        .into_iter()
        .collect();
    for (words, filter) in [
        ("退款", ""),
        ("机卡纸", ""),
        ("printer", ""),
        ("打印机 jam", ""),
        ("发票 -退款", ""),
        ("退款", "type:complaint"),
        ("机卡纸", "type:complaint"),
        ("退款", "-type:complaint"),
        ("printer", "type:complaint"),
        ("nothing", ""),
    ] {
        let q = TextQuery::parse(words);
        let f = Filter::parse(filter).unwrap();
        // Every match, newest first, by the match walk (another path).
        let mut every = crate::store::search::ticket_ids(conn, &q).unwrap();
        every.reverse();
        match filter {
            "" => {}
            "type:complaint" => every.retain(|id| complaints.contains(id)),
            _ => every.retain(|id| !complaints.contains(id)),
        }
        for limit in [1, 2, 7, 40, 110, 1000] {
            let got: Vec<i64> = ticket_candidates(conn, &q, &f, &ctx, limit)
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect();
            let newest: Vec<i64> = every.iter().copied().take(limit).collect();
            assert_eq!(got, newest, "{words} {filter}, limit {limit}");
        }
    }
    // Matches spread over three million ids are one statement after the newest
    // id, whatever their density (session 6's windows took one per window: 5
    // for the newest 1,000 `发票 -退款` here).
    let pg = conn.as_pg().expect("a server");
    let q = TextQuery::parse("发票 -退款");
    let before = pg.round_trips();
    let found = ticket_candidates(conn, &q, &Filter::default(), &ctx, 1000).unwrap();
    assert!(found.len() > 40, "{}", found.len());
    assert_eq!(pg.round_trips() - before, 2, "max(id), then the block walk");
}

/// A rare phrase starts the walk with coarse blocks, from the planner's estimate
/// of its rarest word, so it crosses the ids in a few GIN scans (each pays the
/// index entries and GIN's pending list); a common word keeps the finest
/// blocks. Both find the newest matches of the whole index.
#[test]
fn a_rare_phrase_crosses_the_ids_in_few_block_scans() {
    use crate::config::StorageConfig;
    use crate::store::test_db::TestDb;
    use crate::store::Store;
    let Some(db) = TestDb::postgres() else {
        return;
    };
    let mut store = Store::open(&db.path, &StorageConfig::default()).unwrap();
    // 3,000 tickets, one every 100 ids up to 300,000; the phrase in every tenth,
    // its words apart in every 37th (found by the rare words, not a match),
    // 发票 in all (common: left out of the GIN condition).
    store
        .write(|c| {
            c.execute(
                "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                          created_at, updated_at, updated_by)
                     SELECT g * 100,
                            CASE WHEN g % 10 = 0 THEN '增值税发票 退款'
                                 WHEN g % 37 = 0 THEN '增值税 说明 税发票 退款'
                                 ELSE '退款申请 发票' END,
                            '', 'new', 'technical', 2, 'email', 0, g, 't'
                     FROM generate_series(1, 3000) AS g",
                params![],
            )?;
            Ok(())
        })
        .unwrap();
    store
        .write(|c| c.execute_batch("ANALYZE search_tickets"))
        .unwrap();
    let ctx = FilterContext::default();
    // The walk's GIN scans, counted by the server in the transaction.
    let scans = |store: &mut Store, text: &str, limit: usize| -> (Vec<i64>, i64) {
        store
            .write(|c| {
                // The plan of a table of a million rows (on 3,000 the planner walks
                // the primary key and tests each row), so the GIN scans can be counted.
                c.execute_batch(
                    "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off",
                )?;
                let q = TextQuery::parse(text);
                let found = ticket_candidates(c, &q, &Filter::default(), &ctx, limit)?;
                let n: i64 = c.one(
                    "SELECT pg_stat_get_xact_numscans('search_tickets_doc'::regclass)",
                    params![],
                )?;
                Ok((found.iter().map(|c| c.id).collect(), n))
            })
            .unwrap()
    };
    // The common word's five blocks of 4,096 may each take two scans (words and
    // marks as two bitmaps): its count is the planner's, only its rows are checked.
    for (text, limit, most) in [("增值税发票", 200, 6), ("退款", 200, i64::MAX)] {
        let (got, n) = scans(&mut store, text, limit);
        let mut every =
            crate::store::search::ticket_ids(store.conn(), &TextQuery::parse(text)).unwrap();
        every.reverse();
        every.truncate(limit);
        assert_eq!(got, every, "{text}");
        // Blocks of 4,096 ids only (the old walk): 26 of them and 2 of 65,536 for
        // the phrase's newest 200.
        assert!(n <= most, "{text}: {n} GIN scans");
    }
}

#[test]
fn latin_prefixes_become_their_words() {
    let q = "'打印' <-> '印机' & 'jam':*";
    let p = prefixes(q);
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].lexeme.as_str(), &q[p[0].at.clone()]),
        ("jam", "'jam':*")
    );
    let words = vec![Some(vec!["jam".to_string(), "jams".to_string()])];
    assert_eq!(
        expand(q, &p, &words),
        "'打印' <-> '印机' & ('jam' | 'jams')"
    );
    // In a phrase the alternatives stand at the prefix's position; one word
    // needs no parentheses, none becomes a lexeme no row holds.
    let q = "'printer' <-> 'ja':* & !('caf':*)";
    let p = prefixes(q);
    assert_eq!(p.len(), 2);
    let words = vec![Some(vec!["jam".to_string()]), Some(Vec::new())];
    assert_eq!(expand(q, &p, &words), "'printer' <-> 'jam' & !('~')");
    // Too many words: the prefix stays a partial match.
    assert_eq!(expand(q, &p, &[None, None]), q);
    // Weighted prefixes, lexemes from U+3000 on (not in the list) and exact
    // words are left alone; quotes inside a lexeme do not end it.
    assert!(prefixes("'x':*A & '\u{3131}':* & 'jam' & '\u{E000}退'").is_empty());
    let q = "'it''s':* & 'b':*";
    let p = prefixes(q);
    assert_eq!(
        p.iter().map(|p| p.lexeme.as_str()).collect::<Vec<_>>(),
        ["it's", "b"]
    );
    assert_eq!(
        expand(q, &p, &[Some(vec!["it's".into()]), Some(vec!["by".into()])]),
        "'it''s' & 'by'"
    );
}

/// A load's words come from its tsvector literals: every lexeme below U+3000
/// (the literal's byte order puts them first), none of the CJK ones.
#[test]
fn a_loads_words_are_the_latin_lexemes_of_its_rows() {
    use crate::domain::search::index_text;
    let (doc, _) = crate::store::search::pg_tsvector(
        &index_text("打印机 Printer jam 2024"),
        &index_text("Café 退款 zebra ÄBC 发票 printer"),
    );
    let mut words = std::collections::HashSet::new();
    crate::store::search::latin_words_into(&doc, &mut words);
    let mut got: Vec<&str> = words.iter().map(String::as_str).collect();
    got.sort();
    assert_eq!(got, ["2024", "abc", "cafe", "jam", "printer", "zebra"]);
}

/// Migration 022's word list is kept by every writer in the write's own
/// transaction (ticket text, a comment, a bulk load, a rebuild), so a Latin
/// prefix walks the blocks as its exact words and finds what the partial match
/// finds; with more than `MAX_WORDS` words it stays a partial match.
#[test]
fn prefixes_walk_the_words_every_writer_lists() {
    use crate::config::StorageConfig;
    use crate::store::test_db::TestDb;
    use crate::store::Store;
    let Some(db) = TestDb::postgres() else {
        return;
    };
    let mut store = Store::open(&db.path, &StorageConfig::default()).unwrap();
    let add = |store: &mut Store, id: i64, title: &str| {
        store
            .write(|c| {
                c.execute(
                    "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                              created_at, updated_at, updated_by)
                         VALUES (?1, ?2, '', 'new', 'technical', 2, 'email', 0, ?1, 't')",
                    params![id, title],
                )?;
                Ok(())
            })
            .unwrap();
    };
    add(&mut store, 1, "printer jam");
    add(&mut store, 5000, "printers jammed again");
    add(&mut store, 70_000, "打印机 jams Café");
    for i in 0..20 {
        add(&mut store, 80_000 + i, &format!("zeta{i} report"));
    }
    // A comment is a write of the ticket's index row (an upsert).
    store
        .write(|c| {
            c.execute(
                "INSERT INTO comments (ticket_id, author, body, internal, created_at)
                     VALUES (1, 't', 'the printerhead broke', 0, 1)",
                params![],
            )?;
            Ok(())
        })
        .unwrap();
    let words = |store: &Store| -> Vec<String> {
        store
            .conn()
            .query_map(
                "SELECT word FROM search_words WHERE word < 'zeta' ORDER BY word",
                params![],
                |r| r.get(0),
            )
            .unwrap()
    };
    let listed = [
        "again",
        "broke",
        "cafe",
        "jam",
        "jammed",
        "jams",
        "printer",
        "printerhead",
        "printers",
        "report",
        "the",
    ];
    assert_eq!(words(&store), listed);
    let check = |store: &Store, text: &str, exact: bool| {
        let conn = store.conn();
        let q = TextQuery::parse(text);
        let tsq = match_query(&q).unwrap().unwrap();
        let p = prefixes(&tsq);
        let first = newest_and_words(conn, &p, &[]).unwrap();
        assert_eq!(first.hi, 80_019);
        assert_eq!(
            !expand(&tsq, &p, &first.words).contains(":*"),
            exact,
            "{text}"
        );
        let mut every = crate::store::search::ticket_ids(conn, &q).unwrap();
        every.reverse();
        assert!(!every.is_empty(), "{text}");
        let ctx = FilterContext::default();
        let got: Vec<i64> = ticket_candidates(conn, &q, &Filter::default(), &ctx, 100)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(got, every, "{text}");
    };
    for text in [
        "printer",
        "printerh",
        "jam",
        "打印机 jam",
        "caf",
        "printer -jams",
    ] {
        check(&store, text, true);
    }
    check(&store, "zeta", false);
    // A rebuild (`db reindex`) and a bulk load skip the triggers and refill
    // the list from the whole index.
    store
        .write(|c| c.execute_batch("DELETE FROM search_words"))
        .unwrap();
    store
        .write(|c| crate::store::search::rebuild(c, &mut |_, _| {}).map(|_| ()))
        .unwrap();
    assert_eq!(words(&store), listed);
    store
        .write(|c| {
            crate::store::search::begin_bulk(c)?;
            c.execute(
                "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                          created_at, updated_at, updated_by)
                     VALUES (90000, 'bulkword', '', 'new', 'technical', 2, 'email', 0, 1, 't')",
                params![],
            )?;
            crate::store::search::finish_bulk(c, &mut |_, _| {}).map(|_| ())
        })
        .unwrap();
    assert!(words(&store).contains(&"bulkword".to_string()));
}

/// Sessions never JIT-compile: a search whose estimated cost crossed
/// `jit_above_cost` spent longer compiling than running.
#[test]
fn sessions_run_without_jit() {
    use crate::config::StorageConfig;
    use crate::store::test_db::TestDb;
    use crate::store::Store;
    let Some(db) = TestDb::postgres() else {
        return;
    };
    let store = Store::open(&db.path, &StorageConfig::default()).unwrap();
    let jit: String = store.conn().one("SHOW jit", params![]).unwrap();
    assert_eq!(jit, "off");
}
