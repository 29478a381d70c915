use super::*;

const M: char = SINGLE_MARK;

fn tokens(s: &str) -> Vec<String> {
    index_text(s).split(' ').map(str::to_string).collect()
}

#[test]
fn cjk_runs_become_bigrams_then_each_character_marked() {
    assert_eq!(
        index_text("一个退款申请"),
        format!("一个 个退 退款 款申 申请 {M}请 {M}一 {M}个 {M}退 {M}款 {M}申")
    );
    assert_eq!(index_text("退"), format!("{M}退"));
    assert!(tokens("一个退款申请").contains(&"退款".to_string()));
    assert!(tokens("增值税发票").contains(&"发票".to_string()));
}

#[test]
fn latin_words_are_lowercased_and_split_on_punctuation() {
    assert_eq!(index_text("Printer JAM, error-42!"), "printer jam error 42");
    assert_eq!(index_text("  li.na@huawei.com  "), "li na huawei com");
    assert_eq!(index_text(""), "");
    assert_eq!(index_text("，。!?"), "");
}

#[test]
fn mixed_text_separates_scripts() {
    assert_eq!(
        index_text("打印机jam了"),
        format!("打印 印机 {M}机 jam {M}了 {M}打 {M}印")
    );
    assert_eq!(
        index_text("HP打印机"),
        format!("hp 打印 印机 {M}机 {M}打 {M}印")
    );
    assert_eq!(index_text("2024年"), format!("2024 {M}年"));
    assert_eq!(
        index_text("退款退款"),
        format!("退款 款退 退款 {M}款 {M}退"),
        "each character marked once"
    );
}

#[test]
fn punctuation_ends_a_cjk_run() {
    // No bigram spans the comma: 款发 is not a substring of the text.
    assert_eq!(
        index_text("退款，发票。"),
        format!("退款 {M}款 发票 {M}票 {M}退 {M}发")
    );
    assert_eq!(index_text("「退款」"), format!("退款 {M}款 {M}退"));
}

#[test]
fn full_width_letters_digits_and_space_fold_to_ascii() {
    assert_eq!(index_text("ＡＢＣ１２３"), "abc123");
    assert_eq!(index_text("ＡＢＣ　ｄｅｆ"), "abc def");
    assert_eq!(fold('Ａ'), 'a');
    assert_eq!(fold('１'), '1');
    assert_eq!(fold('，'), ',');
    assert_eq!(fold('　'), ' ');
    assert_eq!(fold('退'), '退');
    assert_eq!(fold('É'), 'é');
}

#[test]
fn private_use_characters_cannot_fake_a_mark() {
    assert_eq!(index_text(&format!("{M}退 x{M}y")), format!("{M}退 x y"));
    assert!(TextQuery::parse(&format!("{M}")).is_empty());
}

#[test]
fn japanese_and_korean_are_segmented_too() {
    assert!(tokens("プリンター").contains(&"リン".to_string()));
    assert!(tokens("프린터").contains(&"린터".to_string()));
    assert!(is_cjk('々'));
    assert!(!is_cjk('、'));
    assert!(!is_cjk('・'));
}

#[test]
fn queries_translate_to_phrases_and_prefixes() {
    let fts = |s: &str| TextQuery::parse(s).fts();
    assert_eq!(fts("退款").as_deref(), Some("\"退款\""));
    assert_eq!(
        fts("增值税发票").as_deref(),
        Some("\"增值 值税 税发 发票\"")
    );
    assert_eq!(fts("退").unwrap(), format!("\"{M}退\""));
    assert_eq!(fts("退 jam").unwrap(), format!("\"{M}退\" AND \"jam\"*"));
    assert_eq!(fts("printer").as_deref(), Some("\"printer\"*"));
    assert_eq!(fts("Printer").as_deref(), Some("\"printer\"*"));
    assert_eq!(
        fts("打印机 jam").as_deref(),
        Some("\"打印 印机\" AND \"jam\"*")
    );
    assert_eq!(
        fts("打印机jam").as_deref(),
        Some("\"打印 印机\" AND \"jam\"*")
    );
    assert_eq!(fts("e-mail").as_deref(), Some("\"e mail\"*"));
    assert_eq!(fts("ＰＲＩＮＴＥＲ").as_deref(), Some("\"printer\"*"));
    assert_eq!(fts("退款，发票").as_deref(), Some("\"退款\" AND \"发票\""));
    assert_eq!(
        fts("\"quoted\" AND OR NOT"),
        Some("\"quoted\"* AND \"and\"* AND \"or\"* AND \"not\"*".into())
    );
    assert_eq!(fts("，。！"), None);
    assert_eq!(fts("   "), None);
}

