//! Playbooks and the knowledge base against a fixed clock.

use crate::config::Config;
use crate::ops::{ArticleFilter, ArticleInput, Desk};

/// 2026-03-02 10:00 in Shanghai.
const T: i64 = 1_772_416_800;

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("p.db"), Config::builtin(), "李娜").unwrap();
    d.set_now(Some(T));
    (dir, d)
}

#[test]
fn steps_fall_due_and_turn_overdue() {
    let (_dir, mut d) = desk();
    let inc = d.start_playbook("outage", false, None).unwrap();
    assert_eq!(inc.started_at, T);
    assert_eq!(inc.steps[0].due_at, T + 10 * 60);
    assert_eq!(inc.overdue(d.now()), 0);
    d.set_now(Some(T + 11 * 60));
    let inc = d.incident(inc.id).unwrap();
    assert_eq!(inc.overdue(d.now()), 1);
    let inc = d
        .set_incident_step(inc.id, 1, true, Some(inc.version))
        .unwrap();
    assert_eq!(inc.overdue(d.now()), 0, "done steps are never overdue");
    assert_eq!(inc.steps[0].done_by.as_deref(), Some("李娜"));
    assert_eq!(inc.steps[0].done_at, Some(T + 11 * 60));
    let e = d.set_incident_step(inc.id, 2, true, Some(1)).unwrap_err();
    assert!(e.is_conflict(), "{e}");
    assert_eq!(d.incidents(true, 10).unwrap().len(), 1);
}

#[test]
fn review_dates_pass_in_the_team_time_zone() {
    let (_dir, mut d) = desk();
    let a = d
        .create_article(ArticleInput {
            title: "保修政策".into(),
            category: "售后服务".into(),
            body: "x".into(),
            status: Some("published".into()),
            review_by: Some("2026-03-02".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(!d.is_stale(&a), "due today is not stale yet");
    // 2026-03-02 16:30 UTC is already 2026-03-03 00:30 in Shanghai.
    d.set_now(Some(T + 14 * 3600 + 1800));
    assert!(d.is_stale(&a));
    let stale = d
        .article_views(&ArticleFilter {
            stale: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(stale.len(), 1);
    d.archive_article(a.id, None).unwrap();
    assert!(d
        .article_views(&ArticleFilter {
            stale: true,
            ..Default::default()
        })
        .unwrap()
        .is_empty());
}
