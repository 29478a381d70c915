//! The Knowledge base pane: category tree, articles with solved counts and stale
//! flags, rendered Markdown, search results with highlights, suggestions for a
//! ticket, playbooks and incident checklists. Snapshots at 80×24 and 120×40 in
//! Chinese, with a fixed clock and fixed data; plus what the keys ask for.

use aftercare::app::keys::Key;
use aftercare::app::msg::{
    DbStatus, EditorFor, Effect, Failure, ForTicket, KbFx, KbMsg, Msg, Problem, Slot, TicketsFx,
    TicketsMsg,
};
use aftercare::app::panes::kb::KbView;
use aftercare::app::{handle, start, Lang, Pane, State};
use aftercare::config::Config;
use aftercare::domain::playbook::Incident;
use aftercare::domain::records::Article;
use aftercare::domain::search::{Kind, Snippet};
use aftercare::domain::sla::SlaState;
use aftercare::domain::ticket::{Channel, Priority, Ticket};
use aftercare::domain::workflow::StageKind;
use aftercare::ops::{ArticleView, CategoryCount, SearchHit, Suggestion, TicketView};
use aftercare::tui::headless::buffer_text;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// 2026-03-02 10:00 in Shanghai.
const NOW: i64 = 1_772_416_800;
const H: i64 = 3600;

fn article(id: i64, title: &str, category: &str, status: &str, review: &str) -> Article {
    Article {
        id,
        title: title.into(),
        category: category.into(),
        status: status.parse().unwrap(),
        review_by: Some(review.parse().unwrap()),
        owner: Some("李娜".into()),
        version: 3,
        body: format!(
            "# {title}\n\n适用于 **所有型号**。\n\n## 步骤\n1. 检查电源和连接线。\n2. 运行 `printer --reset`。\n- 如仍无法解决，*升级*到二线支持。\n\n```\nlpstat -p\n```\n"
        ),
        ..Default::default()
    }
}

fn views() -> Vec<ArticleView> {
    let v = |a: Article, solved: i64, linked: Vec<i64>, stale: bool| ArticleView {
        article: a,
        linked_tickets: linked,
        solved_count: solved,
        stale,
    };
    vec![
        v(
            article(
                1,
                "打印机卡纸处理步骤",
                "技术支持/打印机",
                "published",
                "2026-06-01",
            ),
            12,
            vec![1001, 1002, 1003],
            false,
        ),
        v(
            article(5, "网络连接故障排查", "技术支持", "published", "2026-02-01"),
            3,
            vec![1004],
            true,
        ),
        v(
            article(
                2,
                "退款申请流程 refund",
                "售后服务",
                "published",
                "2026-01-15",
            ),
            7,
            vec![1005],
            true,
        ),
        v(
            article(
                3,
                "投诉处理流程（受理→调查→方案→反馈）",
                "投诉",
                "draft",
                "2026-04-01",
            ),
            0,
            vec![],
            false,
        ),
    ]
}

fn categories() -> Vec<CategoryCount> {
    [
        ("售后服务", 1),
        ("投诉", 1),
        ("技术支持", 1),
        ("技术支持/打印机", 1),
    ]
    .into_iter()
    .map(|(c, n)| CategoryCount {
        category: c.into(),
        articles: n,
    })
    .collect()
}

fn incidents(config: &Config) -> Vec<Incident> {
    let p = &config.playbooks[0];
    let mut inc = Incident {
        id: 7,
        playbook: p.id.clone(),
        name_en: p.en.clone(),
        name_zh: p.zh.clone(),
        drill: false,
        ticket_id: Some(1001),
        started_at: NOW - H / 2,
        started_by: "王伟".into(),
        version: 2,
        steps: p.checklist(NOW - H / 2),
        ..Default::default()
    };
    inc.steps[0].done_at = Some(NOW - 25 * 60);
    inc.steps[0].done_by = Some("王伟".into());
    let mut drill = inc.clone();
    drill.id = 6;
    drill.drill = true;
    drill.started_at = NOW - 48 * H;
    drill.closed_at = Some(NOW - 47 * H);
    for st in &mut drill.steps {
        st.done_at = Some(NOW - 47 * H);
    }
    vec![inc, drill]
}

fn loaded(config: &Config) -> Msg {
    Msg::Kb(KbMsg::Loaded {
        articles: views(),
        categories: categories(),
        playbooks: config.playbooks.clone(),
        incidents: incidents(config),
    })
}

