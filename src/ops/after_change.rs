//! What follows every change of stage, priority or type (or a first response), in
//! the transaction of the change: the stored SLA columns, and the customer-visible
//! update (comment and mail) of a stage that has one.

use crate::config::Config;
use crate::domain::service::{fill, Fill};
use crate::domain::text::CleanText;
use crate::error::Result;
use crate::store::tickets as st;
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Conn;

/// After a change of stage, priority or type (or the first response), inside the same
/// transaction: recompute the stored SLA columns and, when the ticket `entered` a
/// stage that has a customer update configured, record that update.
pub(crate) fn after_change(
    c: &Conn,
    cfg: &Config,
    id: i64,
    s: &Stamp,
    entered: Option<&str>,
) -> Result<()> {
    super::sla::refresh_sla(c, cfg, id, s.at)?;
    if let Some(stage) = entered {
        stage_update(c, cfg, id, stage, s)?;
        super::mail::on_stage(c, cfg, id, stage, s.at, &s.actor)?;
    }
    Ok(())
}

/// Records the customer-visible update for ticket `id` entering `stage`, if the
/// ticket's flow has one (audit action `notify`; it is not a first response).
fn stage_update(c: &Conn, cfg: &Config, id: i64, stage: &str, s: &Stamp) -> Result<()> {
    let t = st::get(c, id)?;
    let actor = s.actor.as_str();
    let flow = cfg.workflow.flow_for(&t.ty);
    let Some(update) = cfg.service.update(&flow.id, stage) else {
        return Ok(());
    };
    let def = flow.stage(stage);
    let label = |lang: &str| {
        def.map(|s| s.label(lang).to_string())
            .unwrap_or(stage.into())
    };
    let (zh_label, en_label) = (label("zh"), label("en"));
    let zh = fill(
        &update.zh,
        &Fill {
            stage: &zh_label,
            ..Fill::of(&t, actor, "客户", "待定")
        },
    );
    let en = fill(
        &update.en,
        &Fill {
            stage: &en_label,
            ..Fill::of(&t, actor, "customer", "to be assigned")
        },
    );
    let text = crate::domain::service::StageUpdate {
        zh: zh.clone(),
        en: en.clone(),
    }
    .text();
    let cid = st::insert_comment(c, id, actor, &CleanText::new(&text), false, s.at)?;
    // By mail, only in the ticket's language.
    super::mail::queue::queue_update(c, cfg, id, cid, &zh, &en, s.at, actor)?;
    let ev = Event::set("notify", "comment", cid.to_string());
    write::record(c, s, Entity::Ticket, id, Some(t.version), &[ev])
}
