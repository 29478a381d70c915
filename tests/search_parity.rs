//! One data set in both backends, the same answers: for Chinese, English and mixed
//! queries the word index finds exactly the same records (every match, of every
//! kind), the ranked search returns the same hits with the same scores and snippets,
//! ticket filters with words list the same tickets, and article suggestions (bm25)
//! come out the same. Runs when AFTERCARE_TEST_PG_URL names a server.

mod common;
use aftercare::domain::filter::Filter;
use aftercare::domain::search::{Kind, TextQuery};
use aftercare::ops::{Desk, SearchOptions, TicketEdit, TicketInput};
use aftercare::store::tickets::SortKey;
use common::Env;

/// Monday 2026-03-09 10:00 in Shanghai: both loads see the same clock.
const NOW: i64 = 1_773_021_600;

const QUERIES: &[&str] = &[
    // Chinese: words, longer phrases, single characters, exclusions.
    "退款",
    "退",
    "款",
    "发票",
    "增值税发票",
    "打印机",
    "打印机卡纸",
    "物流",
    "客户",
    "华为",
    "发票 -退款",
    // English: words, prefixes, phrases.
    "printer",
    "print",
    "jam",
    "refund",
    "invoice",
    "erp",
    "\"printer jam\"",
    "e-mail",
    "printer -jam",
    // Mixed, accents and full-width letters.
    "打印机 jam",
    "退款 refund",
    "ERP 升级",
    "发票 invoice",
    "café",
    "cafe",
    "ＡＢＣ",
    "abc",
    "VAT 增值税",
];

