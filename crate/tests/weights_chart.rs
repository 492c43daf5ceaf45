//! The weights chart's two modes drawn from real runs onto SVG: the layout each drawing
//! records (the lines, epochs and values drawn, where they landed, the y range) against
//! the history and the SVG's own polylines; the seed's picture (flat input-side lines,
//! moving output-side lines) on the vanishing preset; the pointer and the keys reading
//! drawn points back.

use plotters::prelude::*;
use vgp::charts::weights::{draw_tracked_weights, WeightsLayout, WeightsMode};
use vgp::charts::weights_layout::{plan, WeightPoint, WeightsKey};
use vgp::charts::ChartStyle;
use vgp::config::{Activation, Config, DatasetKind};
use vgp::history::History;
use vgp::metrics::EpochMetrics;
use vgp::presets::{preset, preset_config};
use vgp::train::Run;

const SIZE: (u32, u32) = (700, 320);

/// Draw `history` in `mode` onto an SVG string; the SVG and the recorded layout.
fn draw(history: &History, mode: WeightsMode, diverged: Option<usize>) -> (String, WeightsLayout) {
    let mut s = String::new();
    let layout = {
        let area = SVGBackend::with_string(&mut s, SIZE).into_drawing_area();
        draw_tracked_weights(&area, history, mode, diverged, &ChartStyle::light(1.0))
            .expect("chart draws")
    };
    (s, layout)
}

fn save(name: &str, s: &str) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/chart-previews");
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(format!("{dir}/{name}.svg"), s);
}

