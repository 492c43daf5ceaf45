//! Charts drawn from real runs onto SVG strings: captions, labels, element counts, edge cases.

use plotters::prelude::*;
use vgp::charts::boundary::{draw_decision_boundary, surface_grid, Surface};
use vgp::charts::distributions::draw_distributions;
use vgp::charts::health::draw_layer_health;
use vgp::charts::heatmap::{columns, draw_gradient_heatmap, HeatmapLayout, ZERO_COLOR};
use vgp::charts::loss::{draw_loss, LossScale};
use vgp::charts::profile::draw_gradient_profile;
use vgp::charts::scale::{self, ColourScale, HeatmapMode};
use vgp::charts::updates::draw_update_ratios;
use vgp::charts::weights::{draw_tracked_weights, WeightsMode};
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
        draw_loss(a, r.history(), LossScale::Linear, None, st).map(|_| ())
    });
    for text in [
        "Loss",
        "epoch",
        "loss",
        "accuracy",
        "train loss",
        "test acc.",
        "50%",
    ] {
        assert!(cls.contains(text), "missing {text}");
    }
    // Train loss and train accuracy are solid lines through every recorded epoch, in the
    // values' order; the test series are dashed (many short segments in their colour).
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
        (2, "train accuracy", |m| m.train_accuracy),
    ] {
        let values = pick(f);
        assert_eq!(values.len(), r.history().len());
        assert_line_follows(&cls, &rgb(style.palette[i]), &values, name);
    }
    for i in [1, 3] {
        let dashes = polylines(&cls, &rgb(style.palette[i])).len();
        assert!(dashes >= 3, "test series {i}: {dashes} dashes");
    }
    let reg = desktop("loss-sine", |a, st| {
        draw_loss(a, s.history(), LossScale::Linear, None, st).map(|_| ())
    });
    assert!(reg.contains("train loss") && !reg.contains("accuracy") && !reg.contains("acc."));
    let log = desktop("loss-log", |a, st| {
        draw_loss(a, r.history(), LossScale::Log, None, st).map(|_| ())
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
    let zero = svg(DESKTOP.0, 1.0, |a, st| {
        draw_loss(a, &h, LossScale::Log, None, st).map(|_| ())
    });
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
        layout =
            draw_gradient_heatmap(a, &h, &ColourScale::fixed(HeatmapMode::Absolute), None, st)?;
        Ok(())
    });
    assert!(s.contains("Gradient norm per layer") && s.contains("epoch"));
    assert!(s.contains(&fill(ZERO_COLOR)), "zero colour not used");
    for swatch in ["= 0", "&lt; 1e-8", "&gt; 1e2", "1e-8", "1e-4"] {
        assert!(s.contains(swatch), "colour bar lacks {swatch}");
    }
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
        draw_gradient_heatmap(
            a,
            real.history(),
            &ColourScale::fixed(HeatmapMode::Absolute),
            None,
            st,
        )
        .map(|_| ())
    });
    // One cell per (layer, column) besides the colour bar's bands and swatches.
    let cells = real.history().len() * 5;
    assert!(
        count(&s, "<rect") >= cells + 96,
        "{} rects",
        count(&s, "<rect")
    );
}

/// A history of `epochs` + 1 epochs in which every epoch has these gradient norms.
fn steady(grad_norm: &[f32], epochs: usize) -> History {
    let mut h = History::default();
    for epoch in 0..=epochs {
        h.push(EpochMetrics {
            epoch,
            grad_norm: grad_norm.to_vec(),
            ..EpochMetrics::default()
        });
    }
    h
}

/// The SVG fill attribute of a colour.
fn fill(c: RGBColor) -> String {
    format!("fill=\"{}\"", rgb(c))
}

