//! Snapshots of every pane and dialog at 80×24 and 120×40, with Chinese, English and
//! emoji text, a fixed clock and fixed data (no database): `render` is pure.

use aftercare::app::keys::Key;
use aftercare::app::msg::{
    Change, DbStatus, Msg, ProjectsMsg, Slot, TicketsMsg, Why, Write, WriteResult,
};
use aftercare::app::{handle, start, State};
use aftercare::config::Config;
use aftercare::domain::records::{Agent, Article, Customer, Milestone, Project, Risk, Task};
use aftercare::domain::sla::SlaState;
use aftercare::domain::ticket::{AuditEvent, Channel, Comment, Priority, Ticket};
use aftercare::domain::workflow::StageKind;
use aftercare::ops::{ProjectDetail, TicketView};
use aftercare::tui::headless::buffer_text;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// 2026-03-02 10:00 in Shanghai.
const NOW: i64 = 1_772_416_800;
const H: i64 = 3600;

struct T {
    id: i64,
    title: &'static str,
    customer: Option<&'static str>,
    assignee: Option<&'static str>,
    priority: Priority,
    ty: &'static str,
    stage: &'static str,
    due: i64,
    sla: SlaState,
}

fn view(t: &T) -> TicketView {
    let kind = match t.stage {
        "resolved" | "feedback" => StageKind::Resolved,
        "closed" => StageKind::Closed,
        "waiting_customer" => StageKind::Waiting,
        _ => StageKind::Open,
    };
    TicketView {
        ticket: Ticket {
            id: t.id,
            title: t.title.into(),
            body: "客户反馈：设备在升级后无法正常工作。\nThe customer says it worked before the upgrade.\n\t请尽快回复。".into(),
            stage: t.stage.into(),
            ty: t.ty.into(),
            priority: t.priority,
            channel: Channel::Email,
            customer_id: t.customer.map(|_| 1),
            customer: t.customer.map(str::to_string),
            assignee_id: t.assignee.map(|_| 1),
            assignee: t.assignee.map(str::to_string),
            created_at: NOW - 20 * H,
            updated_at: NOW - 2 * H,
            updated_by: "王伟".into(),
            first_response_at: Some(NOW - 18 * H),
            resolved_at: None,
            closed_at: None,
            first_response_due: Some(NOW - 16 * H),
            resolution_due: Some(NOW + t.due),
            next_due: Some(NOW + t.due),
            version: 3,
        },
        sla: t.sla,
        stage_kind: Some(kind),
    }
}

fn tickets() -> Vec<TicketView> {
    use Priority::*;
    let rows = [
        T { id: 1042, title: "打印机卡纸，无法打印", customer: Some("华为技术"), assignee: Some("李娜"), priority: Urgent, ty: "technical", stage: "new", due: H / 2, sla: SlaState::Warning },
        T { id: 1041, title: "Refund request for order #8841 退款", customer: Some("Acme Ltd"), assignee: Some("王伟"), priority: High, ty: "return", stage: "in_progress", due: -2 * H, sla: SlaState::Breached },
        T { id: 1040, title: "发票开错了，需要重开增值税发票", customer: Some("京东物流"), assignee: None, priority: Normal, ty: "after_sales", stage: "analysing", due: 3 * 24 * H, sla: SlaState::Ok },
        T { id: 1039, title: "物流太慢，投诉快递 😡 第三次", customer: Some("小米"), assignee: Some("张敏"), priority: High, ty: "complaint", stage: "investigating", due: 5 * H, sla: SlaState::Ok },
        T { id: 1038, title: "Login fails after upgrade 升级后无法登录", customer: Some("Globex Corporation International"), assignee: Some("Alice"), priority: Urgent, ty: "technical", stage: "escalated", due: -26 * H, sla: SlaState::Breached },
        T { id: 1037, title: "咨询保修期限 warranty question", customer: Some("王小明"), assignee: Some("李娜"), priority: Low, ty: "inquiry", stage: "resolved", due: 40 * H, sla: SlaState::None },
        T { id: 1036, title: "Escape \u{1b}[31mred\u{1b}[0m text stays plain", customer: Some("Evil \u{1b}]0;pwned\u{7}Inc"), assignee: None, priority: Normal, ty: "technical", stage: "waiting_customer", due: 30 * H, sla: SlaState::Ok },
        T { id: 1035, title: "非常非常长的标题用于测试截断 with a very long English tail that must be cut somewhere", customer: Some("上海某某科技有限公司"), assignee: Some("欧阳娜娜"), priority: Normal, ty: "after_sales", stage: "new", due: 90 * 60, sla: SlaState::Warning },
        T { id: 1034, title: "👍 客户满意回访 follow-up call", customer: Some("Acme Ltd"), assignee: Some("王伟"), priority: Low, ty: "inquiry", stage: "closed", due: 0, sla: SlaState::None },
        T { id: 1033, title: "Screen has dead pixels 屏幕有坏点，要求换货", customer: Some("小米"), assignee: None, priority: High, ty: "return", stage: "new", due: 12 * H, sla: SlaState::Ok },
    ];
    rows.iter().map(view).collect()
}

