//! The `vgp` command as a user runs it: its table, its `vgp-run/1` JSON and CSV files,
//! its warnings, its exit statuses and how it reports a diverged run.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Run the real binary with `args`.
fn vgp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vgp"))
        .args(args)
        .output()
        .expect("the vgp binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// A fresh, empty directory of its own for one test; removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("vgp-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn file(&self, name: &str) -> String {
        self.0.join(name).to_str().expect("UTF-8 path").to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Run `query` for `epochs` epochs, writing JSON and CSV; returns the output and both files.
fn run_with_files(name: &str, query: &str, epochs: &str) -> (Output, Value, String) {
    let dir = TempDir::new(name);
    let (json, csv) = (dir.file("run.json"), dir.file("metrics.csv"));
    let out = vgp(&[
        "run", query, "--epochs", epochs, "--json", &json, "--csv", &csv,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&json).expect("the JSON file was written");
    let file = serde_json::from_str(&text).expect("the JSON file parses");
    let csv = std::fs::read_to_string(&csv).expect("the CSV file was written");
    (out, file, csv)
}

fn array<'a>(v: &'a Value, what: &str) -> &'a Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("{what} is not an array: {v}"))
}

/// Every value nested anywhere in `v`.
fn leaves(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().flat_map(leaves).collect(),
        Value::Object(map) => map.values().flat_map(leaves).collect(),
        other => vec![other],
    }
}

#[test]
fn defaults_print_one_row_per_layer() {
    let out = vgp(&["run", ""]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).is_empty(),
        "no warnings expected: {}",
        stderr(&out)
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // The default run trains 100 epochs.
    assert_eq!(lines[0], "query: epochs=100", "{text}");
    let header: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(header, ["layer", "shape", "grad@0", "grad@100"], "{text}");
    // The same run in the library, for the numbers.
    let mut run = vgp::train::Run::new(vgp::config::Config {
        epochs: 100,
        ..Default::default()
    });
    let start = run.history().newest().expect("epoch 0").clone();
    while run.step_epoch() {}
    let end = run.history().newest().expect("epoch 100").clone();
    assert_eq!(end.epoch, 100);
    // Default network: 10 hidden sigmoid layers of 16 units on 2 inputs, then 1 output.
    for l in 1..=11 {
        let row: Vec<&str> = lines[l + 1].split_whitespace().collect();
        let (name, shape) = if l == 11 {
            ("out".to_string(), "1x16 linear")
        } else if l == 1 {
            ("1".to_string(), "16x2 sigmoid")
        } else {
            (l.to_string(), "16x16 sigmoid")
        };
        assert_eq!(row[0], name, "{text}");
        assert_eq!(format!("{} {}", row[1], row[2]), shape, "{text}");
        // The table prints the run's own gradient norms at epochs 0 and 100.
        for (value, m) in row[3..].iter().zip([&start, &end]) {
            let v: f64 = value.parse().expect("a gradient norm");
            let want = f64::from(m.grad_norm[l - 1]);
            assert!(
                (v - want).abs() <= 1e-3 * want,
                "layer {l}: printed {v:e}, the run measured {want:e}\n{text}"
            );
        }
        assert_eq!(row.len(), 5, "{text}");
    }
    assert!(
        lines[13].starts_with("epoch 100: train loss "),
        "{}",
        lines[13]
    );
    assert!(lines[13].contains(", test accuracy "), "{}", lines[13]);
    // Then the diagnosis of the default run, one line per finding, worst first.
    let findings: Vec<&str> = lines[14..].to_vec();
    assert_eq!(
        findings
            .iter()
            .map(|l| l.split(':').nth(1).unwrap_or("").trim())
            .collect::<Vec<_>>(),
        [
            "vanishing (severe)",
            "plateau (severe)",
            "frozen_weights (severe)"
        ],
        "{text}"
    );
    assert!(findings[0].ends_with("try relu-he, batch-norm, residual, tanh-glorot, shallow"));
}

#[test]
fn presets_lists_every_preset() {
    let out = vgp(&["presets"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), vgp::presets::PRESETS.len());
    for (line, p) in lines.iter().zip(vgp::presets::PRESETS) {
        assert_eq!(*line, format!("{}\t{}\t{}", p.id, p.query, p.title));
    }
    assert_eq!(vgp(&["presets", "extra"]).status.code(), Some(2));
}

