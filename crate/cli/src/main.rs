//! `vgp`: train a playground configuration headless and report its gradients.
//!
//! ```text
//! vgp run '<query>' [--epochs N] [--json run.json] [--csv metrics.csv]
//! vgp sweep '<query>' [--depths 1..30] [--seeds 5] [--remedies] [--json sweep.json]
//! vgp presets
//! ```
//! The query is the share-link query of the page (docs/share-links.md); the page-only
//! keys of a link (`embed`, `panels`, ...) are accepted and ignored. Warnings about it
//! go to stderr. `vgp run` prints the per-layer gradient norms at the first and last
//! epoch; with `b.` keys (a comparison) it trains A and B in lockstep and reports
//! each in turn, after a `compare:` line naming what differs, B's files getting `-b`
//! before the extension. `vgp sweep` measures the first-to-last hidden-layer gradient ratio at
//! initialization at each depth (`vgp::sweep`, docs/run-format.md): for the query, and
//! with `--remedies` also for the query with ReLU + He, batch normalization and
//! residual connections; it prints one table per series (median, min and max over the
//! seeds `seed`, `seed+1`, ...). `vgp presets` prints one `id<TAB>query<TAB>title` line
//! per preset. Exit status: 0 on success (also when the run diverged, which is
//! reported), 1 when a file cannot be written, 2 on a usage error.

mod depths;

use std::process::ExitCode;
use vgp::config::{compare, parse_link};
use vgp::nn::LayerSpec;
use vgp::runfile::{metrics_csv, to_json};
use vgp::train::Run;

const USAGE: &str = "usage: vgp run '<query>' [--epochs N] [--json run.json] [--csv metrics.csv]
       vgp sweep '<query>' [--depths 1..30] [--seeds 5] [--remedies] [--json sweep.json]
       vgp presets";
/// Depths and seeds of a sweep when the command line does not say.
const DEFAULT_DEPTHS: &str = "1..30";
const DEFAULT_SEEDS: usize = 5;
/// Epochs trained when neither --epochs nor the query's `epochs` says.
const DEFAULT_EPOCHS: usize = 100;

enum Command {
    Run(Args),
    Sweep(SweepArgs),
}

/// The arguments of `vgp run`.
struct Args {
    query: String,
    epochs: Option<usize>,
    json: Option<String>,
    csv: Option<String>,
}

/// The arguments of `vgp run`, after the command name.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let query = args
        .next()
        .ok_or("missing the query (use '' for the defaults)")?;
    let mut parsed = Args {
        query,
        epochs: None,
        json: None,
        csv: None,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--epochs" => {
                parsed.epochs = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--epochs: {value:?} is not a whole number"))?,
                )
            }
            "--json" => parsed.json = Some(value),
            "--csv" => parsed.csv = Some(value),
            _ => return Err(format!("unknown option {flag:?}")),
        }
    }
    Ok(parsed)
}

/// The arguments of `vgp sweep`, after the command name.
struct SweepArgs {
    query: String,
    depths: Vec<usize>,
    seeds: usize,
    remedies: bool,
    json: Option<String>,
}

fn parse_sweep_args(mut args: impl Iterator<Item = String>) -> Result<SweepArgs, String> {
    let query = args
        .next()
        .ok_or("missing the query (use '' for the defaults)")?;
    let mut parsed = SweepArgs {
        query,
        depths: depths::parse_depths(DEFAULT_DEPTHS)?,
        seeds: DEFAULT_SEEDS,
        remedies: false,
        json: None,
    };
    while let Some(flag) = args.next() {
        if flag == "--remedies" {
            parsed.remedies = true;
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--depths" => {
                parsed.depths = depths::parse_depths(&value).map_err(|why| {
                    format!(
                        "--depths: {value:?}: {why}; expected depths from {} to {} as a range a..b, a list like 2,5,10, or both (1..10,20)",
                        vgp::config::limits::DEPTH.0,
                        vgp::config::limits::DEPTH.1
                    )
                })?
            }
            "--seeds" => {
                let max = vgp::sweep::MAX_SEEDS;
                parsed.seeds = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        format!("--seeds: {value:?} is not a whole number from 1 to {max}")
                    })?
            }
            "--json" => parsed.json = Some(value),
            _ => return Err(format!("unknown option {flag:?}")),
        }
    }
    Ok(parsed)
}