fn agents() -> Vec<Agent> {
    let a = |id, name: &str, groups: &[&str], skills: &[&str], open| Agent {
        id,
        name: name.into(),
        groups: groups.iter().map(|s| s.to_string()).collect(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        capacity_hours: 40.0,
        active: true,
        open_tickets: open,
        ..Default::default()
    };
    vec![
        a(1, "Alice", &["technical"], &["printer:4", "network:3"], 7),
        a(
            2,
            "李娜",
            &["technical", "sales"],
            &["打印机:5", "发票:3"],
            12,
        ),
        a(3, "王伟", &["logistics"], &["物流:4"], 31),
        a(4, "张敏", &["sales"], &["投诉:5"], 9),
    ]
}

fn projects() -> (Vec<Project>, ProjectDetail) {
    let p = |id, name: &str, status: &str, due: &str, owner: &str, customer: &str| Project {
        id,
        name: name.into(),
        status: status.parse().unwrap(),
        due_on: Some(due.parse().unwrap()),
        owner: Some(owner.into()),
        customer: Some(customer.into()),
        goal: "三个月内完成客户系统升级，性能提升 20%".into(),
        ..Default::default()
    };
    let list = vec![
        p(
            3,
            "华为 ERP 升级 upgrade",
            "active",
            "2026-05-31",
            "李娜",
            "华为技术",
        ),
        p(
            2,
            "Acme rollout phase 2",
            "planning",
            "2026-04-15",
            "Alice",
            "Acme Ltd",
        ),
        p(
            1,
            "投诉跟进：京东物流延误",
            "active",
            "2026-02-20",
            "王伟",
            "京东物流",
        ),
    ];
    let detail = ProjectDetail {
        project: list[0].clone(),
        milestones: vec![
            Milestone {
                id: 1,
                project_id: 3,
                name: "需求确认 requirements".into(),
                due_on: Some("2026-03-10".parse().unwrap()),
                done_at: Some(NOW),
                ..Default::default()
            },
            Milestone {
                id: 2,
                project_id: 3,
                name: "上线 go-live".into(),
                due_on: Some("2026-05-20".parse().unwrap()),
                ..Default::default()
            },
        ],
        tasks: vec![
            Task {
                id: 1,
                project_id: 3,
                name: "性能基线测试".into(),
                status: "done".parse().unwrap(),
                percent_done: 100,
                ..Default::default()
            },
            Task {
                id: 2,
                project_id: 3,
                name: "Database migration 数据迁移".into(),
                status: "doing".parse().unwrap(),
                percent_done: 40,
                ..Default::default()
            },
            Task {
                id: 3,
                project_id: 3,
                name: "用户培训".into(),
                status: "todo".parse().unwrap(),
                percent_done: 0,
                ..Default::default()
            },
        ],
        risks: vec![
            Risk {
                id: 1,
                project_id: 3,
                title: "客户停机窗口不足".into(),
                probability: 4,
                impact: 4,
                status: "open".parse().unwrap(),
                ..Default::default()
            },
            Risk {
                id: 2,
                project_id: 3,
                title: "Vendor delay".into(),
                probability: 2,
                impact: 3,
                status: "open".parse().unwrap(),
                ..Default::default()
            },
        ],
    };
    (list, detail)
}

fn articles() -> Vec<Article> {
    let a = |id, title: &str, category: &str, status: &str, review: &str| {
        Article {
        id,
        title: title.into(),
        category: category.into(),
        status: status.parse().unwrap(),
        review_by: Some(review.parse().unwrap()),
        owner: Some("李娜".into()),
        body: format!("{title}\n\n1. 检查电源和连接线。\n2. Restart the device.\n3. 如仍无法解决，升级到二线支持。"),
        ..Default::default()
    }
    };
    vec![
        a(
            1,
            "打印机卡纸处理步骤",
            "技术支持",
            "published",
            "2026-06-01",
        ),
        a(
            2,
            "How to reissue a VAT invoice 重开发票",
            "售后服务",
            "published",
            "2026-01-15",
        ),
        a(
            3,
            "投诉处理流程（受理→调查→方案→反馈）",
            "投诉",
            "draft",
            "2026-04-01",
        ),
        a(
            4,
            "Warranty terms 保修条款",
            "售后服务",
            "archived",
            "2025-12-31",
        ),
    ]
}

fn state(width: u16, height: u16) -> State {
    let mut s = State::new(&Config::builtin(), "李娜", NOW, (width, height));
    s.time_zone = Some(chrono_tz::Asia::Shanghai);
    start(&mut s);
    handle(
        &mut s,
        Msg::Status(DbStatus {
            journal_mode: "wal".into(),
            shared: false,
            server: false,
            read_only: false,
            total: 1042,
            breached: 2,
            near: 2,
            others: vec!["王伟".into()],
        }),
    );
    handle(&mut s, Msg::Agents(agents()));
    let gen = s.tickets.list.gen;
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Page {
            gen,
            slot: Slot::Reset,
            rows: tickets(),
            more: true,
            unread: Vec::new(),
        }),
    );
    handle(&mut s, Msg::Tickets(TicketsMsg::Count { gen, total: 1042 }));
    let (list, detail) = projects();
    handle(&mut s, Msg::Projects(ProjectsMsg::List(list)));
    handle(
        &mut s,
        Msg::Projects(ProjectsMsg::Project(Box::new(detail))),
    );
    s.kb.articles = articles();
    s
}

