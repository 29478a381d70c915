//! Charts as SVG text, drawn with plotters' SVG backend: stacked bars with a line,
//! lines with a target, a heatmap and horizontal bars. The legend sits in a column
//! beside the plot. Labels are SVG text, so the browser renders Chinese with its
//! own fonts.

use crate::domain::text::width;
use crate::error::{Error, Result};
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Series colours, told apart also without colour vision (Okabe–Ito).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(120, 120, 120),
];

/// The colour of series `i`.
pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

const FONT: &str = "sans-serif";
/// Text and the line drawn over bars.
pub const INK: RGBColor = RGBColor(40, 40, 40);
const GRID: RGBColor = RGBColor(225, 225, 225);
/// Target and warning lines.
pub const ALERT: RGBColor = RGBColor(200, 30, 30);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// What `columns` builds: segments along x, values up y.
type ColumnChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<SegmentedCoord<RangedCoordi32>, RangedCoordf64>>;

/// Draws through plotters; its errors name what failed.
pub fn draw_err<E: std::fmt::Debug>(e: E) -> Error {
    Error::from(std::io::Error::other(format!("cannot draw a chart: {e:?}")))
}

/// Pixels a label column needs (display width: a Chinese character counts two).
pub fn label_px(labels: &[String]) -> u32 {
    labels.iter().map(|l| width(l)).max().unwrap_or(0) as u32 * 7 + 14
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    Box(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
    Dot(RGBColor),
}

/// Width of the legend column at the right of a chart.
pub const KEY_W: u32 = 160;

/// Draws legend entries down a column.
pub fn legend(area: &Area<'_>, items: &[(String, Swatch)]) -> Result<()> {
    for (i, (label, swatch)) in items.iter().enumerate() {
        let y = 22 + 18 * i as i32;
        match swatch {
            Swatch::Box(c) => area.draw(&Rectangle::new([(6, y - 5), (16, y + 5)], c.filled())),
            Swatch::Line(c) => area.draw(&PathElement::new([(3, y), (19, y)], c.stroke_width(2))),
            Swatch::Dashed(c) => {
                area.draw(&PathElement::new([(3, y), (8, y)], c.stroke_width(1)))
                    .map_err(draw_err)?;
                area.draw(&PathElement::new([(13, y), (19, y)], c.stroke_width(1)))
            }
            Swatch::Dot(c) => area.draw(&Circle::new((11, y), 4, c.filled())),
        }
        .map_err(draw_err)?;
        area.draw(&Text::new(
            label.clone(),
            (26, y),
            (FONT, 12)
                .into_font()
                .color(&INK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(draw_err)?;
    }
    Ok(())
}

/// The segmented axis of `n` categories (plotters' integer ranges include their end;
/// an empty range cannot be drawn, so one category gets a spare, empty segment).
pub fn segments(n: usize) -> SegmentedCoord<RangedCoordi32> {
    (0..(n as i32 - 1).max(1)).into_segmented()
}

/// Runs `draw` on an SVG canvas of `w`×`h` pixels; with `key`, the right
/// `KEY_W` pixels are split off for a legend. Returns the SVG text.
pub fn svg(
    w: u32,
    h: u32,
    key: &[(String, Swatch)],
    draw: impl FnOnce(&Area<'_>) -> Result<()>,
) -> Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        if key.is_empty() {
            draw(&root)?;
        } else {
            let (plot, side) = root.split_horizontally(w.saturating_sub(KEY_W));
            draw(&plot)?;
            legend(&side, key)?;
        }
        root.present().map_err(draw_err)?;
    }
    Ok(out)
}

/// Which labels of `n` to print so that about `room` fit.
fn every(n: usize, room: usize) -> usize {
    n.div_ceil(room.max(1)).max(1)
}

/// A label formatter for segment centres: `labels[i]` at every `step`-th.
fn centre<'a>(labels: &'a [String], step: usize) -> impl Fn(&SegmentValue<i32>) -> String + 'a {
    move |v| match v {
        SegmentValue::CenterOf(i) if (*i as usize) % step == 0 => {
            labels.get(*i as usize).cloned().unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// The same formatter counted from the top (row 0 drawn highest).
fn centre_rev<'a>(labels: &'a [String]) -> impl Fn(&SegmentValue<i32>) -> String + 'a {
    let n = labels.len() as i32;
    move |v| match v {
        SegmentValue::CenterOf(i) => labels
            .get((n - 1 - *i).max(0) as usize)
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// A chart of categories along x (a segment per label, every `step`-th labelled)
/// over a value range `y` labelled by `fy`, its mesh drawn: the axes the bar and
/// line charts share.
fn columns<'a, 'b>(
    root: &'a Area<'b>,
    x: &[String],
    step: usize,
    y: std::ops::Range<f64>,
    fy: &dyn Fn(&f64) -> String,
) -> Result<ColumnChart<'a, 'b>> {
    let n = x.len();
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(46)
        .build_cartesian_2d(segments(n), y)
        .map_err(draw_err)?;
    let fx = centre(x, step);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(WHITE)
        .x_labels(n.max(1))
        .x_label_formatter(&fx)
        .y_label_formatter(fy)
        .label_style((FONT, 12).into_font().color(&INK))
        .draw()
        .map_err(draw_err)?;
    Ok(chart)
}

/// Whole numbers on a value axis.
fn whole(v: &f64) -> String {
    format!("{v:.0}")
}

/// Bars per x label, stacked in series order, with an optional line over them
/// (tickets per day by channel, and the backlog).
pub fn stacked_bars(
    x: &[String],
    series: &[(String, Vec<i64>)],
    line: Option<(&str, &[i64])>,
    w: u32,
    h: u32,
) -> Result<String> {
    let n = x.len();
    let tops: Vec<i64> = (0..n)
        .map(|i| {
            series
                .iter()
                .map(|(_, v)| v.get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let line_max = line.map_or(0, |(_, v)| v.iter().copied().max().unwrap_or(0));
    let y_max = (tops.iter().copied().max().unwrap_or(0).max(line_max) as f64 * 1.1).max(1.0);
    let step = every(n, (w.saturating_sub(KEY_W + 80) / 46) as usize);
    let mut key: Vec<(String, Swatch)> = series
        .iter()
        .enumerate()
        .map(|(k, (name, _))| (name.clone(), Swatch::Box(color(k))))
        .collect();
    if let Some((name, _)) = line {
        key.push((name.to_string(), Swatch::Line(INK)));
    }
    svg(w, h, &key, |root| {
        let mut chart = columns(root, x, step, 0.0..y_max, &whole)?;
        let mut base = vec![0i64; n];
        for (k, (_, values)) in series.iter().enumerate() {
            let bars: Vec<Rectangle<(SegmentValue<i32>, f64)>> = values
                .iter()
                .enumerate()
                .filter(|(_, v)| **v > 0)
                .map(|(i, v)| {
                    let b = base[i] as f64;
                    let mut r = Rectangle::new(
                        [
                            (SegmentValue::Exact(i as i32), b),
                            (SegmentValue::Exact(i as i32 + 1), b + *v as f64),
                        ],
                        color(k).filled(),
                    );
                    r.set_margin(0, 0, 2, 2);
                    r
                })
                .collect();
            for (i, v) in values.iter().enumerate() {
                base[i] += v;
            }
            chart.draw_series(bars).map_err(draw_err)?;
        }
        if let Some((_, values)) = line {
            let pts: Vec<(SegmentValue<i32>, f64)> = values
                .iter()
                .enumerate()
                .map(|(i, v)| (SegmentValue::CenterOf(i as i32), *v as f64))
                .collect();
            chart
                .draw_series(LineSeries::new(pts, INK.stroke_width(2)))
                .map_err(draw_err)?;
        }
        Ok(())
    })
}

/// Lines of values per x label over `y` (labelled by `fy`), with an optional dashed
/// target line; a gap where a value is missing, a dot on every known one.
#[allow(clippy::too_many_arguments)]
pub fn lines(
    x: &[String],
    series: &[(String, Vec<Option<f64>>)],
    y: std::ops::Range<f64>,
    fy: &dyn Fn(&f64) -> String,
    target: Option<(&str, f64)>,
    w: u32,
    h: u32,
) -> Result<String> {
    let n = x.len();
    let mut key: Vec<(String, Swatch)> = series
        .iter()
        .enumerate()
        .map(|(k, (name, _))| (name.clone(), Swatch::Dot(color(k))))
        .collect();
    if let Some((name, _)) = target {
        key.push((name.to_string(), Swatch::Dashed(ALERT)));
    }
    let step = every(n, (w.saturating_sub(KEY_W + 80) / 46) as usize);
    svg(w, h, &key, |root| {
        let mut chart = columns(root, x, step, y.clone(), fy)?;
        if let Some((_, t)) = target {
            let ends = vec![(SegmentValue::Exact(0), t), (SegmentValue::Last, t)];
            chart
                .draw_series(DashedLineSeries::new(ends, 6, 4, ALERT.stroke_width(1)))
                .map_err(draw_err)?;
        }
        for (k, (_, values)) in series.iter().enumerate() {
            let c = color(k);
            let mut runs: Vec<Vec<(SegmentValue<i32>, f64)>> = vec![Vec::new()];
            for (i, v) in values.iter().enumerate() {
                match (v, runs.last_mut()) {
                    (Some(v), Some(run)) => run.push((SegmentValue::CenterOf(i as i32), *v)),
                    _ => runs.push(Vec::new()),
                }
            }
            for run in runs.iter().filter(|r| r.len() > 1) {
                chart
                    .draw_series(LineSeries::new(run.clone(), c.stroke_width(2)))
                    .map_err(draw_err)?;
            }
            chart
                .draw_series(
                    runs.iter()
                        .flatten()
                        .map(|p| Circle::new(p.clone(), 4, c.filled())),
                )
                .map_err(draw_err)?;
        }
        Ok(())
    })
}

/// A percentage axis label.
pub fn percent(v: &f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// A grid of counts: `values[row][col]`, darker for more, the count written in
/// the cells that have one.
pub fn heatmap(
    rows: &[String],
    cols: &[String],
    values: &[Vec<i64>],
    w: u32,
    h: u32,
) -> Result<String> {
    let (nr, nc) = (rows.len(), cols.len());
    let max = values.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    svg(w, h, &[], |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(24)
            .y_label_area_size(label_px(rows))
            .build_cartesian_2d(segments(nc), segments(nr))
            .map_err(draw_err)?;
        let fx = centre(cols, 1);
        let fy = centre_rev(rows);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(nc)
            .y_labels(nr)
            .x_label_formatter(&fx)
            .y_label_formatter(&fy)
            .label_style((FONT, 12).into_font().color(&INK))
            .draw()
            .map_err(draw_err)?;
        let mut cells = Vec::new();
        let mut texts = Vec::new();
        for (r, row) in values.iter().enumerate() {
            let y = nr as i32 - 1 - r as i32;
            for (c, v) in row.iter().enumerate() {
                let share = *v as f64 / max;
                let shade = RGBColor(
                    (247.0 - share * 239.0) as u8,
                    (251.0 - share * 170.0) as u8,
                    (255.0 - share * 100.0) as u8,
                );
                let mut rect = Rectangle::new(
                    [
                        (SegmentValue::Exact(c as i32), SegmentValue::Exact(y)),
                        (
                            SegmentValue::Exact(c as i32 + 1),
                            SegmentValue::Exact(y + 1),
                        ),
                    ],
                    shade.filled(),
                );
                rect.set_margin(1, 1, 1, 1);
                cells.push(rect);
                if *v > 0 {
                    let ink = if share > 0.55 { WHITE } else { INK };
                    texts.push(Text::new(
                        v.to_string(),
                        (SegmentValue::CenterOf(c as i32), SegmentValue::CenterOf(y)),
                        (FONT, 10)
                            .into_font()
                            .color(&ink)
                            .pos(Pos::new(HPos::Center, VPos::Center)),
                    ));
                }
            }
        }
        chart.draw_series(cells).map_err(draw_err)?;
        chart.draw_series(texts).map_err(draw_err)?;
        Ok(())
    })
}

/// How the series of horizontal bars share a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bars {
    /// Each series over the one before, narrower (give the longest first).
    Overlaid,
    /// Side by side within the row.
    Grouped,
}

/// Horizontal bars, one row per label, with the first series' value written at
/// its end (`unit` after the number).
pub fn hbars(
    labels: &[String],
    series: &[(String, Vec<f64>)],
    layout: Bars,
    unit: &str,
    w: u32,
) -> Result<String> {
    let n = labels.len();
    let k = series.len().max(1);
    let row_px = if layout == Bars::Grouped {
        12 + 10 * k as u32
    } else {
        26
    };
    let h = 48 + row_px * n.max(1) as u32;
    let x_max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(0.0f64, f64::max)
        .max(1.0)
        * 1.15;
    let key: Vec<(String, Swatch)> = series
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.clone(), Swatch::Box(color(i))))
        .collect();
    let decimals = usize::from(series.iter().flat_map(|(_, v)| v).any(|x| x.fract() != 0.0));
    svg(w, h, &key, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(24)
            .y_label_area_size(label_px(labels))
            .build_cartesian_2d(0.0..x_max, segments(n))
            .map_err(draw_err)?;
        let fy = centre_rev(labels);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE)
            .y_labels(n.max(1))
            .y_label_formatter(&fy)
            .x_label_formatter(&|v| format!("{v:.0}{unit}"))
            .label_style((FONT, 12).into_font().color(&INK))
            .draw()
            .map_err(draw_err)?;
        let band = row_px.saturating_sub(6) / k as u32;
        for (s, (_, values)) in series.iter().enumerate() {
            let c = color(s);
            let (top, bottom) = match layout {
                Bars::Overlaid => (3 + 4 * s as u32, 3 + 4 * s as u32),
                Bars::Grouped => (
                    3 + band * s as u32,
                    row_px.saturating_sub(3 + band * (s as u32 + 1)),
                ),
            };
            let bars: Vec<Rectangle<(f64, SegmentValue<i32>)>> = values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let y = n as i32 - 1 - i as i32;
                    let mut r = Rectangle::new(
                        [
                            (0.0, SegmentValue::Exact(y)),
                            (*v, SegmentValue::Exact(y + 1)),
                        ],
                        c.filled(),
                    );
                    r.set_margin(top, bottom, 0, 0);
                    r
                })
                .collect();
            chart.draw_series(bars).map_err(draw_err)?;
        }
        if let Some((_, values)) = series.first() {
            let texts = values.iter().enumerate().map(|(i, v)| {
                Text::new(
                    format!(" {v:.decimals$}{unit}"),
                    (*v, SegmentValue::CenterOf(n as i32 - 1 - i as i32)),
                    (FONT, 11)
                        .into_font()
                        .color(&INK)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )
            });
            chart.draw_series(texts).map_err(draw_err)?;
        }
        Ok(())
    })
}

