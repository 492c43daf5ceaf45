//! The Network panel beyond its pixels: its summary and table (built from the numbers
//! the diagram draws), the words for a layer or a unit, the keys' walk over layers and
//! units, what the pointer hits, and the "Show backprop" pulse's path and brightness.

use plotters::prelude::*;
use vgp::charts::network::{backprop_pulse, draw_network, NetworkLayout, NetworkMode};
use vgp::charts::scale::{Band, ColourScale, HeatmapMode};
use vgp::charts::ChartStyle;
use vgp::config::{parse_query, Activation};
use vgp::describe::network::{
    network_summary, network_table, network_walk, point_text, GridPoint, Key,
};
use vgp::diagram::NetworkSnapshot;
use vgp::metrics::EpochMetrics;
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

fn snapshot(r: &mut Run) -> (NetworkSnapshot, EpochMetrics) {
    let s = r.diagram(None).expect("numbers");
    let m = r.history().newest().expect("an epoch").clone();
    assert_eq!(s.epoch, m.epoch);
    (s, m)
}

fn layout(r: &mut Run, size: (u32, u32)) -> (NetworkLayout, NetworkSnapshot, EpochMetrics) {
    let (s, m) = snapshot(r);
    let mut svg = String::new();
    let layout = {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw_network(
            &area,
            r.config(),
            Some(&s),
            Some(&m),
            r.gains(),
            NetworkMode::Gradient,
            None,
            &ChartStyle::light(1.0),
        )
        .expect("draws")
    };
    (layout, s, m)
}

/// The Story in words: the problem's summary says the connections fade toward the input
/// and names the gap the heatmap shows; each remedy's says they do not fade.
#[test]
fn the_summary_says_where_the_connections_fade() {
    for (query, fades) in [
        ("data=moons", true),
        ("data=moons&act=relu&init=he_normal", false),
        ("data=moons&bn=1", false),
        ("data=moons&res=1", false),
    ] {
        let mut r = run(query, 100);
        let (s, m) = snapshot(&mut r);
        let text = network_summary(Some(&s), Some(&m), NetworkMode::Gradient);
        let says_fade = text.contains("fade from bright at the output to dark at the input");
        assert_eq!(says_fade, fades, "{query}: {text}");
        assert!(
            text.starts_with(&format!("At epoch {}, layer 1's gradient norm", m.epoch)),
            "{text}"
        );
        assert!(
            text.contains("160 hidden units drawn one by one, "),
            "{query}: {text}"
        );
        if !query.contains("relu") {
            assert!(
                text.ends_with("none is dead or mostly saturated."),
                "{query}: {text}"
            );
        }
    }
    // The weights of a fresh network do not fade: the mode names its own quantity.
    let mut r = run("data=moons", 1);
    let (s, m) = snapshot(&mut r);
    let text = network_summary(Some(&s), Some(&m), NetworkMode::Weight);
    assert!(text.contains("layer 1's weight norm"), "{text}");
    assert!(!text.contains("fade from bright"), "{text}");
    assert_eq!(
        network_summary(None, Some(&m), NetworkMode::Gradient),
        "No network measured yet."
    );
}

/// Dead units are counted in the summary and the table exactly as layer health counts
/// them (a dying ReLU network at a high learning rate).
#[test]
fn dead_units_are_counted_as_layer_health_counts_them() {
    let mut r = run("data=moons&act=relu&init=he_normal&lr=0.5", 60);
    let (s, m) = snapshot(&mut r);
    let hidden = s.layers.len() - 1;
    let mut dead = 0;
    for (l, layer) in s.layers[..hidden].iter().enumerate() {
        let here = layer.dead.iter().filter(|&&d| d).count();
        assert_eq!(
            here as f32 / layer.outputs as f32,
            m.dead_fraction[l],
            "layer {l}"
        );
        dead += here;
    }
    assert!(
        dead > 0,
        "the dying ReLU preset kills units within 60 epochs"
    );
    let text = network_summary(Some(&s), Some(&m), NetworkMode::Gradient);
    assert!(
        text.ends_with(&format!("drawn one by one, {dead} are dead.")),
        "{text}"
    );
    let table = network_table(Some(&s), Some(&m), Activation::Relu);
    assert_eq!(table.head[5], "dead units");
    assert_eq!(table.rows.len(), s.layers.len());
    for (l, row) in table.rows.iter().enumerate() {
        assert_eq!(
            row[1],
            format!("{} \u{d7} {}", s.layers[l].inputs, s.layers[l].outputs)
        );
        assert_eq!(
            row[2],
            vgp::describe::num(f64::from(m.grad_norm[l])),
            "layer {l}"
        );
        let health = if l < hidden {
            vgp::describe::percent(f64::from(m.dead_fraction[l]))
        } else {
            String::new()
        };
        assert_eq!(row[5], health, "layer {l}");
    }
    assert_eq!(table.rows[hidden][0], "output");
    // A dead unit's words say so; a live one's give its slope.
    let (l, k) = (0..hidden)
        .flat_map(|l| (0..s.layers[l].outputs).map(move |k| (l, k)))
        .find(|&(l, k)| s.layers[l].dead[k])
        .expect("a dead unit");
    let words =
        point_text(&s, &m, GridPoint { row: k + 1, at: l }, Activation::Relu).expect("words");
    assert!(
        words.contains(&format!("unit {} of", k + 1)) && words.contains("dead"),
        "{words}"
    );
}