fn keys(s: &mut State, seq: &str) {
    for k in Key::parse_seq(seq).unwrap() {
        handle(s, Msg::Key(k));
    }
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

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, setup: impl Fn(&mut State)) {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        setup(&mut s);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&s));
    }
}

#[test]
fn tickets_pane() {
    snap("tickets", |s| keys(s, "j space j"));
}

#[test]
fn tickets_pane_in_chinese() {
    snap("tickets_zh", |s| {
        s.lang = aftercare::app::Lang::Zh;
        keys(s, "j j");
    });
}

#[test]
fn ticket_detail() {
    snap("detail", |s| {
        keys(s, "enter");
        let id = s.tickets.detail.as_ref().unwrap().id;
        let view = Box::new(s.tickets.list.rows[0].clone());
        handle(
            s,
            Msg::Tickets(TicketsMsg::Detail {
                view,
                mail: Vec::new(),
                comments: vec![
                    Comment {
                        id: 1,
                        ticket_id: id,
                        author: "李娜".into(),
                        body: "您好，我们已收到您的反馈，工程师正在处理。".into(),
                        internal: false,
                        created_at: NOW - 18 * H,
                    },
                    Comment {
                        id: 2,
                        ticket_id: id,
                        author: "王伟".into(),
                        body: "Internal: swap the fuser unit 需要更换定影器".into(),
                        internal: true,
                        created_at: NOW - 3 * H,
                    },
                ],
                history: vec![
                    AuditEvent {
                        id: 1,
                        at: NOW - 20 * H,
                        actor: "system".into(),
                        entity: "ticket".into(),
                        entity_id: id,
                        action: "create".into(),
                        field: Some("stage".into()),
                        old: None,
                        new: Some("new".into()),
                        version: Some(1),
                    },
                    AuditEvent {
                        id: 2,
                        at: NOW - 2 * H,
                        actor: "王伟".into(),
                        entity: "ticket".into(),
                        entity_id: id,
                        action: "assign".into(),
                        field: Some("assignee".into()),
                        old: None,
                        new: Some("李娜".into()),
                        version: Some(3),
                    },
                ],
            }),
        );
        s.drafts.insert((id, false), "草稿：明天上门维修".into());
    });
}