/// Vertical bars of one series per x label (e.g. how many gave each score).
pub fn bars(x: &[String], name: &str, values: &[i64], w: u32, h: u32) -> Result<String> {
    let y_max = (values.iter().copied().max().unwrap_or(0) as f64 * 1.15).max(1.0);
    svg(w, h, &[(name.to_string(), Swatch::Box(color(0)))], |root| {
        let mut chart = columns(root, x, 1, 0.0..y_max, &whole)?;
        let rects: Vec<Rectangle<(SegmentValue<i32>, f64)>> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut r = Rectangle::new(
                    [
                        (SegmentValue::Exact(i as i32), 0.0),
                        (SegmentValue::Exact(i as i32 + 1), *v as f64),
                    ],
                    color(0).filled(),
                );
                r.set_margin(0, 0, 6, 6);
                r
            })
            .collect();
        chart.draw_series(rects).map_err(draw_err)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_with_their_labels() {
        let x: Vec<String> = vec!["11-23".into(), "11-24".into()];
        let s = stacked_bars(
            &x,
            &[("电话".into(), vec![2, 0]), ("email".into(), vec![1, 1])],
            Some(("积压 backlog", &[2, 2])),
            600,
            240,
        )
        .unwrap();
        assert!(s.starts_with("<svg"), "{}", &s[..40]);
        for t in ["11-23", "电话", "积压 backlog"] {
            assert!(s.contains(t), "{t}");
        }
        let l = lines(
            &x,
            &[("首次响应".into(), vec![Some(0.4), None])],
            0.0..1.05,
            &percent,
            Some(("目标", 0.9)),
            600,
            240,
        )
        .unwrap();
        assert!(l.contains("首次响应") && l.contains("90%") && l.contains("目标"));
        let h = heatmap(
            &["周一".into()],
            &["0".into(), "1".into()],
            &[vec![0, 3]],
            600,
            120,
        )
        .unwrap();
        assert!(h.contains("周一") && h.contains(">\n3\n<"), "{h}");
        assert!(!h.contains("height=\"-"), "{h}");
        let b = hbars(
            &["分析中".into()],
            &[("p90".into(), vec![21.5]), ("p50".into(), vec![5.0])],
            Bars::Overlaid,
            "h",
            600,
        )
        .unwrap();
        assert!(b.contains("分析中") && b.contains("21.5h"));
        let g = hbars(
            &x,
            &[
                ("now".into(), vec![1.0, 2.0]),
                ("before".into(), vec![0.0, 4.0]),
            ],
            Bars::Grouped,
            "",
            600,
        )
        .unwrap();
        assert!(g.contains("before") && g.contains(" 2\n<"), "{g}");
        assert!(bars(&x, "rated", &[3, 4], 300, 200)
            .unwrap()
            .contains("rated"));
        // Text is escaped.
        let e = bars(&["<b>&".into()], "x", &[1], 300, 200).unwrap();
        assert!(e.contains("&lt;b&gt;&amp;") && !e.contains("<b>"));
    }
}
