//! Where the dashboard's parts are on the screen, shared by the drawing (`ui`) and
//! the mouse (`click`), so a click lands on what is drawn under it.

use super::state::Widget;

/// The smallest pane that shows every chart at once.
pub const GRID_MIN: (u16, u16) = (120, 34);

/// A rectangle of screen cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub w: u16,
    pub h: u16,
}

impl Area {
    /// A rectangle.
    pub const fn new(x: u16, y: u16, w: u16, h: u16) -> Area {
        Area { x, y, w, h }
    }

    /// Whether the cell `(col, row)` is inside.
    pub fn contains(&self, col: u16, row: u16) -> bool {
        col >= self.x && col < self.x + self.w && row >= self.y && row < self.y + self.h
    }
}

/// The tiles' two lines in the pane's `area`.
pub fn tiles(area: Area) -> Area {
    Area::new(area.x, area.y + 1, area.w, 2)
}

/// The tile under column `col` of the tiles' `area` (seven across).
pub fn tile_at(area: Area, col: u16) -> usize {
    let w = (area.w / 7).max(1);
    (((col - area.x.min(col)) / w) as usize).min(6)
}

/// The charts' boxes in the pane's `area`: every chart on a big pane, else the
/// chart in focus under a line naming it (the tiles in focus show the volume).
pub fn charts(area: Area, focus: Widget) -> Vec<(Widget, Area)> {
    let body = Area::new(area.x, area.y + 3, area.w, area.h.saturating_sub(4));
    if area.w >= GRID_MIN.0 && area.h >= GRID_MIN.1 {
        return grid(body);
    }
    let w = match focus {
        Widget::Tiles => Widget::Volume,
        w => w,
    };
    vec![(
        w,
        Area::new(body.x, body.y + 1, body.w, body.h.saturating_sub(1)),
    )]
}

/// Volume and SLA; heatmap, stages and problems; satisfaction and agents.
fn grid(body: Area) -> Vec<(Widget, Area)> {
    let h1 = body.h / 3;
    let h2 = body.h / 3;
    let h3 = body.h - h1 - h2;
    let third = body.w / 3;
    let y2 = body.y + h1;
    let y3 = y2 + h2;
    let left2 = body.w - third;
    // The heatmap needs 24 hours and a weekday label.
    let hw = third.max(34).min(body.w / 2);
    let rest = body.w - hw;
    vec![
        (Widget::Volume, Area::new(body.x, body.y, left2, h1)),
        (Widget::Sla, Area::new(body.x + left2, body.y, third, h1)),
        (Widget::Heatmap, Area::new(body.x, y2, hw, h2)),
        (Widget::Stages, Area::new(body.x + hw, y2, rest / 2, h2)),
        (
            Widget::Categories,
            Area::new(body.x + hw + rest / 2, y2, rest - rest / 2, h2),
        ),
        (Widget::Csat, Area::new(body.x, y3, third, h3)),
        (
            Widget::Agents,
            Area::new(body.x + third, y3, body.w - third, h3),
        ),
    ]
}

/// The volume chart's bars inside its box `inner` (the box without its border):
/// the bars' area, the column width per day, and the first of the `n` days shown
/// (the last days that fit, moved back to keep the selected day in view).
pub fn volume_bars(inner: Area, n: usize, sel: Option<usize>) -> (Area, u16, usize) {
    let axis_w: u16 = 4;
    let bars = Area::new(
        inner.x + axis_w,
        inner.y + 1,
        inner.w.saturating_sub(axis_w),
        inner.h.saturating_sub(2),
    );
    let cw = ((bars.w as usize) / n.max(1)).clamp(1, 4) as u16;
    let shown = (bars.w / cw) as usize;
    let anchor = sel
        .unwrap_or(n.saturating_sub(1))
        .max(shown.min(n).saturating_sub(1));
    let first = (anchor + 1)
        .saturating_sub(shown)
        .min(n.saturating_sub(shown));
    (bars, cw, first)
}

/// The inside of a chart's box (its border taken off).
pub fn inner(boxed: Area) -> Area {
    Area::new(
        boxed.x + 1,
        boxed.y + 1,
        boxed.w.saturating_sub(2),
        boxed.h.saturating_sub(2),
    )
}
