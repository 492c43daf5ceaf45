//! The charts' summaries and tables against real runs: the numbers each sentence quotes
//! are the run's own (the heatmap's gap is `orders_of_magnitude` of the newest and the
//! first epoch, as the read-out computes it; the loss summary's losses are the
//! history's), every table cell is a number of the history the chart draws, and the
//! sweep's fall per layer is the exponential law the README quotes.

use vgp::charts::boundary::{prediction_surface, surface_grid, Surface};
use vgp::charts::heatmap::columns;
use vgp::config::{parse_query, Config};
use vgp::describe::gradients::{gains_summary, heatmap_summary, heatmap_table, profile_summary};
use vgp::describe::layers::{health_summary, updates_summary, weights_summary};
use vgp::describe::sweep::{slope, sweep_summary, sweep_table};
use vgp::describe::training::{boundary_summary, boundary_table, loss_summary, loss_table};
use vgp::describe::{num, walk};
use vgp::metrics::orders_of_magnitude;
use vgp::numtext::fixed;
use vgp::presets::{preset, preset_config};
use vgp::readout::format_number;
use vgp::train::Run;

/// The vanishing preset (ten sigmoid layers on the moons) after `epochs` epochs.
fn vanishing(epochs: usize) -> Run {
    let config = preset_config(preset("vanishing").expect("the preset"));
    let mut run = Run::new(config);
    for _ in 0..epochs {
        run.step_epoch();
    }
    run
}

/// The number right after `before` in `text` (up to the next space or bracket).
fn number_after<'a>(text: &'a str, before: &str) -> &'a str {
    let start = text.find(before).map(|i| i + before.len()).unwrap_or(0);
    let rest = &text[start..];
    let end = rest.find([' ', ')', ';', ',']).unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn the_heatmap_summary_quotes_the_runs_own_gaps() {
    let run = vanishing(100);
    let h = run.history();
    let text = heatmap_summary(h);
    let now = orders_of_magnitude(&h.newest().expect("newest").grad_norm).expect("a gap");
    let then = orders_of_magnitude(&h.first().expect("first").grad_norm).expect("a gap");
    assert!(
        now < -3.0 && then < -3.0,
        "the preset vanishes: {now}, {then}"
    );
    assert!(
        text.starts_with("At epoch 100, layer 1's gradient norm ("),
        "{text}"
    );
    assert_eq!(
        number_after(&text, ") is "),
        fixed(f64::from(now.abs()), 1),
        "{text}"
    );
    assert_eq!(
        number_after(&text, "At epoch 0 it was "),
        fixed(f64::from(then.abs()), 1),
        "{text}"
    );
    assert!(
        text.contains("orders of magnitude below the output layer's"),
        "{text}"
    );
    // The table: every cell is the history's norm at the column's epoch, as the read-out
    // formats numbers, and the newest epoch is the last column.
    let t = heatmap_table(h);
    let drawn = columns(h);
    assert_eq!(t.head.last().map(String::as_str), Some("epoch 100"));
    assert_eq!(t.rows.len(), 11);
    for (c, head) in t.head.iter().enumerate().skip(1) {
        let epoch: usize = head["epoch ".len()..].parse().expect("an epoch");
        let m = drawn
            .iter()
            .find(|m| m.epoch == epoch)
            .expect("a drawn column");
        for (l, row) in t.rows.iter().enumerate() {
            assert_eq!(row[c], format_number(f64::from(m.grad_norm[l])));
        }
    }
    // The walk's grid is the chart's: a row per layer, its columns' epochs.
    let (rows, cols, start) = walk::heatmap_grid(h);
    assert_eq!(rows, 11);
    assert_eq!(cols, drawn.iter().map(|m| m.epoch).collect::<Vec<_>>());
    assert_eq!(cols[start], 100);
}