#[test]
fn table_marks_batch_norm_and_residual_layers() {
    let out = vgp(&["run", "depth=2&width=4&bn=1&res=1", "--epochs", "1"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("query: depth=2&width=4&bn=1&res=1&epochs=1\n"),
        "{text}"
    );
    assert!(text.contains("4x2 sigmoid +bn "), "{text}");
    assert!(text.contains("4x4 sigmoid +bn +res "), "{text}");
    assert!(text.contains("1x4 linear "), "{text}");
}

#[test]
fn json_and_csv_files_describe_the_run() {
    let (depth, width, epochs) = (3, 5, 5);
    let query = format!("depth={depth}&width={width}&act=tanh&n=100&seed=3");
    let (_, file, csv) = run_with_files("files", &query, &epochs.to_string());
    assert_eq!(file["format"], "vgp-run/1");
    // The canonical query: keys in the share-link table's order, the epochs included.
    assert_eq!(
        file["query"],
        format!("n=100&depth={depth}&width={width}&act=tanh&epochs={epochs}&seed=3")
    );
    assert_eq!(file["task"], "binary");
    assert_eq!(file["loss"], "bce");
    assert!((file["leak"].as_f64().unwrap() - 0.01).abs() < 1e-9);
    // 100 samples, 20 held out: 80 training rows, all of them in the probe.
    assert_eq!(file["probe_size"], 80);

    let layers = array(&file["layers"], "layers");
    assert_eq!(layers.len(), depth + 1);
    for (l, spec) in layers.iter().enumerate() {
        let last = l == depth;
        let inputs = if l == 0 { 2 } else { width };
        assert_eq!(spec["inputs"], inputs, "layer {l}");
        assert_eq!(spec["outputs"], if last { 1 } else { width }, "layer {l}");
        assert_eq!(
            spec["activation"],
            if last { "linear" } else { "tanh" },
            "layer {l}"
        );
        assert_eq!(spec["batch_norm"], false);
        assert_eq!(spec["residual"], false);
    }

    let train = &file["data"]["train"];
    let rows = array(&train["x"], "train.x");
    assert_eq!(rows.len(), 80);
    assert!(rows.iter().all(|r| array(r, "row").len() == 2));
    assert_eq!(array(&train["y"], "train.y").len(), 80);
    assert_eq!(array(&file["data"]["test"]["x"], "test.x").len(), 20);
    assert!(array(&train["y"], "train.y")
        .iter()
        .all(|y| y == 0.0 || y == 1.0));

    for which in ["initial", "final"] {
        let params = array(&file[which], which);
        assert_eq!(params.len(), depth + 1);
        for (l, (p, spec)) in params.iter().zip(layers).enumerate() {
            let w = array(&p["W"], "W");
            assert_eq!(
                w.len() as u64,
                spec["outputs"].as_u64().unwrap(),
                "{which} {l}"
            );
            assert!(w
                .iter()
                .all(|row| array(row, "W row").len() as u64 == spec["inputs"].as_u64().unwrap()));
            assert_eq!(array(&p["b"], "b").len(), w.len());
            for key in ["gamma", "beta", "running_mean", "running_var"] {
                assert!(p.get(key).is_none(), "{which} {l} has {key} without bn");
            }
        }
    }
    // Biases start at 0; training moves the parameters.
    assert!(leaves(&file["initial"][0]["b"]).iter().all(|b| *b == 0.0));
    assert_ne!(file["initial"], file["final"]);

    let recorded = array(&file["epochs"], "epochs");
    let numbers: Vec<u64> = recorded
        .iter()
        .map(|m| m["epoch"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [0, 1, 2, 3, 4, 5]);
    for m in recorded {
        for key in [
            "grad_norm",
            "act_grad_norm",
            "weight_norm",
            "update_ratio",
            "dead_fraction",
            "saturation",
            "tracked_weights",
        ] {
            assert_eq!(array(&m[key], key).len(), depth + 1, "{key}");
        }
        for key in ["train_loss", "test_loss", "train_accuracy", "test_accuracy"] {
            assert!(m[key].as_f64().is_some(), "{key}: {}", m[key]);
        }
    }
    assert!(leaves(&recorded[0]["update_ratio"])
        .iter()
        .all(|v| *v == 0.0));
    assert_eq!(file["diverged"], Value::Null);

    // CSV: a header and one row per recorded epoch, all numbers.
    let lines: Vec<&str> = csv.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let per_layer = [
        "grad_norm",
        "act_grad_norm",
        "weight_norm",
        "update_ratio",
        "dead_fraction",
        "saturation",
    ];
    let mut expected = vec![
        "epoch".to_string(),
        "train_loss".into(),
        "test_loss".into(),
        "train_accuracy".into(),
        "test_accuracy".into(),
    ];
    for name in per_layer {
        expected.extend((1..=depth + 1).map(|l| format!("{name}_{l}")));
    }
    // Then the tracked weights, three per layer here.
    for l in 1..=depth + 1 {
        expected.extend((1..=3).map(|k| format!("tracked_weight_{l}_{k}")));
    }
    assert_eq!(header, expected);
    assert_eq!(lines.len(), 1 + epochs + 1);
    for (e, line) in lines[1..].iter().enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), header.len(), "{line}");
        assert_eq!(cells[0], e.to_string());
        for cell in cells {
            let v: f64 = cell
                .parse()
                .unwrap_or_else(|_| panic!("{cell:?} in {line}"));
            assert!(v.is_finite());
        }
    }
    // The CSV and the JSON agree.
    let last: Vec<&str> = lines[epochs + 1].split(',').collect();
    let json_loss = recorded[epochs]["train_loss"].as_f64().unwrap() as f32;
    assert_eq!(last[1].parse::<f32>().unwrap(), json_loss);
    let json_weight = recorded[epochs]["tracked_weights"][depth][2]
        .as_f64()
        .unwrap() as f32;
    assert_eq!(last[last.len() - 1].parse::<f32>().unwrap(), json_weight);
}