fn ticket() -> TicketView {
    TicketView {
        ticket: Ticket {
            id: 1001,
            title: "打印机卡纸，无法打印".into(),
            body: "客户反馈打印机频繁卡纸。".into(),
            stage: "new".into(),
            ty: "support".into(),
            priority: Priority::Normal,
            channel: Channel::Email,
            customer_id: Some(1),
            customer: Some("华东制造".into()),
            assignee_id: None,
            assignee: None,
            created_at: NOW - 2 * H,
            updated_at: NOW - H,
            updated_by: "王伟".into(),
            first_response_at: None,
            resolved_at: None,
            closed_at: None,
            first_response_due: Some(NOW + H),
            resolution_due: Some(NOW + 20 * H),
            next_due: Some(NOW + 20 * H),
            version: 4,
        },
        sla: SlaState::Ok,
        stage_kind: Some(StageKind::Open),
    }
}

fn state(w: u16, h: u16) -> State {
    let config = Config::builtin();
    let mut s = State::new(&config, "李娜", NOW, (w, h));
    s.time_zone = Some(chrono_tz::Asia::Shanghai);
    s.lang = Lang::Zh;
    start(&mut s);
    handle(
        &mut s,
        Msg::Status(DbStatus {
            journal_mode: "wal".into(),
            total: 1042,
            ..Default::default()
        }),
    );
    let gen = s.tickets.list.gen;
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Page {
            gen,
            slot: Slot::Reset,
            rows: vec![ticket()],
            more: false,
            unread: Vec::new(),
        }),
    );
    s
}

fn keys(s: &mut State, seq: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for k in Key::parse_seq(seq).unwrap() {
        out.extend(handle(s, Msg::Key(k)));
    }
    out
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        handle(s, Msg::Key(Key::ch(c)));
    }
}

fn screen(s: &State) -> String {
    let (w, h) = s.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| aftercare::ui::render(s, f)).unwrap();
    buffer_text(term.backend().buffer())
}

fn snap(name: &str, setup: impl Fn(&mut State)) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = state(w, h);
        setup(&mut s);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&s));
    }
}

fn open_kb(s: &mut State) -> Vec<Effect> {
    let fx = keys(s, "3");
    handle(s, loaded(&Config::builtin()));
    fx
}

fn hits() -> Vec<SearchHit> {
    vec![
        SearchHit {
            kind: Kind::Article,
            id: 2,
            title: "退款申请流程 refund".into(),
            title_marks: vec![(0, 2)],
            snippet: Snippet {
                text: "…客户申请退款后，客服在 24 小时内核对订单并发起退款…".into(),
                marks: vec![(5, 7), (25, 27)],
            },
            score: 9.5,
            context: Some("售后服务".into()),
            updated_at: NOW - 3 * H,
        },
        SearchHit {
            kind: Kind::Ticket,
            id: 1001,
            title: "订单 A-1 要求退款".into(),
            title_marks: vec![(7, 9)],
            snippet: Snippet {
                text: "客户要求全额退款".into(),
                marks: vec![(6, 8)],
            },
            score: 7.0,
            context: Some("new".into()),
            updated_at: NOW - H,
        },
        SearchHit {
            kind: Kind::Customer,
            id: 12,
            title: "退款专员 华东制造".into(),
            title_marks: vec![(0, 2)],
            snippet: Snippet::default(),
            score: 2.0,
            context: Some("华东制造".into()),
            updated_at: NOW - 30 * H,
        },
    ]
}

#[test]
fn articles_with_tree_flags_and_markdown() {
    snap("kb_articles", |s| {
        open_kb(s);
    });
}

#[test]
fn category_tree_narrows_the_list() {
    snap("kb_category", |s| {
        open_kb(s);
        keys(s, "] ] ]");
    });
    let mut s = state(120, 40);
    open_kb(&mut s);
    keys(&mut s, "] ]");
    // 技术支持 holds its own article and the printer sub-category's.
    let ids: Vec<i64> = s.kb.articles.iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![1, 5]);
    keys(&mut s, "[ [");
    assert_eq!(s.kb.articles.len(), 4);
}

#[test]
fn stale_articles_are_listed_on_their_own() {
    snap("kb_stale", |s| {
        open_kb(s);
        keys(s, "!");
    });
    let mut s = state(80, 24);
    open_kb(&mut s);
    keys(&mut s, "!");
    let ids: Vec<i64> = s.kb.articles.iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![5, 2]);
}

