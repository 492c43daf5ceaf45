//! Charts drawn from real runs onto SVG strings: captions, labels, element counts, edge cases.

use plotters::prelude::*;
use vgp::charts::boundary::{draw_decision_boundary, surface_grid, Surface};
use vgp::charts::distributions::draw_distributions;
use vgp::charts::health::draw_layer_health;
use vgp::charts::heatmap::{columns, draw_gradient_heatmap, HeatmapLayout, ZERO_COLOR};
use vgp::charts::loss::{draw_loss, LossScale};
use vgp::charts::profile::draw_gradient_profile;
use vgp::charts::weights::draw_tracked_weights;
use vgp::charts::{ChartResult, ChartStyle};
use vgp::config::{Activation, Config, DatasetKind};
use vgp::history::History;
use vgp::metrics::{Distributions, EpochMetrics};
use vgp::nn::activation::sigmoid;
use vgp::train::Run;

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

const DESKTOP: ((u32, u32), f64) = ((700, 320), 1.0);
const PHONE: ((u32, u32), f64) = ((680, 520), 2.0);

/// Draw onto an SVG string of `size` pixels at device pixel ratio `scale`.
fn svg(
    size: (u32, u32),
    scale: f64,
    draw: impl FnOnce(&Area, &ChartStyle) -> ChartResult,
) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, size).into_drawing_area();
        draw(&area, &ChartStyle::light(scale)).expect("chart draws");
    }
    s
}

/// Draw at desktop size, save a preview, and return the SVG.
fn desktop(name: &str, draw: impl FnOnce(&Area, &ChartStyle) -> ChartResult) -> String {
    let s = svg(DESKTOP.0, DESKTOP.1, draw);
    save(name, &s);
    s
}

fn save(name: &str, s: &str) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/chart-previews");
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(format!("{dir}/{name}.svg"), s);
}

fn count(s: &str, what: &str) -> usize {
    s.matches(what).count()
}

