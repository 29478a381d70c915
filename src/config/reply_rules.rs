//! A flow's `on_customer_reply` and `reopen_days`: what a customer's reply does.

use super::raw::RawFlow;
use super::{ConfigError, Source};
use crate::domain::workflow::{CustomerReply, Flow, StageKind};

/// Checks the two keys against the flow: the target is an open stage that every
/// waiting stage may move to; with `reopen_days`, every resolved or closed stage can
/// move to an open one.
pub fn build(
    raw: &RawFlow,
    flow: &Flow,
    src: &Source,
    errs: &mut Vec<ConfigError>,
) -> CustomerReply {
    let mut out = CustomerReply::default();
    if let Some(to) = &raw.on_customer_reply {
        let id = to.get_ref();
        match flow.stage(id) {
            None => errs.push(src.error(
                to.span().start,
                format!(
                    "on_customer_reply '{id}' is not a stage of flow '{}'",
                    flow.id
                ),
                Some(format!(
                    "stages of this flow: {}",
                    flow.stages
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )),
            Some(s) if s.kind != StageKind::Open => errs.push(src.error(
                to.span().start,
                format!("on_customer_reply '{id}' is a {} stage", s.kind.as_str()),
                Some("a customer's reply gives the team work: name an open stage".into()),
            )),
            Some(_) => {
                let mut ok = true;
                for w in flow.stages.iter().filter(|s| s.kind == StageKind::Waiting) {
                    if !w.next.iter().any(|n| n == id) {
                        ok = false;
                        errs.push(src.error(
                            to.span().start,
                            format!(
                                "waiting stage '{}' of flow '{}' cannot move to '{id}'",
                                w.id, flow.id
                            ),
                            Some(format!("add \"{id}\" to the `next` of '{}'", w.id)),
                        ));
                    }
                }
                if ok {
                    out.to = Some(id.clone());
                }
            }
        }
    }
    if let Some(days) = &raw.reopen_days {
        let d = *days.get_ref();
        if !(0..=3650).contains(&d) {
            errs.push(src.error(
                days.span().start,
                "reopen_days must be between 0 and 3650",
                Some("0: a reply to a resolved ticket always starts a new one".into()),
            ));
        } else {
            let stuck: Vec<&str> = flow
                .stages
                .iter()
                .filter(|s| matches!(s.kind, StageKind::Resolved | StageKind::Closed))
                .filter(|s| {
                    !s.next
                        .iter()
                        .filter_map(|n| flow.stage(n))
                        .any(|n| n.kind == StageKind::Open)
                })
                .map(|s| s.id.as_str())
                .collect();
            if stuck.is_empty() {
                out.reopen_days = Some(d as u32);
            } else {
                errs.push(src.error(
                    days.span().start,
                    format!(
                        "cannot reopen from '{}' in flow '{}': it moves to no open stage",
                        stuck.join("', '"),
                        flow.id
                    ),
                    Some("add an open stage to its `next`, or remove reopen_days".into()),
                ));
            }
        }
    }
    out
}