#[test]
fn search_from_the_palette_shows_highlighted_results() {
    let mut s = state(80, 24);
    keys(&mut s, ":");
    typed(&mut s, "search 退款");
    let fx = keys(&mut s, "enter");
    assert!(
        fx.contains(&Effect::Kb(KbFx::Search("退款".into()))),
        "{fx:?}"
    );
    assert_eq!((s.pane, s.kb.view), (Pane::Kb, KbView::Search));
    snap("kb_search", |s| {
        open_kb(s);
        keys(s, ":");
        typed(s, "search 退款");
        keys(s, "enter");
        handle(
            s,
            Msg::Kb(KbMsg::Searched {
                query: "退款".into(),
                hits: Ok(hits()),
            }),
        );
    });
}

#[test]
fn ctrl_f_opens_the_palette_with_the_last_search() {
    let mut s = state(80, 24);
    open_kb(&mut s);
    aftercare::app::update(&mut s, aftercare::app::Command::Search(Some("退款".into())));
    keys(&mut s, "C-f");
    let text = screen(&s);
    assert!(text.contains("search 退款"), "{text}");
}

#[test]
fn enter_on_a_ticket_result_opens_the_ticket() {
    let mut s = state(80, 24);
    open_kb(&mut s);
    aftercare::app::update(&mut s, aftercare::app::Command::Search(Some("退款".into())));
    handle(
        &mut s,
        Msg::Kb(KbMsg::Searched {
            query: "退款".into(),
            hits: Ok(hits()),
        }),
    );
    // A stale answer to an older query is dropped.
    handle(
        &mut s,
        Msg::Kb(KbMsg::Searched {
            query: "old".into(),
            hits: Ok(vec![]),
        }),
    );
    assert_eq!(s.kb.hits.len(), 3);
    let fx = keys(&mut s, "j enter");
    assert_eq!(
        fx,
        vec![Effect::Tickets(TicketsFx::LoadDetail { id: 1001 })]
    );
    assert_eq!(s.tickets.detail.as_ref().map(|d| d.id), Some(1001));
    // An article result shows the article in the list.
    let mut s = state(80, 24);
    open_kb(&mut s);
    aftercare::app::update(&mut s, aftercare::app::Command::Search(Some("退款".into())));
    handle(
        &mut s,
        Msg::Kb(KbMsg::Searched {
            query: "退款".into(),
            hits: Ok(hits()),
        }),
    );
    keys(&mut s, "enter");
    assert_eq!(s.kb.view, KbView::Articles);
    assert_eq!(s.kb.articles[s.kb.article.selected].id, 2);
}

fn suggested(s: &mut State) {
    handle(
        s,
        Msg::Kb(KbMsg::Suggested {
            ticket: ForTicket {
                id: 1001,
                title: "打印机卡纸，无法打印".into(),
            },
            rows: vec![
                Suggestion {
                    article: views()[0].article.clone(),
                    score: 8.25,
                    linked: true,
                },
                Suggestion {
                    article: views()[1].article.clone(),
                    score: 3.1,
                    linked: false,
                },
            ],
        }),
    );
}

#[test]
fn suggested_articles_for_a_ticket() {
    let mut s = state(80, 24);
    let fx = keys(&mut s, "b");
    assert!(fx.contains(&Effect::Kb(KbFx::Suggest(1001))), "{fx:?}");
    snap("kb_suggest", |s| {
        keys(s, "b");
        handle(s, loaded(&Config::builtin()));
        suggested(s);
    });
}

#[test]
fn insert_puts_the_article_into_the_reply_draft_and_links_it() {
    let mut s = state(80, 24);
    keys(&mut s, "b");
    handle(&mut s, loaded(&Config::builtin()));
    suggested(&mut s);
    let fx = keys(&mut s, "j l");
    assert_eq!(
        fx,
        vec![Effect::Kb(KbFx::Link {
            ticket: 1001,
            article: 5
        })]
    );
    let fx = keys(&mut s, "enter");
    assert!(fx.contains(&Effect::Kb(KbFx::Link {
        ticket: 1001,
        article: 5
    })));
    let draft = s.drafts.get(&(1001, false)).expect("a reply draft");
    assert!(
        draft.starts_with("网络连接故障排查\n\n# 网络连接故障排查"),
        "{draft}"
    );
    assert_eq!(s.tickets.detail.as_ref().map(|d| d.id), Some(1001));
}