/// A ratio in the sweep's table: 4 significant digits, "inf", or "undefined" (NaN).
fn ratio_text(v: f64) -> String {
    if v.is_nan() {
        "undefined".to_string()
    } else if v.is_infinite() {
        "inf".to_string()
    } else {
        format!("{v:.4e}")
    }
}

/// `vgp sweep`: print the tables and write the JSON.
fn sweep_command(args: SweepArgs) -> ExitCode {
    let link = parse_link(&args.query);
    for w in &link.warnings {
        eprintln!("warning: {w}");
    }
    let plan =
        match vgp::sweep::SweepPlan::new(&link.config, &args.depths, args.seeds, args.remedies) {
            Ok(plan) => plan,
            Err(e) => {
                eprintln!("vgp: {e}\n{USAGE}");
                return ExitCode::from(2);
            }
        };
    let sweep = plan.finish();
    let seeds: Vec<String> = sweep.seeds.iter().map(|s| s.to_string()).collect();
    println!(
        "query: {}",
        if sweep.query.is_empty() {
            "(defaults)"
        } else {
            &sweep.query
        }
    );
    let which = match seeds.len() {
        1 => "the query's seed".to_string(),
        n => format!("the query's seed and the next {}", n - 1),
    };
    println!("seeds: {} ({which})", seeds.join(", "));
    println!(
        "ratio: ||dL/dW|| of the first hidden layer over that of the last, on the probe batch at epoch 0 (1 at depth 1)"
    );
    for series in &sweep.series {
        for w in &series.warnings {
            eprintln!("warning: {}: {w}", series.id);
        }
        println!();
        println!(
            "{}: {}",
            series.label,
            if series.query.is_empty() {
                "(defaults)"
            } else {
                &series.query
            }
        );
        println!(
            "{:>5} {:>12} {:>12} {:>12}",
            "depth", "median", "min", "max"
        );
        for (k, depth) in series.depths.iter().enumerate() {
            let defined = series.defined[k];
            let note = if defined < sweep.seeds.len() {
                format!("  ({defined} of {} seeds defined)", sweep.seeds.len())
            } else {
                String::new()
            };
            println!(
                "{depth:>5} {:>12} {:>12} {:>12}{note}",
                ratio_text(series.median[k]),
                ratio_text(series.min[k]),
                ratio_text(series.max[k]),
            );
        }
    }
    if let Some(path) = &args.json {
        let written = sweep
            .to_json()
            .map_err(|e| e.to_string())
            .and_then(|text| std::fs::write(path, text).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("vgp: cannot write {path}: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

fn describe(spec: &LayerSpec) -> String {
    let mut text = format!(
        "{}x{} {}",
        spec.outputs,
        spec.inputs,
        serde_json::to_value(spec.activation)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    );
    if spec.batch_norm {
        text.push_str(" +bn");
    }
    if spec.residual {
        text.push_str(" +res");
    }
    text
}

/// The command line as text; an argument that is not valid UTF-8 is a usage error that
/// names it (shown with its bad bytes replaced).
fn utf8_args() -> Result<Vec<String>, String> {
    std::env::args_os()
        .skip(1)
        .enumerate()
        .map(|(i, a)| {
            a.into_string().map_err(|bad| {
                format!(
                    "argument {} ({:?}) is not valid UTF-8; links and options are UTF-8 text",
                    i + 1,
                    bad.to_string_lossy()
                )
            })
        })
        .collect()
}

fn main() -> ExitCode {
    if std::env::args_os().nth(1).is_some_and(|a| a == "presets") {
        if std::env::args_os().count() > 2 {
            eprintln!("vgp: presets takes no arguments\n{USAGE}");
            return ExitCode::from(2);
        }
        for p in vgp::presets::PRESETS {
            println!("{}\t{}\t{}", p.id, p.query, p.title);
        }
        return ExitCode::SUCCESS;
    }
    let args = match utf8_args().and_then(|a| {
        let mut a = a.into_iter();
        match a.next().as_deref() {
            Some("run") => parse_args(a).map(Command::Run),
            Some("sweep") => parse_sweep_args(a).map(Command::Sweep),
            Some(other) => Err(format!("unknown command {other:?}")),
            None => Err("missing command".into()),
        }
    }) {
        Ok(Command::Run(a)) => a,
        Ok(Command::Sweep(a)) => return sweep_command(a),
        Err(e) => {
            eprintln!("vgp: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let link = parse_link(&args.query);
    let (mut config, warnings) = (link.config, link.warnings);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let epochs = args.epochs.unwrap_or(if config.epochs > 0 {
        config.epochs
    } else {
        DEFAULT_EPOCHS
    });
    // The run's own limit records the length in the exported query; 0 trains nothing.
    config.epochs = epochs;
    // A comparison's B keeps A's data, seed and epoch limit (config/compare.rs).
    let b_config = link.b.map(|b| compare::aligned(&config, &b));
    let labels = b_config.as_ref().map(|b| compare::labels(&config, b));
    let mut runs = vec![Run::new(config)];
    runs.extend(b_config.map(Run::new));
    for run in &runs {
        for w in run.warnings() {
            eprintln!("warning: {w}");
        }
    }
    // Lockstep: every run trains epoch k before any trains epoch k + 1.
    loop {
        let mut any = false;
        for run in &mut runs {
            if run.epoch() < epochs && run.step_epoch() {
                any = true;
            }
        }
        if !any {
            break;
        }
    }
    if let Some((a, b)) = &labels {
        println!("compare: {a} | {b}");
    }
    for (i, run) in runs.iter().enumerate() {
        if let Some((a, b)) = &labels {
            println!("\n{}", if i == 0 { a } else { b });
        }
        report(run);
    }
    let mut status = ExitCode::SUCCESS;
    for (i, run) in runs.iter().enumerate() {
        if !write_files(run, &args, if i == 0 { "" } else { "-b" }) {
            status = ExitCode::from(1);
        }
    }
    status
}

/// Print the run's query, its per-layer gradient table, its last losses, any
/// divergence and the diagnosis.
fn report(run: &Run) {
    let query = run.config().to_query();
    println!(
        "query: {}",
        if query.is_empty() {
            "(defaults)"
        } else {
            &query
        }
    );
    let history = run.history();
    if let (Some(first), Some(last)) = (history.first(), history.newest()) {
        println!(
            "{:>5}  {:<24} {:>14} {:>14}",
            "layer",
            "shape",
            format!("grad@{}", first.epoch),
            format!("grad@{}", last.epoch)
        );
        let layers = run.network().layers();
        for (l, spec) in layers.iter().enumerate() {
            let name = if l + 1 == layers.len() {
                "out".to_string()
            } else {
                (l + 1).to_string()
            };
            println!(
                "{name:>5}  {:<24} {:>14.4e} {:>14.4e}",
                describe(spec),
                first.grad_norm[l],
                last.grad_norm[l]
            );
        }
        let accuracy = last.test_accuracy.map_or(String::new(), |a| {
            format!(", test accuracy {:.1}%", a * 100.0)
        });
        println!(
            "epoch {}: train loss {:.5}, test loss {:.5}{accuracy}",
            last.epoch, last.train_loss, last.test_loss
        );
    }
    if let Some(d) = run.diverged() {
        println!("diverged at epoch {}: {}", d.epoch, d.reason);
    }
    let findings = vgp::diagnosis::diagnose(run);
    if findings.is_empty() {
        println!("diagnosis: nothing wrong found");
    }
    for f in findings {
        let severity = match f.severity {
            vgp::diagnosis::Severity::Warning => "warning",
            vgp::diagnosis::Severity::Severe => "severe",
        };
        println!(
            "diagnosis: {} ({severity}): {}; try {}",
            f.id,
            f.evidence,
            f.remedies.join(", ")
        );
    }
}

/// Write the run's `--json` and `--csv` files (B's with `suffix` before the extension);
/// false if one could not be written.
fn write_files(run: &Run, args: &Args, suffix: &str) -> bool {
    let mut ok = true;
    if let Some(path) = &args.json {
        let path = &with_suffix(path, suffix);
        let written = to_json(run)
            .map_err(|e| e.to_string())
            .and_then(|text| std::fs::write(path, text).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("vgp: cannot write {path}: {e}");
            ok = false;
        }
    }
    if let Some(path) = &args.csv {
        let path = &with_suffix(path, suffix);
        if let Err(e) = std::fs::write(path, metrics_csv(run)) {
            eprintln!("vgp: cannot write {path}: {e}");
            ok = false;
        }
    }
    ok
}

/// `run.json` with suffix `-b` is `run-b.json` (the suffix goes before the extension).
fn with_suffix(path: &str, suffix: &str) -> String {
    let name_start = path.rfind(['/', '\\']).map_or(0, |i| i + 1);
    match path[name_start..].rfind('.') {
        Some(dot) if dot > 0 => {
            let dot = name_start + dot;
            format!("{}{suffix}{}", &path[..dot], &path[dot..])
        }
        _ => format!("{path}{suffix}"),
    }
}