/// The fixed scale: a value has the same colour whatever else the run holds, beyond the
/// ends values get their own colours, and the relative mode divides by the output layer.
#[test]
fn heatmap_colours_come_from_one_fixed_scale() {
    let draw = |h: &History, mode| {
        svg(DESKTOP.0, 1.0, |a, st| {
            draw_gradient_heatmap(a, h, &ColourScale::fixed(mode), None, st).map(|_| ())
        })
    };
    // 4.7e-3 in a shallow run and 4.3e-8 in a deep one keep their own colours, and the
    // shared value 1e-3 is one colour in both.
    let shallow = draw(&steady(&[4.7e-3, 1e-3, 0.2], 3), HeatmapMode::Absolute);
    let deep = draw(&steady(&[4.3e-8, 1e-3, 0.2], 3), HeatmapMode::Absolute);
    for s in [&shallow, &deep] {
        assert!(s.contains(&fill(scale::color(1e-3))));
        assert!(s.contains(&fill(scale::color(0.2))));
    }
    assert!(shallow.contains(&fill(scale::color(4.7e-3))));
    assert!(deep.contains(&fill(scale::color(4.3e-8))));
    assert_ne!(scale::color(4.7e-3), scale::color(4.3e-8));
    // Exploding and fully vanished values.
    let wild = draw(&steady(&[1e-20, 0.0, 3e13], 2), HeatmapMode::Absolute);
    for c in [scale::BELOW_COLOR, ZERO_COLOR, scale::ABOVE_COLOR] {
        // Three cells of each per column, plus the swatch.
        assert!(count(&wild, &fill(c)) > 3, "{c:?}");
    }
    // Relative to the output layer: 1e-6 / 1e-2 = 1e-4, and the output layer is 1.
    let relative = draw(&steady(&[1e-6, 1e-2], 2), HeatmapMode::RelativeToOutput);
    assert!(relative.contains("relative to the output layer"));
    assert!(relative.contains(&fill(scale::color(1e-4))));
    assert!(relative.contains(&fill(scale::color(1.0))));
    assert!(!relative.contains(&fill(scale::color(1e-6))));
}

#[test]
fn profile_draws_both_epochs_and_zero_markers() {
    let r = spiral();
    let s = desktop("profile", |a, st| {
        draw_gradient_profile(a, r.history(), st).map(|_| ())
    });
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
        draw_gradient_profile(a, &with_zero_gradient(), st).map(|_| ())
    });
    // Zeros are crosses in the theme's muted colour (3:1 on the background).
    let muted = rgb(ChartStyle::light(1.0).muted);
    assert!(z.contains("= 0 (underflow)") && z.contains(&muted));
}

