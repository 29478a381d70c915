//! `aftercare report …`: one arm per report, each in its own file.

use super::report_service::Which;
use super::{Format, ReportCmd};
use crate::error::Result;
use crate::ops::Desk;

/// Runs a report command; only the dashboard knows HTML and Markdown.
pub fn run(desk: &Desk, cmd: &ReportCmd, format: Format) -> Result<()> {
    let f = match format {
        Format::Md | Format::Html => Format::Table,
        other => other,
    };
    match cmd {
        ReportCmd::Dashboard(a) => super::report_dashboard::run(desk, a, format),
        ReportCmd::Time(a) => super::time::report(desk, a, f),
        ReportCmd::Agents(a) => super::report_agents::run(desk, a, f),
        ReportCmd::Sla(a) => super::report_service::run(desk, Which::Sla, a, f),
        ReportCmd::Volume(a) => super::report_service::run(desk, Which::Volume, a, f),
        ReportCmd::Csat(a) => super::report_service::run(desk, Which::Csat, a, f),
        ReportCmd::Stages(a) => super::report_service::run(desk, Which::Stages, a, f),
    }
}
