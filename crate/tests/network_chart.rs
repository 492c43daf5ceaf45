//! The Network panel's drawing (`charts::network`) on SVG: every connection of a narrow
//! layer in the colour of its layer-equivalent value on the mode's fixed scale, wide
//! layers as bundles, skip arcs and BN tags where the network has them, dead units
//! crossed, and, for the Story, a fade toward the input only where the gradient
//! vanishes.

use plotters::prelude::*;
use vgp::charts::network::{draw_network, NetworkLayout, NetworkMode, CONNECTION_LEVELS as LEVELS};
use vgp::charts::scale::{color, inside_color, Band, LOG_MAX, LOG_MIN};
use vgp::charts::ChartStyle;
use vgp::config::parse_query;
use vgp::diagram::NetworkSnapshot;
use vgp::train::Run;

fn run(query: &str, epochs: usize) -> Run {
    let (config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{query}: {warnings:?}");
    let mut run = Run::new(config);
    for _ in 0..epochs {
        run.step_epoch();
    }
    run
}

/// The run drawn in `mode` on an SVG of `size` at device pixel ratio `scale`.
fn draw(
    r: &mut Run,
    mode: NetworkMode,
    size: (u32, u32),
    scale: f64,
) -> (String, NetworkLayout, NetworkSnapshot) {
    let snapshot = r.diagram(None).expect("numbers");
    let mut svg = String::new();
    let layout = {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw_network(
            &area,
            r.config(),
            Some(&snapshot),
            r.history().newest(),
            r.gains(),
            mode,
            None,
            &ChartStyle::light(scale),
        )
        .expect("draws")
    };
    (svg, layout, snapshot)
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Every polyline and line as (stroke colour, its points).
fn polylines(svg: &str) -> Vec<(String, Vec<(i32, i32)>)> {
    let attr = |p: &str, name: &str| {
        p.split(&format!(" {name}=\""))
            .nth(1)
            .map(|r| r[..r.find('"').unwrap_or(0)].to_string())
            .unwrap_or_default()
    };
    let mut found: Vec<(String, Vec<(i32, i32)>)> = svg
        .split("<polyline")
        .skip(1)
        .map(|p| {
            let points = attr(p, "points")
                .split_whitespace()
                .filter_map(|xy| {
                    let (x, y) = xy.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            (attr(p, "stroke").to_uppercase(), points)
        })
        .collect();
    for l in svg.split("<line").skip(1) {
        let n = |name: &str| attr(l, name).parse::<i32>().unwrap_or(i32::MIN);
        let points = vec![(n("x1"), n("y1")), (n("x2"), n("y2"))];
        found.push((attr(l, "stroke").to_uppercase(), points));
    }
    found
}

/// The connections' colours are read through `inside_color` (a place on the scale), so
/// it must be the scale's colour of the value at that place, found here the other way:
/// from the value itself.
#[test]
fn a_place_on_the_scale_has_the_colour_of_its_value() {
    for step in 0..=LEVELS as usize {
        let t = step as f32 / LEVELS;
        let value = 10f32.powf(LOG_MIN + t * (LOG_MAX - LOG_MIN));
        // Nudged inside at both ends, where rounding could put the value just outside.
        let value = value.clamp(10f32.powf(LOG_MIN) * 1.0001, 10f32.powf(LOG_MAX) * 0.9999);
        let expected = color(value);
        let got = inside_color(t);
        let apart = |a: u8, b: u8| a.abs_diff(b);
        assert!(
            apart(got.0, expected.0) <= 2
                && apart(got.1, expected.1) <= 2
                && apart(got.2, expected.2) <= 2,
            "t = {t}: inside_color gives {}, the value {value:e} has {}",
            hex(got),
            hex(expected)
        );
    }
    // The bottom and the top of the scale differ (a scale of one colour shows nothing).
    assert_ne!(hex(inside_color(0.0)), hex(inside_color(1.0)));
}

#[test]
fn every_connection_has_the_colour_of_its_value_in_every_mode() {
    let mut r = run("data=moons&depth=3&width=6", 20);
    for mode in NetworkMode::ALL {
        let (svg, layout, snapshot) = draw(&mut r, mode, (760, 360), 1.0);
        let scale = mode.scale();
        // The plot's offset: the title is above the plot area (the SVG draws in its own
        // coordinates, the layout in the plot's), so match by the points' shape.
        let lines = polylines(&svg);
        let mut checked = 0;
        for (l, layer) in snapshot.layers.iter().enumerate() {
            let (x0, ys0) = &layout.columns[l];
            let (x1, ys1) = &layout.columns[l + 1];
            for k in 0..layer.weight.len() {
                let (o, i) = (k / layer.inputs, k % layer.inputs);
                // The value's place on the scale, to the nearest of its steps.
                let value = mode.connection_value(layer, k);
                let want = match scale.band(value) {
                    Band::Inside(t) => hex(inside_color((t * LEVELS).round() / LEVELS)),
                    _ => hex(scale.color(value)),
                };
                let (dx, dy) = (x1 - x0, ys1[o] - ys0[i]);
                // The line from unit i to unit o: the only one with this run and rise that
                // starts at column l's x (offset by the plot's origin, the same for all).
                let found: Vec<&(String, Vec<(i32, i32)>)> = lines
                    .iter()
                    .filter(|(_, p)| {
                        p.len() == 2
                            && p[1].0 - p[0].0 == dx
                            && p[1].1 - p[0].1 == dy
                            && p[0].1 - ys0[i] == lines_offset(&lines, &layout).1
                            && p[0].0 - x0 == lines_offset(&lines, &layout).0
                    })
                    .collect();
                assert_eq!(found.len(), 1, "{mode:?} layer {l} connection {k}");
                assert_eq!(found[0].0, want, "{mode:?} layer {l} connection {k}");
                checked += 1;
            }
        }
        assert_eq!(checked, 2 * 6 + 6 * 6 * 2 + 6);
    }
}

/// Where the plot's origin lies in the SVG: the first connection (layer 0, unit 0 to
/// unit 0) starts at column 0's first unit.
fn lines_offset(lines: &[(String, Vec<(i32, i32)>)], layout: &NetworkLayout) -> (i32, i32) {
    let (x0, ys0) = &layout.columns[0];
    let (x1, ys1) = &layout.columns[1];
    let (dx, dy) = (x1 - x0, ys1[0] - ys0[0]);
    lines
        .iter()
        .filter(|(_, p)| p.len() == 2 && p[1].0 - p[0].0 == dx && p[1].1 - p[0].1 == dy)
        .map(|(_, p)| (p[0].0 - x0, p[0].1 - ys0[0]))
        .min_by_key(|&(ox, oy)| (ox.abs(), oy.abs()))
        .expect("the first connection")
}

#[test]
fn wide_layers_are_bundles_and_residual_and_batch_norm_layers_are_marked() {
    let mut wide = run("data=moons&depth=3&width=17", 2);
    let (svg, _, _) = draw(&mut wide, NetworkMode::Gradient, (760, 360), 1.0);
    assert_eq!(svg.matches("<polygon").count(), 4, "a bundle per layer");
    assert!(
        svg.contains("2 \u{d7} 17") && svg.contains("17 \u{d7} 17") && svg.contains("17 \u{d7} 1")
    );
    let mut res = run("data=moons&depth=4&width=5&res=1&bn=1", 2);
    let (svg, _, _) = draw(&mut res, NetworkMode::Gradient, (760, 360), 1.0);
    let muted = hex(ChartStyle::light(1.0).muted);
    let arcs = polylines(&svg)
        .into_iter()
        .filter(|(c, p)| *c == muted && p.len() > 2)
        .count();
    assert_eq!(
        arcs, 3,
        "a skip arc per residual block (every hidden layer but the first)"
    );
    assert_eq!(svg.matches("skip \u{d7}").count(), 3);
    assert_eq!(
        svg.matches(">\nBN \u{d7}").count(),
        4,
        "a BN tag per hidden layer, with its gain"
    );
    for g in &res.gains()[..4] {
        let tag = format!(
            ">\nBN \u{d7}{}\n<",
            vgp::numtext::fixed(f64::from(g.norm), 2)
        );
        assert!(svg.contains(&tag), "{tag}");
    }
    assert_eq!(svg.matches("<polygon").count(), 0);
}

#[test]
fn dead_units_are_crossed_and_the_drawing_fits_a_phone() {
    let mut r = run("data=moons&act=relu&init=he_normal&lr=0.5", 40);
    let (svg, _, snapshot) = draw(&mut r, NetworkMode::Gradient, (680, 520), 2.0);
    let dead: usize = snapshot
        .layers
        .iter()
        .map(|l| l.dead.iter().filter(|&&d| d).count())
        .sum();
    assert!(dead > 0, "the ReLU trap has dead units");
    let crosses = polylines(&svg)
        .iter()
        .filter(|(c, _)| c == "#FFFFFF")
        .count();
    assert_eq!(crosses, 2 * dead, "two strokes per dead unit");
    for piece in svg.split(" cx=\"").skip(1) {
        let x: f64 = piece[..piece.find('"').unwrap_or(0)]
            .parse()
            .unwrap_or(-1.0);
        assert!((0.0..=680.0).contains(&x), "a unit at x {x}");
    }
    for piece in svg.split(" cy=\"").skip(1) {
        let y: f64 = piece[..piece.find('"').unwrap_or(0)]
            .parse()
            .unwrap_or(-1.0);
        assert!((0.0..=520.0).contains(&y), "a unit at y {y}");
    }
}

/// The mean position on the gradient scale (0 = 1e-8, 1 = 1e2) of layer `l`'s connections.
fn brightness(snapshot: &NetworkSnapshot, l: usize) -> f32 {
    let layer = &snapshot.layers[l];
    let scale = NetworkMode::Gradient.scale();
    let t: Vec<f32> = (0..layer.weight.len())
        .map(
            |k| match scale.band(NetworkMode::Gradient.connection_value(layer, k)) {
                Band::Inside(t) => t,
                Band::Above => 1.0,
                _ => 0.0,
            },
        )
        .collect();
    t.iter().sum::<f32>() / t.len() as f32
}

/// The Story on the diagram: ten sigmoid layers fade from bright at the output to dark
/// at the input; ReLU + He, batch normalization and residual connections do not.
#[test]
fn the_vanishing_gradient_fades_toward_the_input_and_the_remedies_do_not() {
    for (query, fades) in [
        ("data=moons", true),
        ("data=moons&act=relu&init=he_normal", false),
        ("data=moons&bn=1", false),
        ("data=moons&res=1", false),
    ] {
        let mut r = run(query, 100);
        let (svg, _, snapshot) = draw(&mut r, NetworkMode::Gradient, (760, 360), 1.0);
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/chart-previews");
        let _ = std::fs::create_dir_all(dir);
        let _ = std::fs::write(
            format!("{dir}/network-{}.svg", query.replace(['&', '='], "-")),
            svg,
        );
        let last = snapshot.layers.len() - 1;
        let (first, out) = (brightness(&snapshot, 0), brightness(&snapshot, last));
        // 0.1 of the scale is one order of magnitude: the problem's layer 1 is dark
        // (below 1e-6) and over four orders below the output layer; a remedy's layer 1
        // stays within two and a half orders of the output layer (after 100 epochs a
        // remedied network has nearly learned the moons, so every gradient is small).
        if fades {
            assert!(
                first < 0.2 && out - first > 0.4,
                "{query}: layer 1 at {first}, the output at {out}"
            );
        } else {
            assert!(
                out - first < 0.25,
                "{query}: layer 1 at {first}, the output at {out}"
            );
        }
    }
}

/// A connection's layer-equivalent value has the layer's own number as its root mean
/// square over the layer, in every mode: a layer of equal connections is drawn in the
/// colour of its heatmap cell (gradients), of its weight norm or of its update ratio.
#[test]
fn the_layer_equivalent_values_have_the_layers_number_as_their_rms() {
    let mut r = run("data=moons&depth=4&width=7", 10);
    let snapshot = r.diagram(None).expect("numbers");
    let m = r.history().newest().expect("recorded").clone();
    for mode in NetworkMode::ALL {
        for (l, layer) in snapshot.layers.iter().enumerate() {
            let n = layer.weight.len();
            let rms = ((0..n)
                .map(|k| f64::from(mode.connection_value(layer, k)).powi(2))
                .sum::<f64>()
                / n as f64)
                .sqrt();
            let want = f64::from(mode.layer_value(&m, l));
            assert!(
                (rms - want).abs() <= 1e-4 * want.abs().max(1e-30),
                "{mode:?} layer {l}: {rms} against {want}"
            );
        }
    }
}

/// A wide layer the keys are on is drawn as a matrix of its every connection, a cell in
/// each connection's colour (outputs as rows, inputs as columns), once the run has sent
/// them; until then the matrix's frame says it is asking for them. Sizes, skip factors
/// and BN tags leave out what does not fit between two columns.
#[test]
fn a_wide_layer_asked_for_is_drawn_connection_by_connection() {
    let mut r = run("data=moons&depth=3&width=20", 3);
    let snapshot = r.diagram(Some(1)).expect("numbers");
    let bare = r.diagram(None).expect("numbers");
    let m = r.history().newest().expect("an epoch").clone();
    let draw_with = |s: &NetworkSnapshot, detail: Option<usize>| {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (900, 420)).into_drawing_area();
            draw_network(
                &area,
                r.config(),
                Some(s),
                Some(&m),
                r.gains(),
                NetworkMode::Gradient,
                detail,
                &ChartStyle::light(1.0),
            )
            .expect("draws");
        }
        svg
    };
    let svg = draw_with(&snapshot, Some(1));
    assert!(
        svg.contains("layer 2: 20 \u{d7} 20 connections"),
        "the matrix's caption"
    );
    let scale = NetworkMode::Gradient.scale();
    let layer = &snapshot.layers[1];
    // Every cell: a rect of the connection's colour, in row-major order after the frame.
    let rects: Vec<String> = svg
        .split("<rect")
        .skip(1)
        .map(|r| {
            let at = r.find(" fill=\"").map_or(0, |i| i + 7);
            r[at..at + 7].to_uppercase()
        })
        .collect();
    let cells = &rects[rects.len() - 400..];
    for (k, cell) in cells.iter().enumerate() {
        let value = NetworkMode::Gradient.connection_value(layer, k);
        let want = match scale.band(value) {
            Band::Inside(t) => hex(inside_color((t * LEVELS).round() / LEVELS)),
            _ => hex(scale.color(value)),
        };
        assert_eq!(*cell, want, "connection {k}");
    }
    // Asked for but not yet sent: the frame and its note, no cells.
    let svg = draw_with(&bare, Some(1));
    assert!(svg.contains("layer 2: asking for its connections"));
    // A narrow or absent layer asked for draws nothing more.
    let plain = draw_with(&bare, None);
    assert_eq!(draw_with(&bare, Some(9)), plain);
    // A layer that is not wide is never a matrix.
    let mut narrow = run("data=moons&depth=3&width=6", 1);
    let s = narrow.diagram(Some(1)).expect("numbers");
    let with = {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (900, 420)).into_drawing_area();
            draw_network(
                &area,
                narrow.config(),
                Some(&s),
                narrow.history().newest(),
                narrow.gains(),
                NetworkMode::Gradient,
                Some(1),
                &ChartStyle::light(1.0),
            )
            .expect("draws");
        }
        svg
    };
    assert!(
        !with.contains("connections"),
        "no matrix for a narrow layer"
    );
}