#[test]
fn weights_draw_one_line_per_tracked_weight_and_thin_deep_nets() {
    let r = spiral();
    let s = desktop("weights", |a, st| {
        draw_tracked_weights(a, r.history(), WeightsMode::Change, None, st).map(|_| ())
    });
    for text in [
        "Weight change since epoch 0",
        "change (symmetric log)",
        "epoch",
        "layer:",
        "out",
    ] {
        assert!(s.contains(text), "missing {text}");
    }
    let lines: usize = r
        .history()
        .newest()
        .map_or(0, |m| m.tracked_weights.iter().map(Vec::len).sum());
    assert!(count(&s, "<polyline") >= lines && lines >= 10, "{lines}");
    // Every tracked weight of the input-side layer is a line through every epoch that
    // follows its change since epoch 0.
    let style = ChartStyle::light(1.0);
    let first = r.history().first().expect("epoch 0").clone();
    let tracked = first.tracked_weights[0].len();
    for k in 0..tracked {
        let values: Vec<f32> = r
            .history()
            .points()
            .map(|m| m.tracked_weights[0][k] - first.tracked_weights[0][k])
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
        draw_tracked_weights(a, deep.history(), WeightsMode::Value, None, st).map(|_| ())
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
            Box::new(|a, st, h| draw_loss(a, h, LossScale::Linear, None, st).map(|_| ())),
        ),
        (
            "loss-log",
            Box::new(|a, st, h| draw_loss(a, h, LossScale::Log, None, st).map(|_| ())),
        ),
        (
            "heatmap",
            Box::new(|a, st, h| {
                draw_gradient_heatmap(a, h, &ColourScale::fixed(HeatmapMode::Absolute), None, st)
                    .map(|_| ())
            }),
        ),
        (
            "profile",
            Box::new(|a, st, h| draw_gradient_profile(a, h, st).map(|_| ())),
        ),
        (
            "weights",
            Box::new(|a, st, h| {
                draw_tracked_weights(a, h, WeightsMode::Value, None, st).map(|_| ())
            }),
        ),
        (
            "weights-change",
            Box::new(|a, st, h| {
                draw_tracked_weights(a, h, WeightsMode::Change, None, st).map(|_| ())
            }),
        ),
    ];
    for (name, draw) in &charts {
        let s = svg(DESKTOP.0, 1.0, |a, st| draw(a, st, h));
        assert!(s.contains("<text"), "{name}: no note for an empty history");
        assert!(!s.contains("<polyline"), "{name}: drew lines without data");
        assert_text_at_least_12px(&s, 1.0, name);
        let p = svg(PHONE.0, PHONE.1, |a, st| draw(a, st, rh));
        save(&format!("{name}-phone"), &p);
        assert_inside(&p, PHONE.0, name);
        assert_text_at_least_12px(&p, PHONE.1, name);
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
    assert_text_at_least_12px(&empty_dist, 1.0, "distributions");
    let dist = svg(DESKTOP.0, 1.0, |a, st| {
        draw_distributions(a, r.distributions(), st)
    });
    assert_text_at_least_12px(&dist, 1.0, "distributions");
    for (name, s) in phone {
        save(&format!("{name}-phone"), &s);
        assert_text_at_least_12px(&s, PHONE.1, name);
        assert!(count(&s, "<text") >= 5, "{name}: phone chart lacks labels");
    }
}