#[test]
fn projects_pane() {
    snap("projects", |s| keys(s, "2"));
}

#[test]
fn knowledge_base_pane() {
    snap("kb", |s| keys(s, "3 j"));
}

#[test]
fn team_pane() {
    snap("team", |s| keys(s, "4"));
}

#[test]
fn welcome_screen() {
    for (w, h) in SIZES {
        let mut s = State::new(&Config::builtin(), "李娜", NOW, (w, h));
        start(&mut s);
        handle(&mut s, Msg::Status(DbStatus::default()));
        insta::assert_snapshot!(format!("welcome_{w}x{h}"), screen(&s));
    }
}

#[test]
fn palette_with_completion() {
    snap("palette", |s| {
        keys(s, ":");
        typed(s, "as");
    });
}

#[test]
fn move_menu_and_agent_picker() {
    snap("move_menu", |s| keys(s, "m"));
    snap("assign_picker", |s| {
        keys(s, "a");
        typed(s, "l");
    });
}

#[test]
fn help_and_which_key() {
    snap("help", |s| keys(s, "?"));
    snap("which_key", |s| keys(s, "g"));
}

#[test]
fn filter_prompt_with_an_error() {
    snap("filter_prompt", |s| {
        keys(s, "/");
        typed(s, "stage:new customer:\"华为");
    });
}

#[test]
fn new_ticket_form() {
    let customer = |id: i64, name: &str, org: Option<&str>, email: &str| Customer {
        id,
        name: name.into(),
        organization: org.map(str::to_string),
        email: Some(email.into()),
        phone: Some("+86 755 2878 0808".into()),
        ..Default::default()
    };
    // The customer field's picker, with what the database found.
    snap("new_ticket", |s| {
        keys(s, "c");
        typed(s, "扫描仪无法连接 scanner offline");
        keys(s, "tab");
        typed(s, "华为");
        handle(
            s,
            Msg::Tickets(TicketsMsg::Customers {
                query: "华为".into(),
                found: vec![
                    customer(3, "华为技术有限公司", None, "it@huawei.example"),
                    customer(
                        9,
                        "王芳",
                        Some("华为终端有限公司"),
                        "wang.fang@huawei.example",
                    ),
                ],
            }),
        );
    });
    // Every field picked, in Chinese.
    snap("new_ticket_zh", |s| {
        s.lang = aftercare::app::Lang::Zh;
        keys(s, "c");
        typed(s, "扫描仪无法连接");
        keys(s, "tab");
        typed(s, "华为");
        handle(
            s,
            Msg::Tickets(TicketsMsg::Customers {
                query: "华为".into(),
                found: vec![customer(3, "华为技术有限公司", None, "it@huawei.example")],
            }),
        );
        keys(s, "enter enter");
        typed(s, "投诉");
        keys(s, "enter");
    });
}

#[test]
fn conflict_dialog() {
    snap("conflict", |s| {
        let mut theirs = s.tickets.list.rows[0].ticket.clone();
        theirs.version = 4;
        theirs.stage = "analysing".into();
        theirs.assignee = Some("王伟".into());
        let w = Write {
            id: theirs.id,
            expected: Some(3),
            change: Change::Move("resolved".into()),
        };
        handle(
            s,
            Msg::Tickets(TicketsMsg::Written {
                why: Why::User,
                results: vec![(
                    w,
                    WriteResult::Conflict {
                        theirs: Box::new(theirs),
                        message: "conflict: ticket #1042 was changed by 王伟 at 2026-03-02 09:58 (it is at version 4, you had version 3)".into(),
                    },
                )],
            }),
        );
    });
}