#[test]
fn edit_opens_the_editor_and_a_conflict_keeps_my_text() {
    let mut s = state(80, 24);
    open_kb(&mut s);
    let fx = keys(&mut s, "e");
    let [Effect::Editor { text, purpose }] = fx.as_slice() else {
        panic!("{fx:?}");
    };
    assert_eq!(*purpose, EditorFor::Article { id: 1, expected: 3 });
    assert!(text.starts_with("title: 打印机卡纸处理步骤\ncategory: 技术支持/打印机\n"));
    let mine = text.replace("## 步骤", "## 新步骤");
    let fx = handle(
        &mut s,
        Msg::EditorDone {
            purpose: purpose.clone(),
            text: Ok(mine.clone()),
        },
    );
    assert_eq!(
        fx,
        vec![Effect::Kb(KbFx::Save {
            id: 1,
            expected: 3,
            text: mine.clone()
        })]
    );
    let fx = handle(
        &mut s,
        Msg::Kb(KbMsg::SaveConflict {
            id: 1,
            text: mine.clone(),
            failure: Failure::new(Problem::Conflict, "article #2 was changed by 王伟"),
        }),
    );
    assert_eq!(fx, vec![Effect::Kb(KbFx::Load)]);
    let fx = keys(&mut s, "e");
    assert!(matches!(&fx[..], [Effect::Editor { text, .. }] if *text == mine));
    assert!(screen(&s).contains("未保存"));
}

#[test]
fn playbooks_and_incident_checklist() {
    snap("kb_playbooks", |s| {
        open_kb(s);
        keys(s, "P");
    });
    snap("kb_incident", |s| {
        open_kb(s);
        let n = s.kb.playbooks.len();
        keys(s, "P");
        for _ in 0..n {
            keys(s, "j");
        }
    });
}

#[test]
fn starting_a_playbook_and_ticking_steps() {
    let config = Config::builtin();
    let mut s = state(120, 40);
    open_kb(&mut s);
    keys(&mut s, "P");
    let fx = keys(&mut s, "s");
    assert_eq!(
        fx,
        vec![Effect::Kb(KbFx::Start {
            playbook: config.playbooks[0].id.clone(),
            drill: false,
            ticket: None
        })]
    );
    let fx = keys(&mut s, "D");
    assert!(matches!(
        &fx[..],
        [Effect::Kb(KbFx::Start { drill: true, .. })]
    ));
    // On an incident, x marks the next open step done; X undoes the last done one.
    for _ in 0..s.kb.playbooks.len() {
        keys(&mut s, "j");
    }
    let fx = keys(&mut s, "x");
    assert_eq!(
        fx,
        vec![Effect::Kb(KbFx::Step {
            incident: 7,
            no: 2,
            done: true,
            expected: 2
        })]
    );
    let fx = keys(&mut s, "X");
    assert!(matches!(
        &fx[..],
        [Effect::Kb(KbFx::Step {
            no: 1,
            done: false,
            ..
        })]
    ));
    let mut inc = incidents(&config).remove(0);
    inc.steps[1].done_at = Some(NOW);
    inc.version = 3;
    handle(&mut s, Msg::Kb(KbMsg::StepSet(Box::new(inc))));
    assert_eq!(s.kb.incidents[0].progress().0, 2);
    assert!(screen(&s).contains("第 2 步已完成"));
    // On a playbook row there is no step to tick.
    keys(&mut s, "g g");
    assert!(keys(&mut s, "x").is_empty());
}

#[test]
fn closing_the_editor_without_a_change_saves_nothing() {
    let mut s = state(80, 24);
    open_kb(&mut s);
    let fx = keys(&mut s, "e");
    let [Effect::Editor { text, purpose }] = fx.as_slice() else {
        panic!("{fx:?}");
    };
    let fx = handle(
        &mut s,
        Msg::EditorDone {
            purpose: purpose.clone(),
            text: Ok(text.clone()),
        },
    );
    assert!(fx.is_empty(), "{fx:?}");
}

#[test]
fn a_refused_save_keeps_the_text_for_the_next_edit() {
    let mut s = state(80, 24);
    open_kb(&mut s);
    handle(
        &mut s,
        Msg::Kb(KbMsg::SaveFailed {
            id: 1,
            text: "title: x\n---\nmine".into(),
            failure: Failure {
                hint: Some("use YYYY-MM-DD".into()),
                ..Failure::new(Problem::Invalid, "bad review date")
            },
        }),
    );
    let fx = keys(&mut s, "e");
    assert!(matches!(&fx[..], [Effect::Editor { text, .. }] if text.ends_with("mine")));
    assert!(screen(&s).contains("bad review date"));
}