/// No text of the SVG `s`, drawn at device pixel ratio `scale`, is smaller than 12 CSS
/// pixels (plotters writes a font of `px` pixels as `font-size="px / 1.24"`).
fn assert_text_at_least_12px(s: &str, scale: f64, what: &str) {
    let sizes: Vec<f64> = s
        .split("font-size=\"")
        .skip(1)
        .filter_map(|p| p[..p.find('"')?].parse().ok())
        .collect();
    assert!(!sizes.is_empty(), "{what}: no text");
    for size in sizes {
        let css = size * 1.24 / scale;
        assert!(css >= 12.0 - 1e-6, "{what}: text of {css:.1} CSS px");
    }
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

/// No label of a chart is a garbled number: none longer than 9 characters of digits.
fn assert_short_numbers(s: &str, what: &str) {
    for t in texts(s) {
        let digits = t.chars().filter(char::is_ascii_digit).count();
        assert!(digits <= 9, "{what}: label {t:?} has {digits} digits");
    }
}

/// Every line chart over epochs, drawn from `h` (diverged at `diverged`) at desktop size.
fn time_charts(h: &History, diverged: Option<usize>) -> Vec<(&'static str, String)> {
    let d = |draw: &dyn Fn(&Area, &ChartStyle) -> ChartResult| svg(DESKTOP.0, 1.0, draw);
    vec![
        (
            "loss",
            d(&|a, st| draw_loss(a, h, LossScale::Linear, diverged, st).map(|_| ())),
        ),
        (
            "loss-log",
            d(&|a, st| draw_loss(a, h, LossScale::Log, diverged, st).map(|_| ())),
        ),
        (
            "heatmap",
            d(&|a, st| {
                draw_gradient_heatmap(
                    a,
                    h,
                    &ColourScale::fixed(HeatmapMode::Absolute),
                    diverged,
                    st,
                )
                .map(|_| ())
            }),
        ),
        (
            "weights",
            d(&|a, st| draw_tracked_weights(a, h, WeightsMode::Value, diverged, st).map(|_| ())),
        ),
        (
            "weights-change",
            d(&|a, st| draw_tracked_weights(a, h, WeightsMode::Change, diverged, st).map(|_| ())),
        ),
        (
            "updates",
            d(&|a, st| draw_update_ratios(a, h, diverged, st)),
        ),
        (
            "profile",
            d(&|a, st| draw_gradient_profile(a, h, st).map(|_| ())),
        ),
    ]
}

/// A run that diverges at epoch 1 (ReLU, normal initialization at scale 5, a high rate):
/// its charts draw the one finite epoch, mark the divergence, and keep short labels.
#[test]
fn charts_after_a_divergence_at_epoch_1_show_epoch_0_and_the_mark() {
    let mut r = Run::new(Config {
        act: Activation::Relu,
        init: vgp::config::Init::Normal,
        scale: 5.0,
        lr: 1.0,
        ..Config::default()
    });
    while r.step_epoch() {}
    let diverged = r.diverged().expect("this run diverges").epoch;
    assert_eq!(diverged, 1);
    assert_eq!(r.history().len(), 1);
    let style = ChartStyle::light(1.0);
    for (name, s) in time_charts(r.history(), Some(diverged)) {
        save(&format!("diverged-{name}"), &s);
        assert_short_numbers(&s, name);
        if name != "profile" && name != "updates" {
            assert!(
                s.contains("diverged at epoch 1"),
                "{name}: no divergence mark"
            );
        }
        if name.starts_with("loss") {
            // The single epoch's losses are drawn as dots.
            assert!(
                s.contains(&format!("fill=\"{}\"", rgb(style.palette[0]))),
                "{name}"
            );
        }
    }
}

/// Huge, tiny and zero values, one epoch and 4,096 epochs: labels stay short numbers,
/// epoch ticks are whole numbers, and the profile's axis reaches its smallest value.
#[test]
fn charts_stay_truthful_at_extreme_values_and_lengths() {
    let extreme = |epochs: usize| {
        let mut h = History::default();
        for epoch in 0..=epochs {
            let e = epoch as f32;
            h.push(EpochMetrics {
                epoch,
                train_loss: 1e30 / (1.0 + e),
                test_loss: 3e-30 * (1.0 + e),
                train_accuracy: Some(0.5),
                test_accuracy: Some(0.25),
                grad_norm: vec![1e-36, 0.0, 3e12, 1e-3],
                update_ratio: if epoch == 0 {
                    vec![0.0; 4]
                } else {
                    vec![1e-30, 0.0, 1e6, 1e-3]
                },
                tracked_weights: vec![vec![1e-20 * e, -1.0], vec![1e8 * e], vec![0.0], vec![e]],
                ..EpochMetrics::default()
            });
        }
        h
    };
    for epochs in [0, 1, 4096] {
        let h = extreme(epochs);
        for (name, s) in time_charts(&h, None) {
            save(&format!("extreme-{epochs}-{name}"), &s);
            assert_short_numbers(&s, &format!("{name} at {epochs} epochs"));
            let labels = texts(&s);
            // Epoch ticks: whole numbers only ("0 0 0 1 1 1" would repeat "0").
            assert!(
                !labels.iter().any(|t| t == "0.5" || t == "0.2"),
                "{name}: fractional epoch tick in {labels:?}"
            );
            if name == "profile" {
                // The data reaches 1e-36 and 3e12: the labels enclose both.
                let decades: Vec<i32> = labels
                    .iter()
                    .filter_map(|t| t.strip_prefix("1e")?.parse().ok())
                    .collect();
                let (lo, hi) = (decades.iter().min(), decades.iter().max());
                assert!(lo.is_some_and(|&l| l <= -36), "{labels:?}");
                assert!(hi.is_some_and(|&h| h >= 13), "{labels:?}");
            }
        }
    }
}

/// Weight changes on the symmetric log scale: a frozen layer's lines lie on the 0 line,
/// a moving layer's lines leave it; the update-ratio chart has a line per layer.
#[test]
fn frozen_and_moving_layers_look_different() {
    let mut h = History::default();
    for epoch in 0..=20 {
        let e = epoch as f32;
        h.push(EpochMetrics {
            epoch,
            tracked_weights: vec![vec![0.5, -0.3], vec![0.2 + 0.01 * e, -0.1 - 0.02 * e]],
            update_ratio: if epoch == 0 {
                vec![0.0, 0.0]
            } else {
                vec![1e-9, 2e-2]
            },
            ..EpochMetrics::default()
        });
    }
    let style = ChartStyle::light(1.0);
    let s = desktop("weights-frozen", |a, st| {
        draw_tracked_weights(a, &h, WeightsMode::Change, None, st).map(|_| ())
    });
    let frozen = polylines(&s, &rgb(style.palette[0]));
    let moving = polylines(&s, &rgb(style.palette[1]));
    assert_eq!(
        (frozen.len(), moving.len()),
        (2, 2),
        "one line per tracked weight"
    );
    let zero_y = frozen[0][0].1;
    for line in &frozen {
        assert!(
            line.iter().all(|&(_, y)| y == zero_y),
            "frozen line leaves 0: {line:?}"
        );
    }
    // Moving weights end far (over a quarter of the plot height) from the 0 line, one up, one down.
    let ends: Vec<f64> = moving
        .iter()
        .map(|l| l.last().expect("points").1 - zero_y)
        .collect();
    assert!(
        ends.iter().any(|&d| d < -60.0) && ends.iter().any(|&d| d > 60.0),
        "{ends:?}"
    );
    let u = desktop("updates", |a, st| draw_update_ratios(a, &h, None, st));
    assert!(u.contains("Weight update per epoch") && u.contains("update ratio (log)"));
    let low = polylines(&u, &rgb(style.palette[0]));
    let high = polylines(&u, &rgb(style.palette[1]));
    let (low, high) = (&low[0], &high[0]);
    assert_eq!((low.len(), high.len()), (20, 20), "epochs 1..=20");
    // 1e-9 sits far below 2e-2 (larger y is lower on the canvas).
    assert!(
        low[0].1 > high[0].1 + 100.0,
        "{} vs {}",
        low[0].1,
        high[0].1
    );
}

/// The gain chart: one line per stage with a point per hidden layer, and the "no change"
/// line; batch norm and skip lines only when the network has them.
#[test]
fn gains_draw_a_line_per_stage_and_mark_no_change() {
    use vgp::charts::gains::draw_gains;
    let plain = run(small(), 0);
    let s = desktop("gains", |a, st| draw_gains(a, plain.gains(), st));
    for text in [
        "Backward gain of each hidden layer",
        "1 = no change",
        "total",
        "activation slopes",
        "weights",
    ] {
        assert!(s.contains(text), "missing {text}");
    }
    assert!(!s.contains("skip path") && !s.contains("batch norm"));
    let style = ChartStyle::light(1.0);
    let totals: Vec<f32> = plain.gains().iter().map(|g| g.total).collect();
    assert_eq!(totals.len(), 4);
    assert_line_follows(&s, &rgb(style.foreground), &totals, "total gain");
    let both = run(
        Config {
            bn: true,
            res: true,
            ..small()
        },
        0,
    );
    let s = desktop("gains-bn-res", |a, st| draw_gains(a, both.gains(), st));
    assert!(s.contains("skip path") && s.contains("batch norm"));
}

/// A series of the depth sweep with the given medians (the spread one decade either side).
fn sweep_series(label: &str, depths: &[usize], median: &[f64]) -> vgp::sweep::SweepSeries {
    vgp::sweep::SweepSeries {
        id: label.to_string(),
        label: label.to_string(),
        config: Config::default(),
        query: String::new(),
        depths: depths.to_vec(),
        ratios: median.iter().map(|&m| vec![m]).collect(),
        median: median.to_vec(),
        min: median.iter().map(|m| m / 10.0).collect(),
        max: median.iter().map(|m| m * 10.0).collect(),
        defined: median.iter().map(|m| usize::from(!m.is_nan())).collect(),
        warnings: Vec::new(),
    }
}

/// The depth sweep: one line per series through its medians, a legend naming them, the
/// "equal" line, axis titles, and a vertical marker at the current depth.
#[test]
fn sweep_draws_a_line_per_series_and_marks_the_current_depth() {
    use vgp::charts::sweep::draw_sweep;
    let config = Config {
        width: 4,
        n: 40,
        ..Config::default()
    };
    let series = vgp::sweep::sweep_with_remedies(&config, &[1, 2, 3, 4, 5, 6], 2).expect("a sweep");
    let s = desktop("sweep", |a, st| draw_sweep(a, &series, Some(3), st));
    let style = ChartStyle::light(1.0);
    for (i, one) in series.iter().enumerate() {
        assert!(
            s.contains(&one.label),
            "missing the legend entry {}",
            one.label
        );
        let logs: Vec<f32> = one.median.iter().map(|m| m.log10() as f32).collect();
        assert_line_follows(&s, &rgb(style.palette[i]), &logs, &one.label);
    }
    for text in [
        "First-to-last hidden-layer gradient at initialization, by depth",
        "hidden layers (depth)",
        "(log)",
        "1 = equal gradients",
        "depth 3",
    ] {
        assert!(texts(&s).iter().any(|t| t.contains(text)), "missing {text}");
    }
    // The marker: a vertical dashed line in the foreground colour, at depth 3's x (the
    // median points of depth 3 share it).
    let x3 = polylines(&s, &rgb(style.palette[0]))
        .into_iter()
        .find(|l| l.len() == 6)
        .expect("the current settings' line")[2]
        .0;
    let vertical = polylines(&s, &rgb(style.foreground))
        .into_iter()
        .filter(|l| l.len() >= 2 && l.iter().all(|p| (p.0 - x3).abs() < 1.0))
        .count();
    assert!(vertical >= 2, "no dashed marker at x = {x3}");
    // Whole depths only on the x axis.
    assert!(texts(&s).iter().any(|t| t == "6") && !texts(&s).iter().any(|t| t == "2.5"));
    assert_inside(&s, DESKTOP.0, "sweep");
    let phone = svg(PHONE.0, PHONE.1, |a, st| {
        draw_sweep(a, &series, Some(30), st)
    });
    save("sweep-phone", &phone);
    assert_inside(&phone, PHONE.0, "sweep on a phone");
    // At the right end of the axis the marker's label reads leftwards, inside the plot.
    let label = phone
        .split("<text")
        .find(|t| t.contains("depth 30"))
        .expect("the marker's label");
    assert!(label.contains("text-anchor=\"end\""), "{label}");
    // On a phone the page's own title is enough, and the key sits below the plot: every
    // entry's label lies under the x axis title.
    let phone_texts = texts(&phone);
    assert!(!phone_texts.iter().any(|t| t.starts_with("First-to-last")));
    let y_of = |text: &str| -> f64 {
        let element = phone
            .split("<text")
            .find(|t| t.contains(text))
            .unwrap_or_else(|| panic!("no text {text}"));
        let y = element
            .split("y=\"")
            .nth(1)
            .expect("a y")
            .split('"')
            .next()
            .expect("y");
        y.parse().expect("a number")
    };
    let axis_title = y_of("hidden layers (depth)");
    for one in &series {
        assert!(
            y_of(&one.label) > axis_title,
            "{} is below the plot",
            one.label
        );
    }
    assert!(y_of("1 = equal gradients") > axis_title);
}

/// Ratios a log axis cannot show: 0 is a cross on the bottom edge, +infinity one on the
/// top edge, an undefined ratio is counted in a note, and nothing panics; no sweep yet
/// is a note.
#[test]
fn sweep_shows_zero_infinite_and_undefined_ratios_honestly() {
    use vgp::charts::sweep::draw_sweep;
    let odd = sweep_series(
        "odd",
        &[1, 2, 3, 4, 5, 6],
        &[1.0, 0.0, f64::INFINITY, f64::NAN, 1e-5, 1e-300],
    );
    let s = desktop("sweep-non-finite", |a, st| {
        draw_sweep(a, std::slice::from_ref(&odd), None, st)
    });
    for text in [
        "median 0 (vanished to 0)",
        "median ∞ (last hidden layer got 0)",
        "1 undefined (0/0 or overflow), not drawn",
    ] {
        assert!(texts(&s).iter().any(|t| t.contains(text)), "missing {text}");
    }
    let style = ChartStyle::light(1.0);
    assert!(count(&s, &rgb(style.muted)) >= 2);
    assert!(count(&s, &rgb(style.alert)) >= 2);
    assert_inside(&s, DESKTOP.0, "non-finite sweep");
    assert_short_numbers(&s, "non-finite sweep");
    let nothing = sweep_series("nothing", &[1, 2], &[f64::NAN, f64::NAN]);
    desktop("sweep-undefined", |a, st| {
        draw_sweep(a, &[nothing], Some(1), st)
    });
    let s = desktop("sweep-empty", |a, st| draw_sweep(a, &[], Some(10), st));
    assert!(s.contains("no sweep measured yet"));
}

/// The heatmap drawn on `size` pixels with `style`, and its layout.
fn heatmap_layout(
    history: &History,
    mode: HeatmapMode,
    diverged: Option<usize>,
    size: (u32, u32),
    bitmaps: bool,
) -> (HeatmapLayout, String) {
    let mut s = String::new();
    let layout = {
        let area = SVGBackend::with_string(&mut s, size).into_drawing_area();
        let style = ChartStyle {
            bitmaps,
            ..ChartStyle::light(1.0)
        };
        draw_gradient_heatmap(&area, history, &ColourScale::fixed(mode), diverged, &style)
            .expect("heatmap draws")
    };
    (layout, s)
}

#[test]
fn the_heatmap_bitmap_is_the_colour_of_the_cell_the_tooltip_names_at_every_pixel() {
    use vgp::charts::heatmap::cell_pixels;
    let r = run(small(), 37);
    let bg = ChartStyle::light(1.0).background;
    // A divergence mark past the newest epoch leaves pixels without a cell.
    for (mode, diverged) in [
        (HeatmapMode::Absolute, None),
        (HeatmapMode::RelativeToOutput, Some(45)),
    ] {
        let (layout, _) = heatmap_layout(r.history(), mode, diverged, DESKTOP.0, false);
        let cols = columns(r.history());
        let rgb = cell_pixels(&layout, &cols, &ColourScale::fixed(mode), bg);
        let (width, height) = layout.plot_size();
        assert_eq!(rgb.len(), (width * height * 3) as usize);
        let mut without_cell = 0;
        for j in 0..height as i32 {
            for i in 0..width as i32 {
                let at = ((j * width as i32 + i) * 3) as usize;
                let got = RGBColor(rgb[at], rgb[at + 1], rgb[at + 2]);
                let (px, py) = (layout.plot_x.0 + i, layout.plot_y.0 + j);
                let want = match layout.cell_at(px, py) {
                    Some((layer, column)) => {
                        scale::color(mode.value(&cols[column].grad_norm, layer))
                    }
                    None => {
                        without_cell += 1;
                        bg
                    }
                };
                assert_eq!(got, want, "pixel ({px}, {py}) in {mode:?}");
            }
        }
        assert_eq!(without_cell > 0, diverged.is_some(), "{mode:?}");
    }
}

#[test]
fn the_heatmap_drawn_as_a_bitmap_has_the_same_layout_and_no_cell_rectangles() {
    let r = run(small(), 12);
    let size = (240, 160);
    let (rects, with_rects) = heatmap_layout(r.history(), HeatmapMode::Absolute, None, size, false);
    let (bitmap, with_bitmap) =
        heatmap_layout(r.history(), HeatmapMode::Absolute, None, size, true);
    assert_eq!(rects, bitmap);
    // SVG has no fast bitmap: plotters paints it a pixel at a time, as 1x1 rectangles.
    let (w, h) = bitmap.plot_size();
    let cells = 13 * 5;
    assert!(count(&with_bitmap, "<rect") >= (w * h) as usize);
    assert!(count(&with_rects, "<rect") < (w * h) as usize / 4);
    assert!(count(&with_rects, "<rect") >= cells);
}

#[test]
fn the_surface_bitmap_puts_each_grid_cell_where_its_rectangle_would_be() {
    use vgp::charts::boundary::surface_pixels;
    // A 3 x 3 grid: class 1 (p = 1) only in the top-right cell (row 2 = largest x2,
    // column 2 = largest x1), class 0 (p = 0) only bottom-left, undecided elsewhere.
    let mut values = vec![0.5f32; 9];
    values[0] = 0.0;
    values[8] = 1.0;
    let surface = Surface {
        x_range: (0.0, 3.0),
        y_range: (0.0, 3.0),
        resolution: 3,
        values,
    };
    let style = ChartStyle::light(1.0);
    let (w, h) = (30u32, 21u32);
    let rgb = surface_pixels(&surface, (w, h), &style);
    assert_eq!(rgb.len(), (w * h * 3) as usize);
    let at = |i: u32, j: u32| {
        let k = ((j * w + i) * 3) as usize;
        RGBColor(rgb[k], rgb[k + 1], rgb[k + 2])
    };
    let bg = style.background;
    let (class0, class1) = (RGBColor(120, 170, 215), RGBColor(240, 170, 120));
    assert_eq!(at(0, h - 1), class0, "bottom-left");
    assert_eq!(at(9, 14), class0, "the last pixel of the bottom-left cell");
    assert_eq!(at(10, 14), bg, "the first pixel right of it");
    assert_eq!(at(w - 1, 0), class1, "top-right");
    assert_eq!(at(20, 6), class1);
    assert_eq!(at(19, 6), bg);
    assert_eq!(at(20, 7), bg, "the row below the top cells");
    assert_eq!(at(15, 10), bg, "the centre");
    // A surface that does not match its resolution draws nothing.
    let broken = Surface {
        values: vec![0.5; 4],
        ..surface
    };
    assert!(surface_pixels(&broken, (w, h), &style).is_empty());
}

#[test]
fn the_weights_chart_gives_many_lines_fewer_points_each() {
    use vgp::charts::weights::{MAX_POINTS_IN_ALL, MIN_LINE_POINTS};
    // 20 hidden layers: 12 drawn, 36 lines, 100 points each over 400 epochs.
    let deep = run(
        Config {
            depth: 20,
            width: 4,
            n: 40,
            ..Config::default()
        },
        400,
    );
    let s = svg(DESKTOP.0, DESKTOP.1, |a, st| {
        draw_tracked_weights(a, deep.history(), WeightsMode::Value, None, st).map(|_| ())
    });
    let longest = |s: &str| {
        let style = ChartStyle::light(1.0);
        (0..20)
            .map(|l| vgp::charts::layer_color(l, 21, &style))
            .chain(style.palette)
            .flat_map(|c| polylines(s, &rgb(c)))
            .map(|l| l.len())
            .max()
            .unwrap_or(0)
    };
    let per_line = (MAX_POINTS_IN_ALL / 36).max(MIN_LINE_POINTS);
    assert!(longest(&s) <= per_line, "{} > {per_line}", longest(&s));
    assert!(
        longest(&s) >= per_line / 2,
        "lines still follow the run: {}",
        longest(&s)
    );
    // Two layers (6 lines) keep the full resolution.
    let shallow = run(
        Config {
            depth: 1,
            width: 4,
            n: 40,
            ..Config::default()
        },
        400,
    );
    let s = svg(DESKTOP.0, DESKTOP.1, |a, st| {
        draw_tracked_weights(a, shallow.history(), WeightsMode::Value, None, st).map(|_| ())
    });
    assert!(longest(&s) > per_line, "{}", longest(&s));
}