#[test]
fn too_small_terminal() {
    let s = state(60, 20);
    insta::assert_snapshot!("too_small_60x20", screen(&s));
}

#[test]
fn every_row_is_exactly_as_wide_as_the_screen() {
    // Wide characters must never push a row past the edge or leave half a character.
    for (w, h) in SIZES {
        let s = state(w, h);
        for line in screen(&s).lines() {
            assert!(aftercare::domain::text::width(line) <= w as usize, "{line}");
        }
        assert!(
            !screen(&s).contains('\u{1b}'),
            "escape sequences are removed"
        );
    }
}

#[test]
fn errors_in_the_chinese_interface_are_in_chinese() {
    let mut s = state(120, 40);
    s.lang = aftercare::app::Lang::Zh;
    keys(&mut s, ":");
    typed(&mut s, "quit now");
    keys(&mut s, "enter");
    assert!(screen(&s).contains("“quit”不带参数"), "{}", screen(&s));
    keys(&mut s, "esc :");
    typed(&mut s, "sort bogus");
    keys(&mut s, "enter");
    assert!(screen(&s).contains("没有“bogus”这一列可排序"));
    keys(&mut s, "/");
    typed(&mut s, "priority:huge");
    let text = screen(&s);
    assert!(text.contains("未知优先级“huge”"), "{text}");
    assert!(!text.contains("unknown priority"), "{text}");
}

#[test]
fn help_lists_the_keys_here_then_what_only_the_palette_has() {
    let mut s = state(120, 40);
    let th = aftercare::ui::theme::theme(&s);
    let text: Vec<String> = aftercare::ui::help_lines(&s, &th)
        .iter()
        .map(|l| l.to_string())
        .collect();
    let palette = text
        .iter()
        .position(|l| l.starts_with("only in the palette"))
        .expect("a palette section");
    assert!(text[palette..].iter().any(|l| l.contains(":language")));
    assert!(!text.iter().any(|l| l.contains("task-earlier")));
    s.lang = aftercare::app::Lang::Zh;
    keys(&mut s, "2");
    let text: Vec<String> = aftercare::ui::help_lines(&s, &th)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(text
        .iter()
        .any(|l| l.contains("task-earlier") && l.contains("提前一个工作日")));
    assert!(!text.iter().any(|l| l.contains("reply-editor")));
}

/// The character that starts at display column `col` of `line` (None inside a wide one).
fn char_at(line: &str, col: usize) -> Option<char> {
    let mut at = 0;
    for c in line.chars() {
        if at == col {
            return Some(c);
        }
        at += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if at > col {
            return None;
        }
    }
    None
}

/// Every box on `screen` has its left border on every row (none hidden by half a
/// wide character under it).
fn assert_boxes_whole(screen: &str) {
    let lines: Vec<&str> = screen.lines().collect();
    let mut boxes = 0;
    for (top, line) in lines.iter().enumerate() {
        let Some(byte) = line.find('┌').filter(|b| line[*b..].contains('┐')) else {
            continue;
        };
        let col = aftercare::domain::text::width(&line[..byte]);
        boxes += 1;
        for (i, l) in lines.iter().enumerate().skip(top + 1) {
            match char_at(l, col) {
                Some('└') => break,
                Some('│') => {}
                other => {
                    panic!("row {i}: {other:?} at column {col} instead of the border\n{screen}")
                }
            }
        }
    }
    assert!(boxes > 0, "a box is on screen\n{screen}");
}

/// Tickets numbered past a million, one long overdue, in Chinese.
fn big_ids(s: &mut State) {
    s.lang = aftercare::app::Lang::Zh;
    for (i, v) in s.tickets.list.rows.iter_mut().enumerate() {
        v.ticket.id = 1_000_003 - i as i64;
    }
    s.tickets.list.rows[1].ticket.next_due = Some(NOW - 360 * 24 * H - 23 * H);
}

