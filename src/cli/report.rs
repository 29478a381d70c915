//! `aftercare report …`: one arm per report, each in its own file.

use super::report_service::Which;
use super::{Format, ReportCmd};
use crate::error::Result;
use crate::ops::Desk;

/// Runs a report command.
pub fn run(desk: &Desk, cmd: &ReportCmd, f: Format) -> Result<()> {
    match cmd {
        ReportCmd::Time(a) => super::time::report(desk, a, f),
        ReportCmd::Agents(a) => super::report_agents::run(desk, a, f),
        ReportCmd::Sla(a) => super::report_service::run(desk, Which::Sla, a, f),
        ReportCmd::Volume(a) => super::report_service::run(desk, Which::Volume, a, f),
        ReportCmd::Csat(a) => super::report_service::run(desk, Which::Csat, a, f),
        ReportCmd::Stages(a) => super::report_service::run(desk, Which::Stages, a, f),
    }
}