#[test]
fn regression_csv_leaves_the_accuracy_cells_empty() {
    let (_, file, csv) = run_with_files("sine", "data=sine&n=40&depth=1&width=3", "1");
    assert_eq!(file["task"], "regression");
    assert_eq!(file["loss"], "mse");
    assert_eq!(file["epochs"][1]["test_accuracy"], Value::Null);
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!((cells[3], cells[4]), ("", ""), "{line}");
    }
}

#[test]
fn batch_norm_runs_export_their_statistics() {
    let (_, file, _) = run_with_files("bn", "depth=2&width=4&bn=1&res=1&n=60", "3");
    let layers = array(&file["layers"], "layers");
    assert_eq!(
        layers[0]["residual"], false,
        "the first hidden layer has no skip"
    );
    assert_eq!(layers[1]["residual"], true);
    assert_eq!(layers[2]["batch_norm"], false, "the output layer has no bn");
    for which in ["initial", "final"] {
        for l in 0..2 {
            let p = &file[which][l];
            for key in ["gamma", "beta", "running_mean", "running_var"] {
                assert_eq!(array(&p[key], key).len(), 4, "{which} {l} {key}");
            }
        }
        assert!(file[which][2].get("gamma").is_none());
    }
    let initial = &file["initial"][0];
    assert!(leaves(&initial["gamma"]).iter().all(|v| *v == 1.0));
    assert!(leaves(&initial["beta"]).iter().all(|v| *v == 0.0));
    assert!(leaves(&initial["running_mean"]).iter().all(|v| *v == 0.0));
    assert!(leaves(&initial["running_var"]).iter().all(|v| *v == 1.0));
    assert_ne!(file["final"][0]["running_mean"], initial["running_mean"]);
}