/// Left and Right walk the layers keeping the unit, Down and Up go through a layer's
/// units and back to the layer, Home and End reach the ends; a first key starts on the
/// output layer. The words name the layer's numbers.
#[test]
fn the_keys_walk_layers_and_units() {
    let mut r = run("data=moons&depth=3&width=5", 3);
    let (s, m) = snapshot(&mut r);
    let last = s.layers.len() - 1;
    let first = network_walk(&s, None, Key::Left).expect("a point");
    assert_eq!(first, GridPoint { row: 0, at: last });
    assert_eq!(
        network_walk(&s, None, Key::Home),
        Some(GridPoint { row: 0, at: 0 })
    );
    let left = network_walk(&s, Some(first), Key::Left).expect("moves");
    assert_eq!(
        left,
        GridPoint {
            row: 0,
            at: last - 1
        }
    );
    // Down through the five units, stopping at the last.
    let mut p = left;
    for k in 1..=7 {
        p = network_walk(&s, Some(p), Key::Down).expect("moves");
        assert_eq!(p.row, k.min(5));
    }
    // Left keeps unit 5; Right onto the output layer (no units drawn one by one) goes
    // back to the layer itself.
    let kept = network_walk(&s, Some(p), Key::Left).expect("moves");
    assert_eq!(
        kept,
        GridPoint {
            row: 5,
            at: last - 2
        }
    );
    let out = network_walk(&s, Some(p), Key::End).expect("moves");
    assert_eq!(out, GridPoint { row: 0, at: last });
    let up = network_walk(&s, Some(kept), Key::Up).expect("moves");
    assert_eq!(up.row, 4);
    let words =
        point_text(&s, &m, GridPoint { row: 0, at: 0 }, Activation::Sigmoid).expect("words");
    let grad = vgp::describe::num(f64::from(m.grad_norm[0]));
    assert!(
        words.starts_with(&format!(
            "layer 1 (2 to 5 units), epoch {}: gradient norm {grad}",
            m.epoch
        )),
        "{words}"
    );
    let unit = point_text(&s, &m, GridPoint { row: 2, at: 1 }, Activation::Sigmoid).expect("words");
    assert!(unit.starts_with("layer 2, unit 2 of 5"), "{unit}");
    assert!(unit.contains("of the largest, 0.25"), "{unit}");
}

/// The pointer finds the unit under it (within twice the radius) or else the layer
/// whose columns it is between, in the canvas's pixels (the plot's origin added).
#[test]
fn the_pointer_hits_units_and_layers() {
    let mut r = run("data=moons&depth=3&width=5", 2);
    let (layout, s, _) = layout(&mut r, (700, 320));
    assert!(layout.origin.1 > 0, "the plot is under the title");
    let units = |l: usize| s.layers[l].slope.len();
    for l in 0..s.layers.len() - 1 {
        for k in 0..s.layers[l].outputs {
            let (x, y) = layout.unit_at(l, k).expect("drawn");
            assert_eq!(layout.hit(x + 1, y - 1, units), Some((l, Some(k))));
        }
    }
    for l in 0..s.layers.len() {
        let (x0, top, x1, bottom) = layout.layer_box(l).expect("a box");
        assert!(x0 < x1 && top < bottom);
        // Between two columns, away from every unit.
        let x = x0 + (x1 - x0) / 2;
        assert_eq!(layout.hit(x, top + 1, units), Some((l, None)), "layer {l}");
    }
}

/// The pulse starts at the output column and ends at the input column, moving left all
/// along, and is as bright as the gradient of the layer it crosses on the heatmap's
/// scale: dark over the problem's first layers, bright over its output layer.
#[test]
fn the_backprop_pulse_goes_from_output_to_input_as_bright_as_each_layer() {
    let mut r = run("data=moons", 100);
    let (layout, s, m) = layout(&mut r, (900, 360));
    let scale = ColourScale::fixed(HeatmapMode::Absolute);
    let mut previous = i32::MAX;
    let steps = 40;
    for i in 0..=steps {
        let p = f64::from(i) / f64::from(steps);
        let pulse = backprop_pulse(&layout, &m.grad_norm, p).expect("a pulse");
        let centre = (pulse.area.0 + pulse.area.2) / 2;
        assert!(centre <= previous, "moves toward the input at {p}");
        previous = centre;
        let t = match scale.band(m.grad_norm[pulse.layer]) {
            Band::Inside(t) => t,
            Band::Above => 1.0,
            _ => 0.0,
        };
        assert_eq!(pulse.brightness, t, "at {p}");
        assert_eq!(pulse.color, scale.color(m.grad_norm[pulse.layer]));
    }
    let start = backprop_pulse(&layout, &m.grad_norm, 0.0).expect("a pulse");
    let end = backprop_pulse(&layout, &m.grad_norm, 1.0).expect("a pulse");
    let out_x = layout.origin.0 + layout.columns.last().expect("columns").0;
    let in_x = layout.origin.0 + layout.columns[0].0;
    assert_eq!((start.area.0 + start.area.2) / 2, out_x);
    assert_eq!((end.area.0 + end.area.2) / 2, in_x);
    assert_eq!(start.layer, s.layers.len() - 1);
    assert_eq!(end.layer, 0);
    assert!(
        end.brightness < 0.25 && start.brightness > 0.55,
        "{} .. {}",
        end.brightness,
        start.brightness
    );
}