/// The points of every polyline of the SVG, with its stroke colour.
fn polylines(s: &str) -> Vec<(String, Vec<(i32, i32)>)> {
    s.split("<polyline")
        .skip(1)
        .map(|p| {
            let attr = |name: &str| {
                let rest = p.split(&format!("{name}=\"")).nth(1).unwrap_or("");
                rest[..rest.find('"').unwrap_or(0)].to_string()
            };
            let points = attr("points")
                .split_whitespace()
                .filter_map(|xy| {
                    let (x, y) = xy.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            (attr("stroke"), points)
        })
        .collect()
}

fn rgb(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Two layers, 21 epochs: layer 1 frozen at 0.5 and -0.3, the output layer moving from
/// 0.2 up and from -0.1 down.
fn frozen_and_moving() -> History {
    let mut h = History::default();
    for epoch in 0..=20 {
        let e = epoch as f32;
        h.push(EpochMetrics {
            epoch,
            tracked_weights: vec![vec![0.5, -0.3], vec![0.2 + 0.05 * e, -0.1 - 0.02 * e]],
            ..EpochMetrics::default()
        });
    }
    h
}

/// The text of every `<text>` element.
fn texts(s: &str) -> Vec<String> {
    s.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

/// Largest minus smallest pixel row of a line: how far it moves up the chart.
fn pixel_span(points: &[(i32, i32)]) -> i32 {
    let ys = points.iter().map(|p| p.1);
    ys.clone().max().unwrap_or(0) - ys.min().unwrap_or(0)
}

#[test]
fn value_mode_plots_every_weight_on_a_nice_linear_axis_and_records_it() {
    let h = frozen_and_moving();
    let (s, layout) = draw(&h, WeightsMode::Value, None);
    save("weights-value", &s);
    for text in [
        "Weight value (3 weights per layer)",
        "weight value",
        "epoch",
        "layer:",
    ] {
        assert!(s.contains(text), "missing {text}");
    }
    assert_eq!(layout.mode, WeightsMode::Value);
    // The values run from -0.5 to 1.2: the axis encloses them on a step of 0.5.
    assert_eq!(layout.y_range, (-0.5, 1.5), "{:?}", layout.y_range);
    let labels = texts(&s);
    for label in ["-0.5", "0", "0.5", "1", "1.5"] {
        assert!(
            labels.iter().any(|t| t == label),
            "no tick {label}: {labels:?}"
        );
    }
    assert_eq!(layout.lines.len(), 4, "one line per tracked weight");
    assert_eq!(layout.layers, 2);
    let (x0, x1) = layout.plot_x;
    let (y0, y1) = layout.plot_y;
    for line in &layout.lines {
        // Every epoch, with the history's value and change.
        assert_eq!(line.points.len(), 21);
        for (p, m) in line.points.iter().zip(h.points()) {
            let value = m.tracked_weights[line.layer][line.k];
            let start = h.first().expect("epoch 0").tracked_weights[line.layer][line.k];
            assert_eq!((p.epoch, p.value), (m.epoch, value));
            assert_eq!(p.change, f64::from(value) - f64::from(start));
            assert!(
                (x0..=x1).contains(&p.at.0) && (y0..=y1).contains(&p.at.1),
                "{p:?}"
            );
        }
        // The y pixel is the linear map of the value onto the plot's height.
        let (lo, hi) = layout.y_range;
        for p in &line.points {
            let want = y1 as f64 - (f64::from(p.value) - lo) / (hi - lo) * f64::from(y1 - y0);
            assert!((f64::from(p.at.1) - want).abs() <= 1.5, "{p:?}: y {want}");
        }
    }
    // The layout's points are exactly the polylines drawn, in the layer's colour.
    let style = ChartStyle::light(1.0);
    let drawn = polylines(&s);
    for line in &layout.lines {
        let colour = rgb(vgp::charts::layer_color(line.layer, 2, &style));
        let at: Vec<(i32, i32)> = line.points.iter().map(|p| p.at).collect();
        assert!(
            drawn
                .iter()
                .any(|(c, points)| *c == colour && *points == at),
            "layer {} weight {}: no {colour} polyline at {at:?}",
            line.layer,
            line.k
        );
    }
    // Frozen lines are flat, moving ones are not: one up, one down.
    let span = |layer: usize, k: usize| {
        let line = layout
            .lines
            .iter()
            .find(|l| (l.layer, l.k) == (layer, k))
            .expect("drawn");
        let points: Vec<(i32, i32)> = line.points.iter().map(|p| p.at).collect();
        (pixel_span(&points), points[20].1 - points[0].1)
    };
    assert_eq!(span(0, 0), (0, 0));
    assert_eq!(span(0, 1), (0, 0));
    assert!(span(1, 0).1 < -60, "{:?}", span(1, 0));
    assert!(span(1, 1).1 > 20, "{:?}", span(1, 1));
}

#[test]
fn change_mode_draws_the_same_points_on_the_symmetric_log_axis() {
    let h = frozen_and_moving();
    let (value_svg, value) = draw(&h, WeightsMode::Value, None);
    let (s, change) = draw(&h, WeightsMode::Change, None);
    save("weights-change", &s);
    assert!(s.contains("Weight change since epoch 0") && s.contains("change (symmetric log)"));
    assert!(!value_svg.contains("symmetric log"));
    assert_eq!(change.mode, WeightsMode::Change);
    // The same lines, epochs, values and changes; only the y mapping differs.
    let data = |l: &WeightsLayout| -> Vec<(usize, usize, usize, f32, f64)> {
        l.lines
            .iter()
            .flat_map(|line| {
                line.points
                    .iter()
                    .map(move |p| (line.layer, line.k, p.epoch, p.value, p.change))
            })
            .collect()
    };
    assert_eq!(data(&value), data(&change));
    // The axis is symmetric about 0, where every frozen point lies.
    let (lo, hi) = change.y_range;
    assert!((lo + hi).abs() < 1e-9 && hi > 0.0, "{lo} {hi}");
    let zero_row = change.lines[0].points[0].at.1;
    let mid = (change.plot_y.0 + change.plot_y.1) / 2;
    assert!(
        (zero_row - mid).abs() <= 1,
        "0 at row {zero_row}, middle {mid}"
    );
    for line in change.lines.iter().filter(|l| l.layer == 0) {
        assert!(line.points.iter().all(|p| p.at.1 == zero_row));
    }
}

/// The seed's picture: on the vanishing preset (ten sigmoid layers, moons) after 100
/// epochs, value mode draws the first layer's lines flat and the output layer's moving,
/// measured on the points the chart recorded.
#[test]
fn the_vanishing_preset_draws_flat_input_side_lines_and_moving_output_side_lines() {
    let config: Config = preset_config(preset("vanishing").expect("the vanishing preset"));
    assert_eq!(
        (config.depth, config.data, config.act),
        (10, DatasetKind::Moons, Activation::Sigmoid)
    );
    let mut run = Run::new(config);
    for _ in 0..100 {
        assert!(run.step_epoch());
    }
    let (s, layout) = draw(run.history(), WeightsMode::Value, None);
    save("weights-vanishing-value", &s);
    let (c, _) = draw(run.history(), WeightsMode::Change, None);
    save("weights-vanishing-change", &c);
    assert_eq!(layout.layers, 11);
    let out = layout.layers - 1;
    // How far each line moves: in value (largest minus smallest) and in pixels.
    let moves = |layer: usize| -> Vec<(f32, i32)> {
        layout
            .lines
            .iter()
            .filter(|l| l.layer == layer)
            .map(|l| {
                let values = l.points.iter().map(|p| p.value);
                let span =
                    values.clone().fold(f32::MIN, f32::max) - values.fold(f32::MAX, f32::min);
                let at: Vec<(i32, i32)> = l.points.iter().map(|p| p.at).collect();
                (span, pixel_span(&at))
            })
            .collect()
    };
    let (first, last) = (moves(0), moves(out));
    println!("layer 1 moves {first:?}, output layer moves {last:?}");
    assert_eq!((first.len(), last.len()), (3, 3));
    // Every point of the epochs the history kept, from epoch 0 to 100.
    let epochs: Vec<usize> = layout.lines[0].points.iter().map(|p| p.epoch).collect();
    assert_eq!((epochs[0], epochs[epochs.len() - 1]), (0, 100));
    // Layer 1's weights hardly move (not a pixel); each output weight moves visibly,
    // and every one of them further than any of layer 1's by orders of magnitude.
    assert!(first.iter().all(|&(_, px)| px == 0), "{first:?}");
    assert!(last.iter().all(|&(_, px)| px >= 3), "{last:?}");
    let most_first = first.iter().map(|m| m.0).fold(0.0, f32::max);
    let least_last = last.iter().map(|m| m.0).fold(f32::MAX, f32::min);
    assert!(
        least_last > 1000.0 * most_first,
        "{least_last} vs {most_first}"
    );
    // The y range encloses every value drawn, with the nice ends of `ticks::linear_axis`.
    let (lo, hi) = layout.y_range;
    for p in layout.lines.iter().flat_map(|l| &l.points) {
        assert!(lo <= f64::from(p.value) && f64::from(p.value) <= hi);
    }
}

#[test]
fn the_pointer_and_the_keys_land_on_drawn_points() {
    let run = {
        let mut run = Run::new(Config {
            depth: 3,
            width: 6,
            n: 80,
            ..Config::default()
        });
        for _ in 0..30 {
            run.step_epoch();
        }
        run
    };
    let (_, layout) = draw(run.history(), WeightsMode::Value, None);
    // A pointer on a drawn point names a point drawn at that very pixel.
    for line in &layout.lines {
        for p in &line.points {
            let found = layout.nearest(p.at.0, p.at.1).expect("a point");
            let q = layout.point(found).expect("drawn");
            assert_eq!(q.at, p.at, "{found:?}");
        }
    }
    // The keys walk the chart's own lines and epochs: the plan the chart drew.
    let plan = plan(run.history());
    let drawn: Vec<(usize, usize)> = layout.lines.iter().map(|l| (l.layer, l.k)).collect();
    assert_eq!(plan.lines, drawn);
    let mut at = plan.step(None, WeightsKey::Home);
    let mut seen = Vec::new();
    while let Some(p) = at {
        seen.push(p);
        let next = plan.step(at, WeightsKey::Right);
        if next == at {
            break;
        }
        at = next;
    }
    let epochs: Vec<usize> = seen.iter().map(|p| p.epoch).collect();
    let line_epochs: Vec<usize> = layout.lines[0].points.iter().map(|p| p.epoch).collect();
    assert_eq!(epochs, line_epochs);
    // Up from the first line reaches every line once, in the layout's order.
    let mut at = plan.step(None, WeightsKey::End);
    let mut lines = Vec::new();
    while let Some(p) = at {
        lines.push((p.layer, p.k));
        let next = plan.step(at, WeightsKey::Up);
        if next == at {
            break;
        }
        at = next;
    }
    assert_eq!(lines, drawn);
    // The read-out of a key's point is the history's value, as the chart drew it.
    let p = WeightPoint {
        layer: 1,
        k: 2,
        epoch: 30,
    };
    let from_history =
        vgp::charts::weights_layout::history_text(run.history(), WeightsMode::Value, p);
    assert_eq!(from_history, layout.text(p));
    assert!(from_history.is_some_and(|t| t.starts_with("layer 2, weight 3, epoch 30: ")));
}