#[test]
fn ids_and_sla_are_never_cut_at_80_columns() {
    let mut s = state(80, 24);
    big_ids(&mut s);
    let text = screen(&s);
    for id in 1_000_000..=1_000_003 {
        assert!(text.contains(&id.to_string()), "{id}\n{text}");
    }
    // Business time, as the SLA engine counts it.
    let due = s.tickets.list.rows[1].ticket.next_due.unwrap();
    let left =
        aftercare::domain::time::business_countdown(s.calendar.business_secs_between(NOW, due));
    assert!(left.starts_with('-') && left.len() >= 6, "{left}");
    assert!(text.contains(&left), "{left}\n{text}");
    insta::assert_snapshot!("big_ids_zh_80x24", text);
}

#[test]
fn wide_terminals_widen_columns_and_show_the_ticket_beside_the_list() {
    let mut s = state(200, 50);
    big_ids(&mut s);
    keys(&mut s, "j");
    insta::assert_snapshot!("list_and_preview_zh_200x50", screen(&s));
    keys(&mut s, "enter");
    insta::assert_snapshot!("list_and_detail_zh_200x50", screen(&s));
    // Narrower than the split: the list alone, as before.
    let mut s = state(159, 40);
    keys(&mut s, "enter");
    assert!(!screen(&s).contains("ID▼"), "{}", screen(&s));
}

#[test]
fn popups_keep_their_borders_over_wide_text() {
    for (w, h) in [(80, 24), (200, 50)] {
        for seq in ["g", "?", "m", "a"] {
            let mut s = state(w, h);
            big_ids(&mut s);
            let first = s.tickets.list.rows[0].clone();
            s.tickets.list.rows = (0..48)
                .map(|i| {
                    let mut v = first.clone();
                    v.ticket.id = 1_000_100 - i;
                    // Chinese all along the row, shifted by one column every other
                    // row, so a border lands on the right half of a wide character.
                    let lead = if i % 2 == 0 { "" } else { "a" };
                    v.ticket.title = format!("{lead}{}", "二三四五六七八九十".repeat(12));
                    v.ticket.customer = Some(format!("{lead}华为技术有限公司深圳分公司"));
                    v
                })
                .collect();
            keys(&mut s, seq);
            assert_boxes_whole(&screen(&s));
        }
    }
}

#[test]
fn messages_never_cover_the_headings_or_a_dialog() {
    use aftercare::app::msg::Note;
    let mut s = state(80, 24);
    s.lang = aftercare::app::Lang::Zh;
    let heading = screen(&s).lines().nth(1).unwrap().to_string();
    s.toast(Note::NoTicket);
    s.toast(Note::EditorEmpty);
    let text = screen(&s);
    assert_eq!(text.lines().nth(1).unwrap(), heading, "{text}");
    keys(&mut s, "m");
    let text = screen(&s);
    assert_boxes_whole(&text);
    insta::assert_snapshot!("toasts_under_a_dialog_zh_80x24", text);
}

#[test]
fn the_sla_column_and_the_detail_count_business_hours_like_the_engine() {
    use aftercare::domain::time::{business_countdown, countdown};
    let mut s = state(120, 40);
    // Due a day later on the wall clock: the list and the detail count only the
    // business hours in between, as the SLA engine (and its breakdown) does.
    s.tickets.list.rows[0].ticket.next_due = Some(NOW + 24 * H);
    let business = business_countdown(s.calendar.business_secs_between(NOW, NOW + 24 * H));
    assert_ne!(
        business,
        countdown(24 * H),
        "the calendar is not around the clock"
    );
    let row = screen(&s).lines().nth(2).unwrap().to_string();
    assert!(row.contains(&business), "{business}: {row}");
    keys(&mut s, "enter");
    let text = screen(&s);
    assert!(
        text.contains(&format!("Due (business hours): {business}")),
        "{text}"
    );
}