/// Loads the same data on a desk: the seeded demo (bulk load path), then records
/// written one at a time (the write path and its index upkeep).
fn load(env: &Env) -> Desk {
    let mut d = env.desk("tester");
    d.set_now(Some(NOW));
    aftercare::demo::generate(
        &mut d,
        &aftercare::demo::DemoOptions {
            tickets: 1500,
            seed: 11,
        },
        &mut |_, _| {},
    )
    .unwrap();
    let texts = [
        (
            "Café printer jam 咖啡机卡纸",
            "客户说 café 的打印机每天 jam 三次，要求退款 refund。",
        ),
        (
            "增值税发票开错 VAT invoice wrong",
            "ＡＢＣ公司要重开增值税专用发票 e-mail 已发送",
        ),
        (
            "ERP 升级后无法打印",
            "After the ERP upgrade the printer queue stalls; 打印队列卡住",
        ),
        ("退款申请", "订单 #51500 申请部分退款"),
    ];
    for (title, body) in texts {
        let t = d
            .create_ticket(TicketInput {
                title: title.into(),
                body: body.into(),
                ..Default::default()
            })
            .unwrap();
        d.comment(t.id, "已联系客户 called back about the refund", false, None)
            .unwrap();
    }
    d.edit_ticket(
        1,
        TicketEdit {
            title: Some("打印机卡纸 printer jam again".into()),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    d
}

#[test]
fn both_backends_find_and_rank_the_same() {
    let Some(server) = Env::postgres() else {
        return;
    };
    let file = Env::new();
    let (a, b) = (load(&file), load(&server));
    let mut matched = 0;
    for q in QUERIES {
        // Every match of every kind, straight from the index.
        let text = TextQuery::parse(q);
        if let Some(fts) = text.fts() {
            for kind in Kind::ALL {
                // Tickets match by their text and comments together.
                let found = |d: &Desk| match kind {
                    Kind::Ticket => aftercare::store::search::ticket_ids(d.store.conn(), &text),
                    _ => aftercare::store::search::all_ids(d.store.conn(), kind, &fts),
                };
                let (on_file, on_server) = (found(&a).unwrap(), found(&b).unwrap());
                assert_eq!(
                    on_file, on_server,
                    "{q:?}, {kind:?}: the same records match"
                );
                matched += on_file.len();
            }
        }
        // The ranked search as people see it.
        let opts = SearchOptions {
            limit: 50,
            ..Default::default()
        };
        let (x, y) = (a.search(q, &opts), b.search(q, &opts));
        match (x, y) {
            (Ok(x), Ok(y)) => assert_eq!(x, y, "{q:?}: the same hits, scores and snippets"),
            (Err(x), Err(y)) => assert_eq!(x.to_string(), y.to_string(), "{q:?}"),
            (x, y) => panic!("{q:?}: {x:?} against {y:?}"),
        }
        // A ticket filter with the words (the list's own SQL).
        let f = Filter::parse(&format!("is:open {q}")).unwrap();
        let ids = |d: &Desk| -> Vec<i64> {
            d.list_tickets(&f, SortKey::Updated, true, None, 200)
                .unwrap()
                .rows
                .iter()
                .map(|t| t.id)
                .collect()
        };
        assert_eq!(ids(&a), ids(&b), "{q:?}: the same filtered list");
        // The list in ticket order walks the index page by page.
        let walk = |d: &Desk| -> Vec<i64> {
            let mut out = Vec::new();
            let mut after = None;
            loop {
                let page = d.list_tickets(&f, SortKey::Id, true, after, 40).unwrap();
                out.extend(page.rows.iter().map(|t| t.id));
                match page.next {
                    Some(c) if out.len() < 200 => after = Some(c),
                    _ => return out,
                }
            }
        };
        assert_eq!(walk(&a), walk(&b), "{q:?}: the same list in ticket order");
    }
    // Words with ticket filters: the filter read alongside the index (fewer
    // candidates, read further ahead when the filter leaves many out).
    for q in [
        "type:complaint 退款",
        "is:open 打印机",
        "-stage:closed printer",
        "priority:>=high 发票 -退款",
        "stage:new jam",
    ] {
        let opts = SearchOptions {
            limit: 50,
            ..Default::default()
        };
        let (x, y) = (a.search(q, &opts).unwrap(), b.search(q, &opts).unwrap());
        assert_eq!(x, y, "{q:?}: the same filtered hits");
    }
    assert!(matched > 2000, "the queries match something ({matched})");
    // Pieces of the data itself: every CJK substring of up to four characters and
    // every Latin word prefix of some titles must match the same records (and at
    // least the ticket it came from).
    let page = a
        .list_tickets(&Filter::default(), SortKey::Id, false, None, 400)
        .unwrap();
    let mut pieces: Vec<String> = Vec::new();
    for t in page.rows.iter().step_by(9) {
        for p in aftercare::domain::search::pieces(&t.title) {
            match p {
                aftercare::domain::search::Piece::Cjk(run) => {
                    let chars: Vec<char> = run.chars().collect();
                    for len in 1..=chars.len().min(4) {
                        for start in 0..=chars.len() - len {
                            pieces.push(chars[start..start + len].iter().collect());
                        }
                    }
                }
                aftercare::domain::search::Piece::Word(w) => {
                    let chars: Vec<char> = w.chars().collect();
                    for len in 1..=chars.len() {
                        pieces.push(chars[..len].iter().collect());
                    }
                }
            }
        }
    }
    pieces.sort();
    pieces.dedup();
    assert!(pieces.len() > 100, "{}", pieces.len());
    for p in &pieces {
        let q = TextQuery::parse(p);
        let x = aftercare::store::search::ticket_ids(a.store.conn(), &q).unwrap();
        let y = aftercare::store::search::ticket_ids(b.store.conn(), &q).unwrap();
        assert!(!x.is_empty(), "{p:?} is in a title");
        assert_eq!(x, y, "{p:?}");
    }
    // Article suggestions ranked by bm25 (SQLite's, and the same formula in Rust).
    let mut suggested = 0;
    for id in [1, 2, 3, 1501, 1502, 1503] {
        let (x, y) = (
            a.suggest_articles(id, 10).unwrap(),
            b.suggest_articles(id, 10).unwrap(),
        );
        let pick = |v: &[aftercare::ops::Suggestion]| -> Vec<(i64, f64)> {
            v.iter().map(|s| (s.article.id, s.score)).collect()
        };
        assert_eq!(pick(&x), pick(&y), "suggestions for #{id}");
        suggested += x.len();
    }
    assert!(suggested > 5, "articles were suggested ({suggested})");
}
