//! A comparison's charts: both heatmaps drawn with the one colour scale passed in (the
//! same value is the same colour in each, whatever the runs hold), and the gradient
//! profiles and loss curves of A and B overlaid with a legend naming what differs.

use plotters::prelude::*;
use vgp::charts::compare::{draw_losses, draw_profiles, Compared};
use vgp::charts::heatmap::draw_gradient_heatmap;
use vgp::charts::loss::LossScale;
use vgp::charts::scale::{ColourScale, HeatmapMode};
use vgp::charts::ChartStyle;
use vgp::config::{compare, parse_link};
use vgp::history::History;
use vgp::metrics::EpochMetrics;
use vgp::train::Run;

fn steady(grad_norm: &[f32], epochs: usize) -> History {
    let mut h = History::default();
    for epoch in 0..=epochs {
        h.push(EpochMetrics {
            epoch,
            grad_norm: grad_norm.to_vec(),
            train_loss: 0.7 - epoch as f32 * 0.01,
            test_loss: 0.72 - epoch as f32 * 0.01,
            ..EpochMetrics::default()
        });
    }
    h
}

fn fill(c: RGBColor) -> String {
    format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2)
}

/// Two heatmaps of very different runs drawn with one scale object: each layout
/// records exactly that scale, and a value both runs hold is one colour in both, the
/// colour the passed scale gives it (a scale fitted per chart would differ: B's values
/// span a range A's do not).
#[test]
fn both_heatmaps_are_drawn_with_the_one_scale_passed_in() {
    let shared = ColourScale {
        log_min: -6.0,
        log_max: 0.0,
        mode: HeatmapMode::Absolute,
    };
    let a = steady(&[1e-3, 1e-2, 0.1], 3);
    let b = steady(&[1e-5, 1e-3, 0.5], 3);
    let mut drawn = Vec::new();
    for h in [&a, &b] {
        let mut s = String::new();
        let layout = {
            let area = SVGBackend::with_string(&mut s, (500, 300)).into_drawing_area();
            draw_gradient_heatmap(&area, h, &shared, None, &ChartStyle::light(1.0))
                .expect("heatmap draws")
        };
        assert_eq!(
            layout.scale, shared,
            "the layout records the scale passed in"
        );
        drawn.push(s);
    }
    // The shared value 1e-3 is the passed scale's colour in both pictures.
    for s in &drawn {
        assert!(
            s.contains(&fill(shared.color(1e-3))),
            "1e-3 not coloured by the passed scale"
        );
        // The colour bar is the passed scale's range, not the fixed one's.
        assert!(
            s.contains("1e-6") && !s.contains("1e-12"),
            "colour bar of another scale"
        );
    }
    assert!(drawn[1].contains(&fill(shared.color(1e-5))));
    assert!(drawn[1].contains(&fill(shared.color(0.5))));
    // Relative mode through the same object: both show ratios to their output layer.
    let relative = ColourScale::fixed(HeatmapMode::RelativeToOutput);
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, (500, 300)).into_drawing_area();
        let layout = draw_gradient_heatmap(&area, &b, &relative, None, &ChartStyle::light(1.0))
            .expect("heatmap draws");
        assert_eq!(layout.scale, relative);
    }
    assert!(s.contains(&fill(relative.color(1e-5 / 0.5))));
}

/// The overlaid charts draw A solid and B dashed in their own colours, with legend
/// entries naming each run by what differs.
#[test]
fn profiles_and_losses_overlay_a_and_b_with_a_legend() {
    let link = parse_link("depth=5&width=8&n=120&b.act=relu&b.init=he_normal");
    let b_config = link.b.clone().expect("a comparison");
    let (a_label, b_label) = compare::labels(&link.config, &b_config);
    let mut a = Run::new(link.config.clone());
    let mut b = Run::new(b_config);
    for _ in 0..4 {
        a.step_epoch();
        b.step_epoch();
    }
    let runs = [
        Compared {
            label: &a_label,
            history: a.history(),
        },
        Compared {
            label: &b_label,
            history: b.history(),
        },
    ];
    let style = ChartStyle::light(1.0);
    let (blue, orange) = (style.palette[0], style.palette[1]);
    let stroke = |c: RGBColor| format!("stroke=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2);
    let mut s = String::new();
    let names = {
        let area = SVGBackend::with_string(&mut s, (600, 360)).into_drawing_area();
        draw_profiles(&area, &runs, &style)
            .expect("profiles draw")
            .0
    };
    assert_eq!(
        names,
        [
            "A: sigmoid + glorot_uniform (epoch 4)",
            "B: relu + he_normal (epoch 4)"
        ]
    );
    for name in &names {
        assert!(s.contains(name.as_str()), "legend lacks {name}");
    }
    assert!(s.contains(&stroke(blue)) && s.contains(&stroke(orange)));
    // B's line is dashed: many short pieces in its colour, A's one polyline.
    let pieces = |c: RGBColor| {
        s.split("<polyline")
            .skip(1)
            .filter(|p| p.contains(&stroke(c)))
            .count()
            + s.split("<line")
                .skip(1)
                .filter(|p| p.contains(&stroke(c)))
                .count()
    };
    assert!(pieces(orange) > pieces(blue) + 3, "B is not dashed");

    let mut s = String::new();
    let names = {
        let area = SVGBackend::with_string(&mut s, (600, 360)).into_drawing_area();
        draw_losses(&area, &runs, LossScale::Linear, &style)
            .expect("losses draw")
            .0
    };
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names[0].starts_with("A: sigmoid") && names[0].ends_with("train"));
    assert!(names[2].starts_with("B: relu") && names[3].ends_with("test"));
    for name in &names {
        assert!(s.contains(name.as_str()), "legend lacks {name}");
    }
    // Empty runs draw a note, not a panic.
    let empty = History::default();
    let none = [Compared {
        label: "A",
        history: &empty,
    }];
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, (300, 200)).into_drawing_area();
        assert!(draw_losses(&area, &none, LossScale::Log, &style)
            .unwrap()
            .0
            .is_empty());
        assert!(draw_profiles(&area, &none, &style).unwrap().0.is_empty());
    }
}
