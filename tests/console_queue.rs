//! The agent's day in the console on a real database (issue 15): customers picked in
//! the new-ticket form. The same loop as the terminal, drawn into memory.

use aftercare::app::chrome::Overlay;
use aftercare::app::keys::Key;
use aftercare::app::msg::Msg;
use aftercare::config::Config;
use aftercare::ops::{CustomerInput, Desk};
use aftercare::tui::headless::Headless;

/// 2026-03-02 10:00 in Shanghai.
const T: i64 = 1_772_416_800;

fn console(dir: &tempfile::TempDir, actor: &str) -> Headless {
    let mut d = Desk::open(&dir.path().join("q.db"), Config::builtin(), actor).unwrap();
    d.set_now(Some(T));
    let mut h = Headless::new(d, 120, 40);
    h.start();
    h
}

fn keys(h: &mut Headless, seq: &str) {
    for k in Key::parse_seq(seq).unwrap() {
        h.send(Msg::Key(k));
    }
}

fn typed(h: &mut Headless, text: &str) {
    for c in text.chars() {
        h.send(Msg::Key(Key::ch(c)));
    }
}

fn customer(h: &mut Headless, name: &str, email: &str) -> i64 {
    h.desk
        .create_customer(CustomerInput {
            name: name.into(),
            email: Some(email.into()),
            ..Default::default()
        })
        .unwrap()
        .id
}

#[test]
fn the_form_picks_an_existing_customer_by_part_of_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = console(&dir, "李娜");
    let huawei = customer(&mut h, "华为技术有限公司", "it@huawei.example");
    customer(&mut h, "京东物流", "ops@jd.example");
    keys(&mut h, "c");
    typed(&mut h, "打印机卡纸");
    keys(&mut h, "tab");
    typed(&mut h, "华为");
    h.draw();
    let screen = h.screen();
    assert!(screen.contains("华为技术有限公司"), "{screen}");
    assert!(screen.contains("+ new customer “华为”"), "{screen}");
    assert!(!screen.contains("京东物流"), "{screen}");
    // Enter takes the existing one (listed first); the type is picked the same way.
    keys(&mut h, "enter");
    typed(&mut h, "compl");
    keys(&mut h, "enter C-s");
    let t = h.desk.ticket(1).unwrap();
    assert_eq!(t.customer_id, Some(huawei), "no new customer was made");
    assert_eq!(t.ty, "complaint");
    assert_eq!(t.channel.as_str(), "phone");
    assert_eq!(h.desk.customers(None, 10).unwrap().len(), 2);
    assert!(!h.state.overlay.is_open(), "the form closed");
}

#[test]
fn a_new_customer_is_created_only_when_picked_as_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = console(&dir, "李娜");
    customer(&mut h, "华为技术有限公司", "it@huawei.example");
    keys(&mut h, "c");
    typed(&mut h, "退款 refund");
    keys(&mut h, "tab");
    typed(&mut h, "小米");
    // Nothing matches: the only item is creating "小米", and it says so.
    h.draw();
    assert!(h.screen().contains("+ new customer “小米”"));
    keys(&mut h, "enter C-s");
    let t = h.desk.ticket(1).unwrap();
    let made = h.desk.customers(Some("小米"), 5).unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(t.customer_id, Some(made[0].id));
    // Typing an unknown name without picking "new" creates nothing: the field stays
    // empty until something is picked.
    keys(&mut h, "esc c");
    typed(&mut h, "第二个");
    keys(&mut h, "tab");
    typed(&mut h, "无名客户");
    keys(&mut h, "esc C-s");
    let t2 = h.desk.ticket(2).unwrap();
    assert_eq!(t2.customer_id, None);
    assert!(h.desk.customers(Some("无名客户"), 5).unwrap().is_empty());
    assert!(matches!(h.state.overlay, Overlay::None));
}