#[test]
fn quoted_parts_keep_words_together() {
    let q = TextQuery::from_parts(&["printer jam", "退款"]);
    assert_eq!(
        q.terms,
        vec![
            QueryTerm::Words(vec!["printer".into(), "jam".into()]),
            QueryTerm::Cjk("退款".into())
        ]
    );
    assert_eq!(q.fts().as_deref(), Some("\"printer jam\"* AND \"退款\""));
    assert_eq!(q.phrase, "printer jam 退款");
}

#[test]
fn matches_are_found_inside_longer_text() {
    let q = TextQuery::parse("退款 print");
    assert_eq!(find_matches("一个退款申请", &q), vec![(2, 4)]);
    assert_eq!(find_matches("Printer jam", &q), vec![(0, 5)]);
    // Latin words match at a word start only.
    assert!(find_matches("reprint", &q).is_empty());
    // Full-width text matches an ASCII query.
    assert_eq!(find_matches("ＰＲＩＮＴ", &q), vec![(0, 5)]);
    let whole = TextQuery::from_parts(&["paper jam"]);
    assert_eq!(find_matches("paper jammed", &whole), vec![(0, 5), (6, 9)]);
    assert!(find_matches("papers", &whole).is_empty());
}

#[test]
fn ranking_prefers_exact_title_then_title_then_recency() {
    let q = TextQuery::parse("打印机 jam");
    let day = 86_400;
    let exact = score(&q, "打印机 jam again", "", 300 * day);
    let both = score(&q, "jam in the 打印机", "", 300 * day);
    let one = score(&q, "打印机 broken", "jam", 0);
    let body = score(&q, "other", "打印机 jam", 0);
    let old_body = score(&q, "other", "打印机 jam", 400 * day);
    assert!(exact > both, "{exact} > {both}");
    assert!(both > one, "{both} > {one}");
    assert!(one > body, "{one} > {body}");
    assert!(body > old_body, "{body} > {old_body}");
}

#[test]
fn snippets_centre_on_the_first_match_and_mark_it() {
    let q = TextQuery::parse("退款");
    let long = format!(
        "{}客户申请退款，原因是{}",
        "前言".repeat(20),
        "后记".repeat(20)
    );
    let s = snippet(&long, &q, 20);
    assert!(
        s.text.starts_with('…') && s.text.ends_with('…'),
        "{}",
        s.text
    );
    assert_eq!(s.text.chars().count(), 22);
    assert_eq!(s.marks.len(), 1);
    assert!(
        s.marked("[", "]").contains("[退款]"),
        "{}",
        s.marked("[", "]")
    );
    let short = snippet("line one\n\n  退款 two", &q, 40);
    assert_eq!(short.text, "line one 退款 two");
    assert_eq!(short.marked("[", "]"), "line one [退款] two");
    let none = snippet("nothing here", &q, 40);
    assert!(none.marks.is_empty());
    assert_eq!(none.text, "nothing here");
}

#[test]
fn any_of_lists_distinct_words_and_bigrams() {
    let q = any_of("The printer 打印机 jam, printer", 10).unwrap();
    assert_eq!(q, "\"printer\" OR \"打印\" OR \"印机\" OR \"jam\"");
    assert_eq!(any_of("the a", 10), None);
    assert_eq!(any_of("一二三四五", 2).unwrap(), "\"一二\" OR \"二三\"");
}

#[test]
fn a_leading_minus_leaves_words_out() {
    // As the filter language splits `退款 -发票 -"paper jam"`.
    let q = TextQuery::from_parts(&["退款", "-发票", "-paper jam"]);
    assert_eq!(q.terms, vec![QueryTerm::Cjk("退款".into())]);
    assert_eq!(q.exclude.len(), 2);
    assert_eq!(q.phrase, "退款");
    assert_eq!(
        q.fts().as_deref(),
        Some("((\"退款\") NOT (\"发票\")) NOT (\"paper jam\"*)")
    );
    let only = TextQuery::parse("-发票");
    assert_eq!(only.fts(), None);
    assert_eq!(only.fts_excluded().as_deref(), Some("(\"发票\")"));
    // A lone minus, or one before punctuation, is not an exclusion.
    assert_eq!(
        TextQuery::parse("- 退款").fts().as_deref(),
        Some("\"退款\"")
    );
}
