//! The metrics CSV read back: its header is the one docs/run-format.md gives, and every
//! tracked weight's column holds exactly the values of the run's history (the page's
//! CSV, made from the measurements alone, is the command's).

use vgp::config::parse_query;
use vgp::history::History;
use vgp::runfile::{metrics_csv, metrics_csv_of};
use vgp::train::Run;

const DOC: &str = include_str!("../../docs/run-format.md");

fn run(query: &str, epochs: usize) -> Run {
    let (config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut run = Run::new(config);
    for _ in 0..epochs {
        assert!(run.step_epoch());
    }
    run
}

/// The CSV's header and its rows, cell by cell.
fn table(csv: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = csv.lines();
    let header = lines
        .next()
        .expect("a header")
        .split(',')
        .map(String::from)
        .collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

/// Every tracked weight's column against the history: one column per tracked weight,
/// named `tracked_weight_L_K` for `tracked_weights[L - 1][K - 1]`, after the per-layer
/// columns, each cell that value exactly.
fn assert_tracked_columns(csv: &str, history: &History) {
    let (header, rows) = table(csv);
    let newest = history.newest().expect("measured");
    let names: Vec<String> = newest
        .tracked_weights
        .iter()
        .enumerate()
        .flat_map(|(l, w)| (1..=w.len()).map(move |k| format!("tracked_weight_{}_{k}", l + 1)))
        .collect();
    assert!(header.ends_with(&names), "{header:?}");
    let layers = newest.grad_norm.len();
    assert_eq!(header.len(), 5 + 6 * layers + names.len());
    assert_eq!(rows.len(), history.len());
    for (row, m) in rows.iter().zip(history.points()) {
        assert_eq!(row.len(), header.len());
        assert_eq!(row[0], m.epoch.to_string());
        for (l, weights) in m.tracked_weights.iter().enumerate() {
            for (k, &w) in weights.iter().enumerate() {
                let column = header
                    .iter()
                    .position(|h| *h == format!("tracked_weight_{}_{}", l + 1, k + 1))
                    .expect("a column");
                let read: f32 = row[column].parse().expect("a number");
                // The shortest text that reads back as the f32: the same bits.
                assert_eq!(
                    read.to_bits(),
                    w.to_bits(),
                    "epoch {}, {}",
                    m.epoch,
                    header[column]
                );
            }
        }
    }
}

#[test]
fn the_csv_holds_every_tracked_weight_of_every_recorded_epoch() {
    let r = run("depth=3&width=6&n=60&act=tanh", 12);
    let csv = metrics_csv(&r);
    assert_tracked_columns(&csv, r.history());
    // Three per layer here, named layer by layer.
    let (header, _) = table(&csv);
    let tracked: Vec<&String> = header
        .iter()
        .filter(|h| h.starts_with("tracked_weight_"))
        .collect();
    assert_eq!(tracked.len(), 4 * 3);
    assert_eq!(
        (tracked[0].as_str(), tracked[11].as_str()),
        ("tracked_weight_1_1", "tracked_weight_4_3")
    );
    // The page's CSV, from the measurements alone, is the same file.
    assert_eq!(metrics_csv_of(r.history(), r.network().layers().len()), csv);
    // The values move: the output layer's first weight is not where it started.
    let (_, rows) = table(&csv);
    let column = header
        .iter()
        .position(|h| h == "tracked_weight_4_1")
        .expect("the column");
    assert_ne!(rows[0][column], rows[rows.len() - 1][column]);
}

#[test]
fn a_layer_with_fewer_tracked_weights_has_fewer_columns() {
    // One input, one unit: a 1 x 1 matrix has a single weight to track.
    let r = run("data=sine&n=40&depth=1&width=1", 3);
    let newest = r.history().newest().expect("measured");
    assert_eq!(newest.tracked_weights[0].len(), 1);
    let csv = metrics_csv(&r);
    let (header, _) = table(&csv);
    assert!(header.contains(&"tracked_weight_1_1".to_string()));
    assert!(!header.contains(&"tracked_weight_1_2".to_string()));
    assert_tracked_columns(&csv, r.history());
}

#[test]
fn the_documented_header_is_the_written_one() {
    // docs/run-format.md's column list names the tracked weights' columns.
    let section = DOC
        .split_once("## The metrics CSV")
        .expect("the CSV section")
        .1;
    assert!(
        section.contains("tracked_weight_1_1"),
        "undocumented columns"
    );
    let r = run("depth=1&width=3&n=40", 1);
    let (header, _) = table(&metrics_csv(&r));
    // The documented example header's first line of names is the file's start.
    for name in ["epoch", "train_loss", "saturation_2", "tracked_weight_2_3"] {
        assert!(section.contains(name), "{name} not in the document");
        assert!(header.contains(&name.to_string()), "{name} not written");
    }
}