#[test]
fn bad_query_values_warn_and_still_run() {
    let out = vgp(&["run", "depth=500&act=foo&lr=abc&width=2", "--epochs", "1"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    let warnings: Vec<&str> = err.lines().collect();
    assert_eq!(warnings.len(), 3, "{err}");
    assert!(warnings[0].starts_with("warning: depth: \"500\""), "{err}");
    assert!(warnings[1].starts_with("warning: act: \"foo\""), "{err}");
    assert!(warnings[2].starts_with("warning: lr: \"abc\""), "{err}");
    // depth was clamped to 100: 101 layer rows.
    let text = stdout(&out);
    assert!(
        text.starts_with("query: depth=100&width=2&epochs=1\n"),
        "{text}"
    );
    assert!(text.contains("  out  1x2 linear"), "{text}");
    assert!(text.contains("\n  100  2x2 sigmoid"), "{text}");
}

/// An argument that is not valid UTF-8 (a shell can pass any bytes) is a usage error
/// naming the argument, not a panic.
#[cfg(unix)]
#[test]
fn a_non_utf8_argument_is_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(b"depth=3&act=\xff\xfe");
    let out = Command::new(env!("CARGO_BIN_EXE_vgp"))
        .arg("run")
        .arg(bad)
        .output()
        .expect("vgp runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with("vgp: argument 2"), "{err}");
    assert!(
        err.contains("not valid UTF-8") && err.contains("usage:"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// The page-only keys of a link are accepted and ignored by the command.
#[test]
fn page_keys_are_accepted_and_ignored() {
    let out = vgp(&[
        "run",
        "depth=2&embed=1&panels=loss&theme=dark",
        "--epochs",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("query: depth=2&epochs=1\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    let cases: [&[&str]; 7] = [
        &[],
        &["train", ""],
        &["run"],
        &["run", "", "--bogus", "1"],
        &["run", "", "--epochs", "abc"],
        &["run", "", "--epochs", "-3"],
        &["run", "", "--json"],
    ];
    for args in cases {
        let out = vgp(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with("vgp: "), "{args:?}: {err}");
        assert!(
            err.contains(
                "usage: vgp run '<query>' [--epochs N] [--json run.json] [--csv metrics.csv]"
            ),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn unwritable_files_exit_1() {
    let dir = TempDir::new("unwritable");
    let missing = dir.file("no/such/dir/run.json");
    for flag in ["--json", "--csv"] {
        let out = vgp(&[
            "run",
            "depth=1&width=2&n=20",
            "--epochs",
            "1",
            flag,
            &missing,
        ]);
        assert_eq!(out.status.code(), Some(1), "{flag}");
        assert!(
            stderr(&out).contains(&format!("vgp: cannot write {missing}")),
            "{}",
            stderr(&out)
        );
        // The table was still printed.
        assert!(stdout(&out).starts_with("query: "));
    }
}

/// Diverges on the first minibatch: ReLU with N(0, 10) weights and lr = 10.
const DIVERGING: &str = "act=relu&init=normal&scale=10&lr=10&opt=sgd&depth=6";

#[test]
fn a_diverged_run_is_reported_without_non_finite_numbers() {
    let (out, file, csv) = run_with_files("diverged", DIVERGING, "20");
    let text = stdout(&out);
    assert!(text.contains("\ndiverged at epoch 1: "), "{text}");
    let diverged = &file["diverged"];
    assert_eq!(diverged["epoch"], 1, "{diverged}");
    let reason = diverged["reason"].as_str().expect("a reason");
    assert!(!reason.is_empty());
    assert!(text.contains(reason), "{text}");
    // Only finite epochs are recorded (serde_json would write NaN as null).
    let recorded = array(&file["epochs"], "epochs");
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["epoch"], 0);
    for m in recorded {
        for (key, value) in m.as_object().unwrap() {
            for leaf in leaves(value) {
                assert!(leaf.is_number(), "{key} holds {leaf}");
                assert!(leaf.as_f64().unwrap().is_finite());
            }
        }
    }
    // `final` is the last finite state: here still the initial parameters.
    assert_eq!(file["final"], file["initial"]);
    assert!(leaves(&file["final"]).iter().all(|v| v.is_number()));
    assert_eq!(csv.lines().count(), 2);
    assert!(!csv.to_lowercase().contains("nan") && !csv.contains("inf"));
}

/// `--epochs 0` trains nothing and returns at once (an epoch limit of 0 in a query means
/// "no limit"; the command must not read it that way). Killed after 20 seconds otherwise.
#[test]
fn epochs_zero_terminates() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vgp"))
        .args(["run", "depth=1&width=2&n=10", "--epochs", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the vgp binary runs");
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(20) {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.code().is_some());
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().expect("kill");
    let _ = child.wait();
    panic!("vgp run --epochs 0 was still running after 20 s");
}

/// A run whose very first measurement is not finite (diverged at epoch 0) is a diverged
/// run like any other: exit status 0, a report, and a file with `diverged.epoch` 0.
#[test]
fn divergence_at_epoch_0_is_reported() {
    let dir = TempDir::new("diverged0");
    let json = dir.file("run.json");
    let query = "act=linear&init=normal&scale=100&depth=30";
    let out = vgp(&["run", query, "--epochs", "3", "--json", &json]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("diverged at epoch 0: "),
        "{}",
        stdout(&out)
    );
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("written")).expect("parses");
    assert_eq!(file["diverged"]["epoch"], 0);
}

/// The run file carries the newest epoch's histograms: one per hidden layer for the
/// activations and one per weight layer for the gradients, counting every probe value.
#[test]
fn run_file_has_the_newest_distributions() {
    let dir = TempDir::new("distributions");
    let json = dir.file("run.json");
    let out = vgp(&[
        "run",
        "depth=3&width=5&n=60",
        "--epochs",
        "2",
        "--json",
        &json,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("written")).expect("parses");
    let d = &file["distributions"];
    assert_eq!(d["epoch"], 2);
    let activations = d["activations"].as_array().expect("activations");
    let gradients = d["gradients"].as_array().expect("gradients");
    assert_eq!(activations.len(), 3);
    assert_eq!(gradients.len(), 4);
    let probe = file["probe_size"].as_u64().expect("probe size");
    let total = |h: &Value| {
        h["counts"]
            .as_array()
            .expect("counts")
            .iter()
            .map(|c| c.as_u64().expect("count"))
            .sum::<u64>()
    };
    assert_eq!(
        total(&activations[0]),
        probe * 5,
        "every activation of the probe is counted"
    );
    assert_eq!(
        total(&gradients[0]),
        5 * 2,
        "every weight gradient of layer 1 is counted"
    );
    assert!(d["activations"][0]["lo"].as_f64() < d["activations"][0]["hi"].as_f64());
}

/// A link with `b.` keys trains A and B in lockstep and reports both: each report is
/// exactly what `vgp run` prints for that configuration alone, and B's files get `-b`.
#[test]
fn a_compare_link_trains_and_reports_a_and_b() {
    let dir = TempDir::new("compare");
    let json = dir.file("run.json");
    let out = vgp(&[
        "run",
        "depth=4&width=6&b.act=relu&b.init=he_normal&b.seed=9",
        "--epochs",
        "3",
        "--json",
        &json,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // b.seed is not B's to change: warned, and B keeps A's seed.
    assert!(
        stderr(&out).contains("b.seed: \"9\" ignored"),
        "{}",
        stderr(&out)
    );
    let text = stdout(&out);
    let (head, rest) = text.split_once('\n').unwrap();
    assert_eq!(
        head,
        "compare: A: sigmoid + glorot_uniform | B: relu + he_normal"
    );
    let (a_part, b_part) = rest
        .split_once("\nB: relu + he_normal\n")
        .expect("a B section");
    let a_alone = stdout(&vgp(&["run", "depth=4&width=6", "--epochs", "3"]));
    let b_alone = stdout(&vgp(&[
        "run",
        "depth=4&width=6&act=relu&init=he_normal",
        "--epochs",
        "3",
    ]));
    let a_part = a_part
        .strip_prefix("\nA: sigmoid + glorot_uniform\n")
        .expect("an A section");
    assert_eq!(a_part, a_alone);
    assert_eq!(b_part, b_alone);
    let b_file: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.file("run-b.json")).unwrap()).unwrap();
    assert_eq!(
        b_file["query"],
        Value::String("depth=4&width=6&act=relu&init=he_normal&epochs=3".into())
    );
    assert!(std::path::Path::new(&json).exists());
}

/// `vgp sweep`: the query and seeds, then one table per series (median, min, max per
/// depth) with the library's numbers, and the `vgp-sweep/1` file.
#[test]
fn sweep_prints_a_table_per_series_and_writes_its_json() {
    let dir = TempDir::new("sweep");
    let json = dir.file("sweep.json");
    let query = "width=4&n=40&seed=7";
    let out = vgp(&[
        "sweep",
        query,
        "--depths",
        "1..3",
        "--seeds",
        "2",
        "--remedies",
        "--json",
        &json,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "query: n=40&width=4&seed=7", "{text}");
    assert_eq!(
        lines[1], "seeds: 7, 8 (the query's seed and the next 1)",
        "{text}"
    );
    assert!(lines[2].starts_with("ratio: "), "{text}");
    let (config, _) = vgp::config::parse_query(query);
    let series = vgp::sweep::sweep_with_remedies(&config, &[1, 2, 3], 2).expect("a sweep");
    // Each table: a blank line, "label: query", the header, one row per depth.
    for (i, s) in series.iter().enumerate() {
        let at = 3 + i * 6;
        assert_eq!(lines[at], "", "{text}");
        assert_eq!(lines[at + 1], format!("{}: {}", s.label, s.query), "{text}");
        let header: Vec<&str> = lines[at + 2].split_whitespace().collect();
        assert_eq!(header, ["depth", "median", "min", "max"], "{text}");
        for (k, depth) in [1, 2, 3].iter().enumerate() {
            let row: Vec<&str> = lines[at + 3 + k].split_whitespace().collect();
            assert_eq!(row[0], depth.to_string(), "{text}");
            for (cell, want) in row[1..].iter().zip([s.median[k], s.min[k], s.max[k]]) {
                let v: f64 = cell.parse().expect("a ratio");
                assert!(
                    (v - want).abs() <= 1e-3 * want,
                    "{cell} vs {want:e}\n{text}"
                );
            }
        }
    }
    assert_eq!(lines.len(), 3 + 4 * 6, "{text}");
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("written")).expect("parses");
    assert_eq!(file["format"], "vgp-sweep/1");
    assert_eq!(file["query"], "n=40&width=4&seed=7");
    assert_eq!(file["seeds"], serde_json::json!([7, 8]));
    let written = array(&file["series"], "series");
    let ids: Vec<&str> = written
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["current", "relu-he", "batch-norm", "residual"]);
    for (w, s) in written.iter().zip(&series) {
        assert_eq!(w["label"], s.label.as_str());
        assert_eq!(w["query"], s.query.as_str());
        assert_eq!(w["depths"], serde_json::json!([1, 2, 3]));
        assert_eq!(w["defined"], serde_json::json!([2, 2, 2]));
        assert_eq!(array(&w["warnings"], "warnings").len(), 0);
        for (key, values) in [("median", &s.median), ("min", &s.min), ("max", &s.max)] {
            let got: Vec<f64> = array(&w[key], key)
                .iter()
                .map(|v| v.as_f64().expect("a number"))
                .collect();
            // The file holds the shortest decimal of each f64 (serde_json's reader, without
            // its float_roundtrip feature, may be one unit in the last place off).
            assert_eq!(got.len(), values.len(), "{key}");
            for (g, v) in got.iter().zip(values.iter()) {
                assert!((g - v).abs() <= 1e-15 * v.abs(), "{key}: {g:e} vs {v:e}");
            }
        }
    }
    assert_eq!(written[2]["query"], "n=40&width=4&bn=1&seed=7");
}

/// Without options: depths 1 to 30, five seeds, the query's series only.
#[test]
fn sweep_defaults_to_depths_1_to_30_and_five_seeds() {
    let out = vgp(&["sweep", "width=2&n=20"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("\nseeds: 1, 2, 3, 4, 5 "), "{text}");
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.parse::<usize>().is_ok())
        })
        .collect();
    assert_eq!(rows.len(), 30, "{text}");
    assert!(rows[0].trim_start().starts_with("1 "), "{text}");
    assert!(rows[29].trim_start().starts_with("30 "), "{text}");
    assert!(!text.contains("with batch norm"), "{text}");
}

/// Bad sweep arguments exit 2 with a message naming the argument, the value given and
/// what is expected, then the usage.
#[test]
fn sweep_usage_errors_name_the_argument_and_what_is_expected() {
    let cases: [(&[&str], &str); 9] = [
        (&["sweep"], "missing the query"),
        (&["sweep", "", "--depths", "0..5"], "--depths: \"0..5\": depth 0 is outside 1..100; expected depths from 1 to 100 as a range a..b"),
        (&["sweep", "", "--depths", "1..101"], "--depths: \"1..101\": depth 101 is outside 1..100"),
        (&["sweep", "", "--depths", "5..2"], "--depths: \"5..2\": the range 5..2 is empty"),
        (&["sweep", "", "--depths", "two"], "--depths: \"two\": \"two\" is not a whole number"),
        (&["sweep", "", "--seeds", "0"], "--seeds: \"0\" is not a whole number from 1 to 100"),
        (&["sweep", "", "--seeds", "many"], "--seeds: \"many\" is not a whole number from 1 to 100"),
        (&["sweep", "", "--depths"], "--depths needs a value"),
        (&["sweep", "", "--epochs", "3"], "unknown option \"--epochs\""),
    ];
    for (args, says) in cases {
        let out = vgp(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with(&format!("vgp: {says}")), "{args:?}: {err}");
        assert!(
            err.contains("usage: vgp run '<query>'")
                && err.contains("vgp sweep '<query>' [--depths 1..30] [--seeds 5] [--remedies] [--json sweep.json]"),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn sweep_reports_an_unwritable_file_with_status_1() {
    let dir = TempDir::new("sweep-unwritable");
    let missing = dir.file("no/such/dir/sweep.json");
    let out = vgp(&["sweep", "width=2&n=20", "--depths", "2", "--json", &missing]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&format!("vgp: cannot write {missing}")));
    assert!(stdout(&out).starts_with("query: "));
}