#[test]
fn the_loss_and_other_summaries_quote_the_history() {
    let run = vanishing(60);
    let h = run.history();
    let (first, now) = (h.first().expect("first"), h.newest().expect("newest"));
    let text = loss_summary(h);
    assert_eq!(
        number_after(&text, "Training loss "),
        num(f64::from(now.train_loss))
    );
    assert_eq!(
        number_after(&text, " from "),
        num(f64::from(first.train_loss))
    );
    assert_eq!(
        number_after(&text, "test loss "),
        num(f64::from(now.test_loss))
    );
    assert!(text.contains("over the last 30 epochs"), "{text}");
    let t = loss_table(h);
    assert_eq!(t.rows.last().map(|r| r[0].as_str()), Some("60"));
    assert_eq!(t.rows.len(), 8);
    if std::env::var("SHOW").is_ok() {
        for t in [
            heatmap_summary(h),
            loss_summary(h),
            profile_summary(h),
            gains_summary(run.gains(), now.epoch),
            health_summary(Some(now), run.config().act),
            weights_summary(h),
            updates_summary(h),
            vgp::describe::layers::distributions_summary(run.distributions()),
        ] {
            println!("{t}\n");
        }
    }
    for text in [
        profile_summary(h),
        gains_summary(run.gains(), now.epoch),
        health_summary(Some(now), run.config().act),
        weights_summary(h),
        updates_summary(h),
    ] {
        assert!(
            text.starts_with("At epoch 60") || text.starts_with("Since epoch 0"),
            "{text}"
        );
    }
    // The vanishing network: its first layer's weights draw flat lines, the output
    // layer's move; the activation slopes shrink the signal most.
    let w = weights_summary(h);
    assert!(
        w.contains("layer 1's tracked weights have not moved (flat)"),
        "{w}"
    );
    assert!(
        w.contains("the output layer's moved by up to") && w.contains("(moving)"),
        "{w}"
    );
    let g = gains_summary(run.gains(), now.epoch);
    assert!(g.contains("The activation slopes shrink it most"), "{g}");
    assert!(health_summary(Some(now), run.config().act).contains("saturated"));
}

#[test]
fn the_prediction_summary_reads_the_surface_and_the_accuracy() {
    let config = Config {
        depth: 2,
        width: 8,
        n: 100,
        ..parse_query("data=moons&act=relu&init=he_normal").0
    };
    let mut run = Run::new(config);
    for _ in 0..20 {
        run.step_epoch();
    }
    let (x_range, y_range, grid) = surface_grid(run.data(), 20);
    let surface = Surface {
        x_range,
        y_range,
        resolution: 20,
        values: prediction_surface(&mut run, &grid),
    };
    let now = run.history().newest().cloned();
    let text = boundary_summary(run.data(), Some(&surface), now.as_ref());
    let ones = surface.values.iter().filter(|&&p| p >= 0.5).count();
    let share = format!("{}%", fixed(100.0 * ones as f64 / 400.0, 1));
    let accuracy = now
        .as_ref()
        .and_then(|m| m.test_accuracy)
        .expect("accuracy");
    assert_eq!(
        text,
        format!(
            "At epoch 20: class 1 predicted over {share} of the plane shown; test accuracy {}% on 20 test points (80 training points).",
            fixed(f64::from(100.0 * accuracy), 1)
        )
    );
    let t = boundary_table(run.data(), now.as_ref());
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1][1], run.data().test.len().to_string());
}

#[test]
fn the_sweep_summary_gives_the_fall_per_layer() {
    let config = Config {
        width: 32,
        ..Config::default()
    };
    let depths: Vec<usize> = (1..=10).collect();
    let series = vgp::sweep::sweep_with_remedies(&config, &depths, 3).expect("a sweep");
    let sigmoid = slope(&series[0]).expect("a slope");
    // About two thirds of a decade per layer for sigmoid (README), level for ReLU + He.
    assert!((-0.9..-0.45).contains(&sigmoid), "{sigmoid}");
    let relu = slope(&series[1]).expect("a slope");
    assert!(relu.abs() < 0.1, "{relu}");
    let text = sweep_summary(&series, 10);
    assert!(
        text.contains(&format!(
            "current settings: falls by {} orders of magnitude per added layer (median ",
            fixed(-sigmoid, 2)
        )),
        "{text}"
    );
    assert!(
        text.contains("with ReLU + He init: stays level as layers are added"),
        "{text}"
    );
    if std::env::var("SHOW").is_ok() {
        println!("{text}");
    }
    let t = sweep_table(&series);
    assert_eq!(t.rows.len(), 10);
    assert_eq!(t.head.len(), 5);
    assert!(
        t.rows[0][1].starts_with("1.0 (1.0 to 1.0)"),
        "{:?}",
        t.rows[0]
    );
}
