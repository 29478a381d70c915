//! The Knowledge base pane's effects run through ops on a real database: load,
//! suggest, link (solved counts), save with version checks, playbooks and steps.

mod common;
use common::{on_both, Env};

use aftercare::app::msg::{KbFx, KbMsg, Msg};
use aftercare::ops::{ArticleInput, Desk, TicketInput};
use aftercare::tui::kb::run;

/// 2026-03-02 10:00 in Shanghai.
const T: i64 = 1_772_416_800;

fn desk(env: &Env) -> Desk {
    let mut d = env.desk("李娜");
    d.set_now(Some(T));
    d
}

fn one(desk: &mut Desk, k: KbFx) -> KbMsg {
    match run(desk, k).pop() {
        Some(Msg::Kb(m)) => m,
        other => panic!("{other:?}"),
    }
}

on_both! {
    fn load_suggest_link_save_and_playbooks(env) {
        let mut d = desk(env);
        let a = d
            .create_article(ArticleInput {
                title: "打印机卡纸处理".into(),
                category: "技术支持/打印机".into(),
                body: "# 步骤\n- 打开前盖取出卡纸".into(),
                status: Some("published".into()),
                review_by: Some("2026-01-01".into()),
                ..Default::default()
            })
            .unwrap();
        let t = d
            .create_ticket(TicketInput {
                title: "打印机卡纸".into(),
                body: "打印机频繁卡纸".into(),
                customer: None,
                new_customer: false,
                channel: None,
                ty: None,
                priority: None,
                assignee: None,
            })
            .unwrap();
        let KbMsg::Loaded {
            articles,
            categories,
            playbooks,
            ..
        } = one(&mut d, KbFx::Load)
        else {
            panic!()
        };
        assert_eq!(articles.len(), 1);
        assert!(articles[0].stale, "review date 2026-01-01 has passed");
        assert_eq!(categories[0].category, "技术支持/打印机");
        assert!(!playbooks.is_empty());

        let KbMsg::Suggested { rows, ticket } = one(&mut d, KbFx::Suggest(t.id)) else {
            panic!()
        };
        assert_eq!(ticket.id, t.id);
        assert_eq!(rows.first().map(|r| r.article.id), Some(a.id));

        let m = one(
            &mut d,
            KbFx::Link {
                ticket: t.id,
                article: a.id,
            },
        );
        assert!(matches!(m, KbMsg::Linked { new: true, .. }));
        let m = one(
            &mut d,
            KbFx::Link {
                ticket: t.id,
                article: a.id,
            },
        );
        assert!(matches!(m, KbMsg::Linked { new: false, .. }));

        let text = aftercare::app::panes::kb::article_text(&a).replace("打开前盖", "先断电，再打开前盖");
        let KbMsg::Saved(saved) = one(
            &mut d,
            KbFx::Save {
                id: a.id,
                expected: a.version,
                text: text.clone(),
            },
        ) else {
            panic!()
        };
        assert!(saved.body.contains("先断电"));
        assert_eq!(saved.category, "技术支持/打印机");
        // The same edit against the old version meets the newer one.
        let m = one(
            &mut d,
            KbFx::Save {
                id: a.id,
                expected: a.version,
                text: text.clone(),
            },
        );
        assert!(matches!(m, KbMsg::SaveConflict { .. }), "{m:?}");
        let bad = text.replace("review_by: 2026-01-01", "review_by: someday");
        let m = one(
            &mut d,
            KbFx::Save {
                id: a.id,
                expected: saved.version,
                text: bad,
            },
        );
        assert!(matches!(m, KbMsg::SaveFailed { .. }), "{m:?}");

        let KbMsg::Started(inc) = one(
            &mut d,
            KbFx::Start {
                playbook: "outage".into(),
                drill: true,
                ticket: Some(t.id),
            },
        ) else {
            panic!()
        };
        assert!(inc.drill);
        let KbMsg::StepSet(inc2) = one(
            &mut d,
            KbFx::Step {
                incident: inc.id,
                no: 1,
                done: true,
                expected: inc.version,
            },
        ) else {
            panic!()
        };
        assert_eq!(inc2.progress().0, 1);
        // A stale version is refused.
        let m = one(
            &mut d,
            KbFx::Step {
                incident: inc.id,
                no: 2,
                done: true,
                expected: inc.version,
            },
        );
        assert!(matches!(m, KbMsg::Failed(_)), "{m:?}");
        let m = one(&mut d, KbFx::Search(String::new()));
        assert!(matches!(m, KbMsg::Searched { hits: Err(_), .. }), "{m:?}");
    }
}

on_both! {
    fn create_archive_review_and_search_by_kind(env) {
        let mut d = desk(env);
        let text = "title: 退款到账时间\ncategory: 账户与发票\nstatus: published\nreview_by: 2026-09-01\n---\n# 退款到账时间\n微信、支付宝：1–3 个工作日。\n";
        let KbMsg::Created(a) = one(&mut d, KbFx::Create(text.into())) else {
            panic!()
        };
        assert_eq!(
            (a.title.as_str(), a.category.as_str()),
            ("退款到账时间", "账户与发票")
        );
        let untitled = text.replace("title: 退款到账时间", "title: ");
        let m = one(&mut d, KbFx::Create(untitled.clone()));
        assert!(
            matches!(&m, KbMsg::CreateFailed { text, .. } if *text == untitled),
            "{m:?}"
        );
        d.create_ticket(TicketInput {
            title: "退款还没到账".into(),
            body: "客户申请退款一周了".into(),
            customer: None,
            new_customer: false,
            channel: None,
            ty: None,
            priority: None,
            assignee: None,
        })
        .unwrap();
        let KbMsg::Searched { hits, .. } = one(&mut d, KbFx::Search("kind:article 退款".into()))
        else {
            panic!()
        };
        let hits = hits.unwrap();
        assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![a.id]);

        let m = one(
            &mut d,
            KbFx::Review {
                id: a.id,
                expected: a.version,
                day: "2026-13-01".into(),
            },
        );
        assert!(matches!(m, KbMsg::Failed(_)), "{m:?}");
        let KbMsg::Reviewed(r) = one(
            &mut d,
            KbFx::Review {
                id: a.id,
                expected: a.version,
                day: "2027-03-01".into(),
            },
        ) else {
            panic!()
        };
        assert_eq!(
            r.review_by.map(|d| d.to_string()).as_deref(),
            Some("2027-03-01")
        );
        assert_eq!(r.body, a.body, "only the date changes");
        // The version on screen is old now: refused, not overwritten.
        let m = one(
            &mut d,
            KbFx::Archive {
                id: a.id,
                expected: a.version,
            },
        );
        assert!(matches!(m, KbMsg::Failed(_)), "{m:?}");
        let KbMsg::Archived(x) = one(
            &mut d,
            KbFx::Archive {
                id: a.id,
                expected: r.version,
            },
        ) else {
            panic!()
        };
        assert_eq!(x.status.to_string(), "archived");
    }
}