#[test]
fn kind_words_reach_the_search_and_esc_shows_the_articles_again() {
    let mut s = state(80, 24);
    keys(&mut s, ":");
    typed(&mut s, "search kind:article 退款");
    let fx = keys(&mut s, "enter");
    assert!(
        fx.contains(&Effect::Kb(KbFx::Search("kind:article 退款".into()))),
        "{fx:?}"
    );
    handle(&mut s, loaded(&Config::builtin()));
    handle(
        &mut s,
        Msg::Kb(KbMsg::Searched {
            query: "kind:article 退款".into(),
            hits: Ok(hits()),
        }),
    );
    keys(&mut s, "esc");
    assert_eq!(s.kb.view, KbView::Articles);
    let text = screen(&s);
    assert!(text.contains("打印机卡纸处理步骤"), "{text}");
}

/// The pane with article 1 made long: eighty short paragraphs.
fn long_article(s: &mut State) {
    open_kb(s);
    s.kb.all[0].article.body = (1..=80)
        .map(|i| format!("第 {i} 段 paragraph {i}"))
        .collect::<Vec<_>>()
        .join("\n\n");
    s.kb.refilter(None);
}

#[test]
fn the_reader_shows_an_article_full_screen_and_stops_at_its_end() {
    let mut s = state(80, 24);
    long_article(&mut s);
    keys(&mut s, "enter");
    assert_eq!(s.kb.reader.map(|r| r.id), Some(1));
    insta::assert_snapshot!("kb_reader_top_80x24", screen(&s));
    keys(&mut s, "C-d");
    assert!(s.kb.reader.unwrap().scroll > 0);
    keys(&mut s, "G");
    let end = s.kb.reader.unwrap().scroll;
    keys(&mut s, "j j j C-d");
    assert_eq!(
        s.kb.reader.unwrap().scroll,
        end,
        "no scrolling past the end"
    );
    let text = screen(&s);
    assert!(text.contains("第 80 段"), "{text}");
    assert!(
        text.lines().nth(20).is_some_and(|l| !l.trim().is_empty()),
        "{text}"
    );
    insta::assert_snapshot!("kb_reader_end_80x24", text);
    keys(&mut s, "esc");
    assert!(s.kb.reader.is_none());
    assert_eq!(s.kb.view, KbView::Articles);
    // `o` opens it too, and an article found by search opens in the reader.
    keys(&mut s, "o");
    assert_eq!(s.kb.reader.map(|r| r.id), Some(1));
}

#[test]
fn new_article_archive_and_review_date_from_the_console() {
    let mut s = state(80, 24);
    open_kb(&mut s);
    keys(&mut s, "]");
    let fx = keys(&mut s, "c");
    let [Effect::Editor { text, purpose }] = fx.as_slice() else {
        panic!("{fx:?}");
    };
    assert_eq!(*purpose, EditorFor::NewArticle);
    assert!(text.contains("status: draft\n"), "{text}");
    assert!(text.contains("review_by: 2026-08-31\n"), "{text}");
    assert!(text.contains("category: 售后服务\n"), "{text}");
    let mine = text.replace("title: \n", "title: 上门维修预约\n");
    let fx = handle(
        &mut s,
        Msg::EditorDone {
            purpose: EditorFor::NewArticle,
            text: Ok(mine.clone()),
        },
    );
    assert_eq!(fx, vec![Effect::Kb(KbFx::Create(mine.clone()))]);
    // Refused: the text comes back with the next `c`.
    handle(
        &mut s,
        Msg::Kb(KbMsg::CreateFailed {
            text: mine.clone(),
            failure: Failure::new(Problem::Invalid, "an article needs a title"),
        }),
    );
    let fx = keys(&mut s, "c");
    assert!(matches!(&fx[..], [Effect::Editor { text, .. }] if *text == mine));

    let mut s = state(80, 24);
    open_kb(&mut s);
    let fx = keys(&mut s, "A");
    assert_eq!(fx, vec![Effect::Kb(KbFx::Archive { id: 1, expected: 3 })]);
    keys(&mut s, "R");
    assert!(
        screen(&s).contains("review-article 2026-08-31"),
        "{}",
        screen(&s)
    );
    let fx = keys(&mut s, "enter");
    assert!(
        fx.contains(&Effect::Kb(KbFx::Review {
            id: 1,
            expected: 3,
            day: "2026-08-31".into()
        })),
        "{fx:?}"
    );
    // In the reader, the keys act on the article read.
    keys(&mut s, "j o");
    let id = s.kb.reader.unwrap().id;
    let fx = keys(&mut s, "A");
    assert!(matches!(&fx[..], [Effect::Kb(KbFx::Archive { id: x, .. })] if *x == id));
}