/// The points of every polyline drawn in `stroke` (an SVG colour such as `#1f77b4`).
fn polylines(s: &str, stroke: &str) -> Vec<Vec<(f64, f64)>> {
    s.split("<polyline")
        .skip(1)
        .filter(|p| p.contains(&format!("stroke=\"{stroke}\"")))
        .map(|p| {
            let points = p.split("points=\"").nth(1).unwrap_or("");
            let points = &points[..points.find('"').unwrap_or(0)];
            points
                .split_whitespace()
                .filter_map(|xy| {
                    let (x, y) = xy.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect()
        })
        .collect()
}

/// Every coordinate of every drawn element lies inside a `width` x `height` canvas.
fn assert_inside(s: &str, (width, height): (u32, u32), what: &str) {
    let (w, h) = (f64::from(width), f64::from(height));
    for attr in [" x=\"", " y=\"", " cx=\"", " cy=\""] {
        for piece in s.split(attr).skip(1) {
            let v: f64 = piece[..piece.find('"').unwrap_or(0)].parse().unwrap_or(0.0);
            let limit = if attr.contains('x') { w } else { h };
            assert!(
                (-0.5..=limit + 0.5).contains(&v),
                "{what}:{attr}{v} lies outside the {width}x{height} canvas"
            );
        }
    }
    for line in s.split("points=\"").skip(1) {
        for xy in line[..line.find('"').unwrap_or(0)].split_whitespace() {
            if let Some((x, y)) = xy.split_once(',') {
                let (x, y): (f64, f64) = (x.parse().unwrap_or(0.0), y.parse().unwrap_or(0.0));
                assert!(
                    (-0.5..=w + 0.5).contains(&x) && (-0.5..=h + 0.5).contains(&y),
                    "{what}: point ({x}, {y}) outside the {width}x{height} canvas"
                );
            }
        }
    }
}

/// The data of a line chart is drawn: some polyline in `stroke` has a point per value,
/// left to right, higher values higher on the canvas (smaller y).
fn assert_line_follows(s: &str, stroke: &str, values: &[f32], what: &str) {
    let follows = |line: &Vec<(f64, f64)>| {
        line.len() == values.len()
            && line.windows(2).enumerate().all(|(i, w)| {
                let (a, b) = (values[i], values[i + 1]);
                let flat = (a - b).abs() <= 1e-3 * a.abs().max(b.abs());
                w[1].0 > w[0].0 && (flat || (b > a) == (w[1].1 < w[0].1))
            })
    };
    let lines = polylines(s, stroke);
    assert!(
        lines.iter().any(follows),
        "{what}: no {stroke} line follows the {} values {values:?} (line lengths {:?})",
        values.len(),
        lines.iter().map(Vec::len).collect::<Vec<_>>()
    );
}

/// A small config: 4 hidden layers of 8 units, 200 samples.
fn small() -> Config {
    Config {
        depth: 4,
        width: 8,
        n: 200,
        seed: 3,
        ..Config::default()
    }
}

fn run(config: Config, epochs: usize) -> Run {
    let mut run = Run::new(config);
    for _ in 0..epochs {
        run.step_epoch();
    }
    run
}

fn spiral() -> Run {
    run(
        Config {
            data: DatasetKind::Spiral,
            ..small()
        },
        5,
    )
}

fn sine() -> Run {
    run(
        Config {
            data: DatasetKind::Sine,
            act: Activation::Tanh,
            ..small()
        },
        5,
    )
}

fn rgb(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The probability surface of a run, as the page builds it.
fn surface(run: &mut Run, resolution: usize) -> Surface {
    let (x_range, y_range, grid) = surface_grid(run.data(), resolution);
    let out = run.predict(&grid);
    let binary = run.data().inputs == 2;
    let values = out
        .iter()
        .map(|&v| if binary { sigmoid(v) } else { v })
        .collect();
    Surface {
        x_range,
        y_range,
        resolution,
        values,
    }
}

#[test]
fn loss_has_accuracy_for_classification_only_and_a_log_scale() {
    let (r, s) = (spiral(), sine());
    let cls = desktop("loss", |a, st| {
        draw_loss(a, r.history(), LossScale::Linear, st)
    });
    for text in [
        "Loss",
        "epoch",
        "loss (mean per sample)",
        "accuracy",
        "train loss",
        "test acc.",
    ] {
        assert!(cls.contains(text), "missing {text}");
    }
    // Each series is a line through every recorded epoch, in the value's order.
    let style = ChartStyle::light(1.0);
    let pick = |f: fn(&EpochMetrics) -> Option<f32>| -> Vec<f32> {
        r.history().points().filter_map(f).collect()
    };
    for (i, name, f) in [
        (
            0,
            "train loss",
            (|m| Some(m.train_loss)) as fn(&EpochMetrics) -> Option<f32>,
        ),
        (1, "test loss", |m| Some(m.test_loss)),
        (2, "train accuracy", |m| m.train_accuracy),
        (3, "test accuracy", |m| m.test_accuracy),
    ] {
        let values = pick(f);
        assert_eq!(values.len(), r.history().len());
        assert_line_follows(&cls, &rgb(style.palette[i]), &values, name);
    }
    let reg = desktop("loss-sine", |a, st| {
        draw_loss(a, s.history(), LossScale::Linear, st)
    });
    assert!(reg.contains("train loss") && !reg.contains("accuracy") && !reg.contains("acc."));
    let log = desktop("loss-log", |a, st| {
        draw_loss(a, r.history(), LossScale::Log, st)
    });
    assert!(log.contains("Loss (log scale)"));
    // A zero loss is clamped to the floor, and the caption says so.
    let mut h = History::default();
    for (epoch, loss) in [(0, 1.0), (1, 0.0)] {
        h.push(EpochMetrics {
            epoch,
            train_loss: loss,
            test_loss: loss,
            ..EpochMetrics::default()
        });
    }
    let zero = svg(DESKTOP.0, 1.0, |a, st| draw_loss(a, &h, LossScale::Log, st));
    assert!(zero.contains("drawn at 1e-8"), "floor note missing");
}

/// A history with one gradient of exactly 0.
fn with_zero_gradient() -> History {
    let mut h = History::default();
    for epoch in 0..3 {
        h.push(EpochMetrics {
            epoch,
            grad_norm: vec![if epoch == 2 { 0.0 } else { 1e-6 }, 1e-3, 0.1],
            tracked_weights: vec![vec![0.1, -0.2], vec![0.3], vec![0.5 + epoch as f32]],
            ..EpochMetrics::default()
        });
    }
    h
}

#[test]
fn heatmap_marks_zero_gradients_and_maps_pointers_to_cells() {
    let h = with_zero_gradient();
    let mut layout = HeatmapLayout::default();
    let s = desktop("heatmap-zero", |a, st| {
        layout = draw_gradient_heatmap(a, &h, st)?;
        Ok(())
    });
    assert!(s.contains("Gradient norm per layer") && s.contains("epoch"));
    assert!(s.contains(&rgb(ZERO_COLOR)), "zero colour not used");
    assert_eq!((layout.layers, layout.columns.len()), (3, 3));
    let (x0, x1) = layout.plot_x;
    let (y0, y1) = layout.plot_y;
    // Bottom-left cell: layer 0 (input side), column 0; top-right: the output layer, newest column.
    assert_eq!(layout.cell_at(x0 + 1, y1 - 2), Some((0, 0)));
    assert_eq!(layout.cell_at(x1 - 1, y0 + 1), Some((2, 2)));
    let (layer, col) = layout.cell_at(x1 - 1, y1 - 2).expect("a cell");
    assert_eq!(columns(&h)[col].grad_norm[layer], 0.0);
    assert_eq!(layout.cell_at(x0 - 1, y0 + 1), None);
    assert_eq!(layout.cell_at(x0 + 1, y1 + 1), None);
    assert_eq!(HeatmapLayout::default().cell_at(10, 10), None);
    let real = spiral();
    let s = desktop("heatmap", |a, st| {
        draw_gradient_heatmap(a, real.history(), st).map(|_| ())
    });
    assert!(!s.contains(&rgb(ZERO_COLOR)[..]) || s.contains("underflow"));
    assert!(count(&s, "<rect") >= 6 * 5);
}

#[test]
fn profile_draws_both_epochs_and_zero_markers() {
    let r = spiral();
    let s = desktop("profile", |a, st| draw_gradient_profile(a, r.history(), st));
    for text in [
        "Gradient norm by layer",
        "layer (1 = input side)",
        "epoch 0",
        "epoch 5",
        "out",
    ] {
        assert!(s.contains(text), "missing {text}");
    }
    assert!(count(&s, "<circle") >= 2 * 5, "{}", count(&s, "<circle"));
    let z = desktop("profile-zero", |a, st| {
        draw_gradient_profile(a, &with_zero_gradient(), st)
    });
    assert!(z.contains("= 0 (underflow)") && z.contains(&rgb(ZERO_COLOR)));
}

#[test]
fn weights_draw_one_line_per_tracked_weight_and_thin_deep_nets() {
    let r = spiral();
    let s = desktop("weights", |a, st| draw_tracked_weights(a, r.history(), st));
    for text in ["Tracked weights", "weight value", "epoch", "layer:", "out"] {
        assert!(s.contains(text), "missing {text}");
    }
    let lines: usize = r
        .history()
        .newest()
        .map_or(0, |m| m.tracked_weights.iter().map(Vec::len).sum());
    assert!(count(&s, "<polyline") >= lines && lines >= 10, "{lines}");
    // Every tracked weight of the input-side layer is a line through every epoch.
    let style = ChartStyle::light(1.0);
    let tracked = r
        .history()
        .newest()
        .map_or(0, |m| m.tracked_weights[0].len());
    for k in 0..tracked {
        let values: Vec<f32> = r
            .history()
            .points()
            .map(|m| m.tracked_weights[0][k])
            .collect();
        assert_line_follows(&s, &rgb(style.palette[0]), &values, "layer 1 weight");
    }
    let deep = run(
        Config {
            depth: 30,
            width: 4,
            ..small()
        },
        1,
    );
    let d = desktop("weights-deep", |a, st| {
        draw_tracked_weights(a, deep.history(), st)
    });
    assert!(
        d.contains("(12 of 31 layers)"),
        "caption must say the layers are thinned"
    );
    assert!(count(&d, "<polyline") <= 12 * 3 + 20);
}

#[test]
fn boundary_draws_train_and_test_points_or_a_curve_or_a_note() {
    let mut r = spiral();
    let surf = surface(&mut r, 30);
    let s = desktop("boundary", |a, st| {
        draw_decision_boundary(a, &surf, r.data(), st)
    });
    for text in [
        "Decision boundary",
        "train, class 0",
        "test, class 1",
        "P(class 1)",
    ] {
        assert!(s.contains(text), "missing {text}");
    }
    let points = r.data().train.len() + r.data().test.len();
    assert!(
        count(&s, "<circle") >= points,
        "{} < {points}",
        count(&s, "<circle")
    );
    assert!(
        count(&s, "fill=\"none\"") >= r.data().test.len(),
        "hollow test markers"
    );
    assert!(count(&s, "<rect") >= 30 * 30);
    let mut sn = sine();
    let curve = surface(&mut sn, 60);
    let c = desktop("boundary-sine", |a, st| {
        draw_decision_boundary(a, &curve, sn.data(), st)
    });
    assert!(c.contains("Prediction") && c.contains("network") && c.contains("test"));
    assert!(count(&c, "<circle") >= sn.data().train.len() + sn.data().test.len());
    let digits = run(
        Config {
            data: DatasetKind::Digits,
            depth: 2,
            ..small()
        },
        0,
    );
    let (_, _, grid) = surface_grid(digits.data(), 40);
    assert!(grid.is_empty());
    let none = Surface {
        x_range: (0.0, 1.0),
        y_range: (0.0, 1.0),
        resolution: 40,
        values: vec![],
    };
    let d = desktop("boundary-digits", |a, st| {
        draw_decision_boundary(a, &none, digits.data(), st)
    });
    assert!(d.contains("64 inputs"), "digits note missing");
}

#[test]
fn health_shows_dead_units_or_saturation() {
    let relu = run(
        Config {
            act: Activation::Relu,
            ..small()
        },
        2,
    );
    let m = relu.history().newest().cloned().unwrap_or_default();
    let s = desktop("health-relu", |a, st| {
        draw_layer_health(a, &m, Activation::Relu, st)
    });
    assert!(
        s.contains("Dead units")
            && s.contains("for every probe sample")
            && s.contains("hidden layer")
    );
    let bar = format!("fill=\"{}\"", rgb(ChartStyle::light(1.0).palette[1]));
    assert_eq!(count(&s, &bar), 4, "one bar per hidden layer");
    let sig = spiral();
    let m = sig.history().newest().cloned().unwrap_or_default();
    let s = desktop("health-sigmoid", |a, st| {
        draw_layer_health(a, &m, Activation::Sigmoid, st)
    });
    assert!(
        s.contains("Saturated units") && s.contains("5% of its max") && s.contains("saturated (%)")
    );
    let l = svg(DESKTOP.0, 1.0, |a, st| {
        draw_layer_health(a, &m, Activation::Linear, st)
    });
    assert!(l.contains("neither die nor saturate"));
}

#[test]
fn distributions_draw_one_outline_per_layer_in_two_panels() {
    let r = spiral();
    let s = desktop("distributions", |a, st| {
        draw_distributions(a, r.distributions(), st)
    });
    for text in [
        "Distributions, epoch 5",
        "activation (hidden layers)",
        "weight gradient",
        "share (%)",
    ] {
        assert!(s.contains(text), "missing {text}");
    }
    // 4 hidden layers of activations + 5 weight layers of gradients.
    assert!(count(&s, "<polyline") >= 9, "{}", count(&s, "<polyline"));
    let phone = svg(PHONE.0, PHONE.1, |a, st| {
        draw_distributions(a, r.distributions(), st)
    });
    save("distributions-phone", &phone);
    assert!(phone.contains("weight gradient"));
}

#[test]
fn empty_inputs_draw_a_note_and_every_chart_fits_a_phone() {
    let empty = History::default();
    let dists = Distributions::default();
    let none = EpochMetrics::default();
    let mut r = spiral();
    let surf = surface(&mut r, 30);
    let mut sn = sine();
    let curve = surface(&mut sn, 60);
    let (h, rh) = (&empty, r.history());
    let newest = rh.newest().cloned().unwrap_or_default();
    type Draw<'a> = Box<dyn Fn(&Area, &ChartStyle, &History) -> ChartResult + 'a>;
    let charts: Vec<(&str, Draw)> = vec![
        (
            "loss",
            Box::new(|a, st, h| draw_loss(a, h, LossScale::Linear, st)),
        ),
        (
            "loss-log",
            Box::new(|a, st, h| draw_loss(a, h, LossScale::Log, st)),
        ),
        (
            "heatmap",
            Box::new(|a, st, h| draw_gradient_heatmap(a, h, st).map(|_| ())),
        ),
        (
            "profile",
            Box::new(|a, st, h| draw_gradient_profile(a, h, st)),
        ),
        (
            "weights",
            Box::new(|a, st, h| draw_tracked_weights(a, h, st)),
        ),
    ];
    for (name, draw) in &charts {
        let s = svg(DESKTOP.0, 1.0, |a, st| draw(a, st, h));
        assert!(s.contains("<text"), "{name}: no note for an empty history");
        assert!(!s.contains("<polyline"), "{name}: drew lines without data");
        let p = svg(PHONE.0, PHONE.1, |a, st| draw(a, st, rh));
        save(&format!("{name}-phone"), &p);
        assert_inside(&p, PHONE.0, name);
        assert!(count(&p, "<text") >= 5, "{name}: phone chart lacks labels");
    }
    let empty_dist = svg(DESKTOP.0, 1.0, |a, st| draw_distributions(a, &dists, st));
    assert!(empty_dist.contains("no distributions yet"));
    let empty_health = svg(DESKTOP.0, 1.0, |a, st| {
        draw_layer_health(a, &none, Activation::Relu, st)
    });
    assert!(empty_health.contains("no hidden layers"));
    let phone: Vec<(&str, String)> = vec![
        (
            "health",
            svg(PHONE.0, PHONE.1, |a, st| {
                draw_layer_health(a, &newest, Activation::Sigmoid, st)
            }),
        ),
        (
            "boundary",
            svg(PHONE.0, PHONE.1, |a, st| {
                draw_decision_boundary(a, &surf, r.data(), st)
            }),
        ),
        (
            "boundary-sine",
            svg(PHONE.0, PHONE.1, |a, st| {
                draw_decision_boundary(a, &curve, sn.data(), st)
            }),
        ),
    ];
    for (name, s) in phone {
        save(&format!("{name}-phone"), &s);
        assert!(count(&s, "<text") >= 5, "{name}: phone chart lacks labels");
    }
}
