//! Demo data of the project follow-through: issue-log entries and documents on every
//! project, and for the accepted project the customer's acceptance, then closing with a
//! retrospective published to the knowledge base. The same seed gives the same data.

use super::clock::{self, DAY};
use super::rng::Rng;
use super::summary::DemoSummary;
use crate::domain::project::{Acceptance, Document, Issue};
use crate::domain::status::{IssueStatus, ProjectStatus};
use crate::error::Result;
use crate::ops::{Desk, RetroInput};
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Conn;
use crate::store::{project_log, projects};

const STREAM_FOLLOW: u64 = 70;

/// (title, detail, severity, resolution when resolved)
const ISSUES: &[(&str, &str, &str, &str)] = &[
    (
        "测试服务器磁盘空间不足",
        "迁移演练时 /data 分区写满，演练中断",
        "high",
        "扩容 500G 并清理旧快照",
    ),
    (
        "客户 VPN 账号未开通",
        "实施人员无法远程登录客户内网",
        "medium",
        "客户 IT 已开通 5 个账号",
    ),
    (
        "Vendor firmware build delayed",
        "The printer firmware 4.2 build slipped one week",
        "high",
        "Pilot runs on 4.1 with a hotfix",
    ),
    (
        "现场网络 IP 冲突",
        "两台终端使用了同一 IP，间歇性掉线",
        "low",
        "改为 DHCP 保留地址",
    ),
    (
        "Key user on leave during training",
        "The customer's key user is away for the planned session",
        "medium",
        "Session recorded and repeated on Friday",
    ),
    (
        "数据字典与旧系统不一致",
        "物料编码规则在两个系统中不同",
        "critical",
        "双方确认映射表并签字",
    ),
];

/// (title, location, kind)
const DOCUMENTS: &[(&str, &str, &str)] = &[
    (
        "项目计划 Project plan",
        "https://docs.example.com/projects/{id}/plan.pdf",
        "plan",
    ),
    (
        "周例会纪要 Weekly minutes",
        "/srv/share/projects/{id}/minutes-week-{n}.docx",
        "minutes",
    ),
    (
        "状态报告 Status report",
        "/srv/share/projects/{id}/status-{n}.md",
        "report",
    ),
    (
        "客户满意度反馈 Customer feedback",
        "https://forms.example.com/feedback/{id}",
        "feedback",
    ),
];

/// Adds the follow-through demo data; counts its records into `summary`.
pub fn fill(desk: &mut Desk, seed: u64, anchor: i64, summary: &mut DemoSummary) -> Result<()> {
    let tz = desk.config.sla.calendar.tz;
    let actor = desk.actor.clone();
    let list = projects::list(desk.store.conn())?;
    let mut events = 0u64;
    for (pi, p) in list.iter().enumerate() {
        let mut rng = Rng::derive(seed, STREAM_FOLLOW, p.id as u64);
        let team: Vec<Option<i64>> = projects::tasks(desk.store.conn(), p.id)?
            .iter()
            .map(|t| t.owner_id)
            .filter(|o| o.is_some())
            .collect();
        let finished = matches!(p.status, ProjectStatus::Accepted | ProjectStatus::Closed);
        events += desk.store.write(|c| {
            let mut n = 0;
            let count = if p.status == ProjectStatus::Planning { 1 } else { 2 + rng.index(2) };
            for k in 0..count {
                let (title, detail, severity, resolution) = ISSUES[(pi * 2 + k) % ISSUES.len()];
                let opened = clock::at_hour(anchor, tz, -(3 + rng.range(0, 20)), 9 + rng.range(0, 8) as u32);
                let resolved = finished || rng.chance(0.4);
                let resolved_at = resolved.then(|| opened + (1 + rng.range(0, 4)) * DAY);
                let id = project_log::insert_issue(
                    c,
                    &Issue {
                        project_id: p.id,
                        title: title.into(),
                        detail: detail.into(),
                        severity: severity.into(),
                        owner_id: if team.is_empty() { p.owner_id } else { *rng.pick(&team) },
                        status: if resolved {
                            IssueStatus::Resolved
                        } else {
                            IssueStatus::Open
                        },
                        resolution: if resolved { resolution.into() } else { String::new() },
                        due_on: Some(clock::date(anchor, tz, rng.range(-2, 10))),
                        opened_at: opened,
                        resolved_at,
                        updated_at: resolved_at.unwrap_or(opened),
                        ..Default::default()
                    },
                )?;
                created(c, (opened, &actor), (Entity::Issue, id), "title", title)?;
                n += 1;
            }
            let docs = if p.status == ProjectStatus::Planning { 1 } else { DOCUMENTS.len() };
            for (k, (title, location, kind)) in DOCUMENTS.iter().take(docs).enumerate() {
                let at = clock::at_hour(anchor, tz, -(30 - 6 * k as i64), 16);
                let location = location.replace("{id}", &p.id.to_string()).replace("{n}", &(k + 1).to_string());
                let id = project_log::insert_document(
                    c,
                    &Document {
                        project_id: p.id,
                        title: (*title).into(),
                        location: location.clone(),
                        kind: (*kind).into(),
                        added_by: actor.clone(),
                        created_at: at,
                        ..Default::default()
                    },
                )?;
                created(c, (at, &actor), (Entity::Document, id), "location", &location)?;
                n += 1;
            }
            if p.status == ProjectStatus::Accepted {
                let at = clock::at_hour(anchor, tz, -2, 15);
                project_log::insert_acceptance(
                    c,
                    &Acceptance {
                        project_id: p.id,
                        accepted_by: "Mr. Davies (Northwind IT)".into(),
                        accepted_at: at,
                        notes: "All shares migrated and verified; users signed off. 全部共享已迁移并核对。".into(),
                        recorded_by: actor.clone(),
                        ..Default::default()
                    },
                )?;
                created(c, (at, &actor), (Entity::Project, p.id), "acceptance", "accepted")?;
                n += 1;
            }
            Ok(n)
        })?;
        if p.status == ProjectStatus::Accepted {
            desk.close_project(
                p.id,
                RetroInput {
                    went_well: "迁移演练两次后正式切换零故障；每日站会让客户 IT 一直知情。\nTwo rehearsals made the cut-over uneventful.".into(),
                    went_badly: "初期低估了 ACL 权限映射的工作量，第二周延期三天。\nACL mapping took three days longer than planned.".into(),
                    lessons: "迁移前先导出并核对权限清单；切换窗口预留一天缓冲。\nExport and review permissions before migrating; keep a spare day in the cut-over window.".into(),
                    publish: true,
                },
                None,
            )?;
            summary.articles += 1;
            events += 3;
        }
    }
    summary.audit_events += events;
    Ok(())
}

/// The create event an operation would have recorded (at version 1).
fn created(
    c: &Conn,
    (at, actor): (i64, &str),
    (entity, id): (Entity, i64),
    field: &'static str,
    value: &str,
) -> Result<()> {
    let ev = Event::set("create", field, value);
    write::record(c, &Stamp::new(at, actor), entity, id, Some(1), &[ev])
}
