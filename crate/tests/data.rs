//! Tests of the datasets: determinism, shapes, labels, stratified splits, geometry and the embedded digits.

use rand::SeedableRng;
use vgp::config::{Config, DatasetKind};
use vgp::data::{digits_raw, generate, Dataset, Split, Task, DIGITS_LEN, DIGITS_PIXELS};
use vgp::RunRng;
// Under wasm32 the same tests (the pinned fingerprints among them) run in headless
// Chromium: `scripts/test.sh test-wasm` runs this file there.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const SYNTHETIC: [DatasetKind; 6] = [
    DatasetKind::Circle,
    DatasetKind::Xor,
    DatasetKind::Gauss,
    DatasetKind::Spiral,
    DatasetKind::Moons,
    DatasetKind::Sine,
];
const BINARY: [DatasetKind; 5] = [
    DatasetKind::Circle,
    DatasetKind::Xor,
    DatasetKind::Gauss,
    DatasetKind::Spiral,
    DatasetKind::Moons,
];

fn config(data: DatasetKind, n: usize, noise: f32, test: f32, seed: u64) -> Config {
    Config {
        data,
        n,
        noise,
        test,
        seed,
        ..Config::default()
    }
}

fn make(c: &Config) -> Dataset {
    generate(c, &mut RunRng::seed_from_u64(c.seed))
}

/// Every number of a dataset as bits, so equality is bit-identity.
fn bits(d: &Dataset) -> Vec<u32> {
    [&d.train.x, &d.train.y, &d.test.x, &d.test.y]
        .iter()
        .flat_map(|v| v.iter().map(|f| f.to_bits()))
        .collect()
}

fn expected_test(n: usize, fraction: f32) -> usize {
    let wanted = (n as f64 * fraction as f64).round();
    (if wanted.is_nan() { 0 } else { wanted as usize }).clamp(1, n - 1)
}

fn class_counts(split: &Split, classes: usize) -> Vec<usize> {
    let mut counts = vec![0; classes];
    for &y in &split.y {
        counts[y as usize] += 1;
    }
    counts
}

/// (label, x, y) of every sample of both splits.
fn points(d: &Dataset) -> Vec<(f32, f32, f32)> {
    [&d.train, &d.test]
        .iter()
        .flat_map(|s| (0..s.len()).map(|i| (s.y[i], s.row(i, 2)[0], s.row(i, 2)[1])))
        .collect()
}

#[test]
fn same_seed_gives_bit_identical_data() {
    for kind in SYNTHETIC.into_iter().chain([DatasetKind::Digits]) {
        let c = config(kind, 301, 0.2, 0.2, 7);
        let (a, b) = (make(&c), make(&c));
        assert_eq!(bits(&a), bits(&b), "{kind:?}");
        assert_eq!((a.inputs, a.task), (b.inputs, b.task), "{kind:?}");
    }
}

/// FNV-1a over every bit of a dataset.
fn fingerprint(d: &Dataset) -> u64 {
    bits(d)
        .iter()
        .flat_map(|b| b.to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, byte| {
            (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// Pinned fingerprints: the same values natively and in wasm32 (run the tests on
/// both) show the data is bit-identical across platforms. Changing any generator
/// changes these on purpose.
#[test]
fn fingerprints_are_pinned() {
    let kinds = SYNTHETIC.into_iter().chain([DatasetKind::Digits]);
    let got: Vec<u64> = kinds
        .map(|k| fingerprint(&make(&config(k, 400, 0.1, 0.2, 1))))
        .collect();
    assert_eq!(
        got,
        [
            3778806153161903220,
            11369436570967974936,
            8119670831270451208,
            5663547750319209328,
            6041788425492230316,
            14384618564832266305,
            15165923239480983535,
        ]
    );
}

#[test]
fn different_seed_gives_different_data() {
    for kind in SYNTHETIC.into_iter().chain([DatasetKind::Digits]) {
        let a = make(&config(kind, 200, 0.1, 0.2, 1));
        let b = make(&config(kind, 200, 0.1, 0.2, 2));
        assert_ne!(bits(&a), bits(&b), "{kind:?}");
    }
}

#[test]
fn shapes_and_split_sizes() {
    for kind in SYNTHETIC {
        for (n, test) in [
            (10, 0.2),
            (11, 0.25),
            (400, 0.2),
            (401, 0.3),
            (1000, 0.05),
            (10, 0.0),
        ] {
            let d = make(&config(kind, n, 0.1, test, 3));
            let inputs = if kind == DatasetKind::Sine { 1 } else { 2 };
            assert_eq!(d.inputs, inputs, "{kind:?}");
            assert_eq!(d.outputs(), 1, "{kind:?}");
            assert_eq!(d.train.len() + d.test.len(), n, "{kind:?} n={n}");
            assert_eq!(
                d.test.len(),
                expected_test(n, test),
                "{kind:?} n={n} test={test}"
            );
            for s in [&d.train, &d.test] {
                assert_eq!(s.x.len(), s.len() * inputs, "{kind:?}");
                assert!(!s.is_empty(), "{kind:?}");
            }
        }
    }
}

#[test]
fn odd_configs_are_clamped_not_panicking() {
    let cases = [
        (0, f32::NAN, f32::NAN, 10, 1),
        (usize::MAX, f32::INFINITY, 2.0, 5_000, 4_999),
        (50, -1.0, -0.5, 50, 1),
        (50, 0.1, 1.0, 50, 49),
    ];
    for kind in SYNTHETIC {
        for (n, noise, test, total, n_test) in cases {
            let d = make(&config(kind, n, noise, test, 5));
            assert_eq!(d.train.len() + d.test.len(), total, "{kind:?} n={n}");
            assert_eq!(d.test.len(), n_test, "{kind:?} test={test}");
            let all = [&d.train.x, &d.train.y, &d.test.x, &d.test.y];
            assert!(
                all.iter().all(|v| v.iter().all(|f| f.is_finite())),
                "{kind:?}"
            );
        }
    }
}

#[test]
fn binary_sets_have_balanced_labels_in_both_splits() {
    for kind in BINARY {
        for (n, test) in [(10, 0.2), (11, 0.2), (400, 0.2), (57, 0.5)] {
            let d = make(&config(kind, n, 0.3, test, 11));
            assert_eq!(d.task, Task::Binary, "{kind:?}");
            for s in [&d.train, &d.test] {
                assert!(s.y.iter().all(|&y| y == 0.0 || y == 1.0), "{kind:?}");
            }
            let (train, test) = (class_counts(&d.train, 2), class_counts(&d.test, 2));
            assert!(train.iter().chain(&test).all(|&c| c > 0), "{kind:?} n={n}");
            // Class 1 has n / 2 samples, class 0 the rest; the test set is stratified.
            assert_eq!(train[1] + test[1], n / 2, "{kind:?} n={n}");
            assert!(test[0].abs_diff(test[1]) <= 1, "{kind:?} n={n}: {test:?}");
        }
    }
}

#[test]
fn both_classes_in_both_splits_for_any_test_fraction() {
    for kind in [DatasetKind::Xor, DatasetKind::Moons] {
        for n in 10..40 {
            for step in 1..20 {
                let d = make(&config(kind, n, 0.1, step as f32 / 20.0, n as u64));
                for s in [&d.train, &d.test] {
                    let counts = class_counts(s, 2);
                    if s.len() >= 2 {
                        assert!(counts.iter().all(|&c| c > 0), "{kind:?} n={n} {step}");
                    }
                }
            }
        }
    }
}

#[test]
fn noise_free_geometry() {
    let get = |kind| points(&make(&config(kind, 600, 0.0, 0.2, 13)));
    let radius = |x: f32, y: f32| (x * x + y * y).sqrt();
    for (label, x, y) in get(DatasetKind::Circle) {
        let r = radius(x, y);
        let ok = if label == 1.0 {
            r <= 0.5
        } else {
            (0.7..=1.0).contains(&r)
        };
        assert!(ok, "circle {label} at radius {r}");
    }
    for (label, x, y) in get(DatasetKind::Xor) {
        assert_eq!(label == 1.0, x * y > 0.0, "xor {label} at ({x}, {y})");
        assert!(x.abs() >= 0.1 && y.abs() >= 0.1 && x.abs() <= 1.0 && y.abs() <= 1.0);
    }
    for class in [0.0, 1.0] {
        let pts: Vec<_> = get(DatasetKind::Gauss)
            .into_iter()
            .filter(|p| p.0 == class)
            .collect();
        let mean = pts.iter().map(|p| p.1 + p.2).sum::<f32>() / (2.0 * pts.len() as f32);
        let centre = if class == 1.0 { 0.5 } else { -0.5 };
        assert!((mean - centre).abs() < 0.05, "gauss {class} mean {mean}");
    }
    let spiral = get(DatasetKind::Spiral);
    assert!(spiral.iter().all(|&(_, x, y)| radius(x, y) <= 1.0));
    // Arm 1 is arm 0 turned by pi: a point of arm 0 at radius t has angle 3 pi t.
    for &(label, x, y) in &spiral {
        let t = radius(x, y);
        let arm0 = (
            (3.0 * std::f32::consts::PI * t).cos() * t,
            (3.0 * std::f32::consts::PI * t).sin() * t,
        );
        let sign = if label == 1.0 { -1.0 } else { 1.0 };
        assert!(
            (x - sign * arm0.0).abs() < 1e-4 && (y - sign * arm0.1).abs() < 1e-4,
            "spiral {label}"
        );
    }
    for (label, x, y) in get(DatasetKind::Moons) {
        assert!(
            x.abs() <= 1.0 + 1e-6 && y.abs() <= 0.5 + 1e-6,
            "moons ({x}, {y})"
        );
        // Undo the scaling: class 0 lies on the unit circle, class 1 on the one centred (1, 0.5).
        let (u, v) = (x * 1.5 + 0.5, y * 1.5 + 0.25);
        let r = if label == 1.0 {
            radius(u - 1.0, v - 0.5)
        } else {
            radius(u, v)
        };
        assert!((r - 1.0).abs() < 1e-4, "moons {label} at ({x}, {y})");
    }
}

#[test]
fn noise_moves_points() {
    for kind in SYNTHETIC {
        let clean = make(&config(kind, 200, 0.0, 0.2, 17));
        let noisy = make(&config(kind, 200, 0.3, 0.2, 17));
        assert_ne!(bits(&clean), bits(&noisy), "{kind:?}");
    }
}

/// The noise is Gaussian with standard deviation `noise`, added to each coordinate (to
/// the target for sine): the same seed with and without noise gives the same samples,
/// and their differences have a sample standard deviation of `noise`.
#[test]
fn noise_has_the_configured_standard_deviation() {
    let sigma = 0.3_f64;
    for kind in SYNTHETIC {
        let clean = make(&config(kind, 2000, 0.0, 0.2, 23));
        let noisy = make(&config(kind, 2000, sigma as f32, 0.2, 23));
        let mut diffs = Vec::new();
        for (c, n) in [(&clean.train, &noisy.train), (&clean.test, &noisy.test)] {
            assert_eq!(c.y.len(), n.y.len(), "{kind:?}");
            let (values_c, values_n) = if kind == DatasetKind::Sine {
                // The input is noise-free; the target carries the noise.
                assert_eq!(c.x, n.x);
                (&c.y, &n.y)
            } else {
                assert_eq!(c.y, n.y, "{kind:?}: labels do not depend on noise");
                (&c.x, &n.x)
            };
            diffs.extend(values_c.iter().zip(values_n).map(|(a, b)| f64::from(b - a)));
        }
        let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
        let sd =
            (diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / diffs.len() as f64).sqrt();
        assert!(mean.abs() < 0.05, "{kind:?}: noise mean {mean}");
        assert!(
            (sd / sigma - 1.0).abs() < 0.08,
            "{kind:?}: noise standard deviation {sd}, expected {sigma}"
        );
    }
}

#[test]
fn sine_is_a_regression_of_sin_pi_x() {
    let d = make(&config(DatasetKind::Sine, 300, 0.0, 0.2, 19));
    assert_eq!((d.task, d.inputs, d.outputs()), (Task::Regression, 1, 1));
    for s in [&d.train, &d.test] {
        for (&x, &y) in s.x.iter().zip(&s.y) {
            assert!((-1.0..1.0).contains(&x), "x = {x}");
            assert!(
                (y - (std::f32::consts::PI * x).sin()).abs() < 1e-5,
                "sin({x}) = {y}"
            );
        }
    }
    let noisy = make(&config(DatasetKind::Sine, 300, 0.5, 0.2, 19));
    let targets = noisy.train.y.iter().chain(&noisy.test.y);
    assert!(targets.clone().all(|y| y.is_finite()));
    assert!(
        targets.clone().any(|y| y.abs() > 1.0),
        "noise 0.5 should push some targets past 1"
    );
}

#[test]
fn split_row_and_outputs() {
    let s = Split {
        x: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        y: vec![0.0, 1.0, 0.0],
    };
    assert_eq!((s.len(), s.is_empty()), (3, false));
    assert_eq!(s.row(1, 2), &[3.0, 4.0]);
    assert_eq!(s.row(2, 2), &[5.0, 6.0]);
    assert!(s.row(3, 2).is_empty() && s.row(usize::MAX, 2).is_empty());
    let empty = Split {
        x: vec![],
        y: vec![],
    };
    assert!(empty.is_empty());
    let d = Dataset {
        inputs: 2,
        task: Task::Multiclass { classes: 7 },
        train: s.clone(),
        test: s,
    };
    assert_eq!(d.outputs(), 7);
}

#[test]
fn embedded_digits_file() {
    let raw: Vec<(u8, [u8; 64])> = digits_raw().collect();
    assert_eq!(raw.len(), DIGITS_LEN);
    // The first and last rows of scikit-learn's digits.csv.gz.
    assert_eq!(raw[0].0, 0);
    assert_eq!(raw[0].1[..8], [0, 0, 5, 13, 9, 1, 0, 0]);
    assert_eq!(raw[0].1[56..], [0, 0, 6, 13, 10, 0, 0, 0]);
    assert_eq!(raw[DIGITS_LEN - 1].0, 8);
    assert_eq!(raw[DIGITS_LEN - 1].1[..8], [0, 0, 10, 14, 8, 1, 0, 0]);
    assert!(raw
        .iter()
        .all(|(label, px)| *label <= 9 && px.iter().all(|&p| p <= 16)));
    let mut counts = [0usize; 10];
    raw.iter()
        .for_each(|(label, _)| counts[*label as usize] += 1);
    assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    let sum: u64 = raw
        .iter()
        .flat_map(|(_, px)| px.iter().map(|&p| u64::from(p)))
        .sum();
    assert_eq!(sum, 561_718);
}

#[test]
fn digits_dataset() {
    let c = config(DatasetKind::Digits, 400, 0.3, 0.2, 23);
    let d = make(&c);
    assert_eq!(
        (d.inputs, d.task, d.outputs()),
        (DIGITS_PIXELS, Task::Multiclass { classes: 10 }, 10)
    );
    assert_eq!(d.train.len() + d.test.len(), DIGITS_LEN);
    assert_eq!(d.test.len(), expected_test(DIGITS_LEN, 0.2));
    for s in [&d.train, &d.test] {
        assert_eq!(s.x.len(), s.len() * 64);
        assert!(s.x.iter().all(|&p| (0.0..=1.0).contains(&p)));
        assert!(s
            .y
            .iter()
            .all(|&y| y.fract() == 0.0 && (0.0..10.0).contains(&y)));
        assert!(class_counts(s, 10).iter().all(|&c| c > 0));
    }
    assert!(d.train.x.contains(&1.0), "pixel 16 must map to 1.0");
    // n and noise are ignored.
    let other = make(&Config {
        n: 10,
        noise: 0.0,
        ..c
    });
    assert_eq!(bits(&d), bits(&other));
    // Every class in both splits even for extreme test fractions.
    for test in [0.006, 0.01, 0.5, 0.99, 0.994] {
        let d = make(&config(DatasetKind::Digits, 0, 0.0, test, 29));
        for s in [&d.train, &d.test] {
            assert!(class_counts(s, 10).iter().all(|&c| c > 0), "test={test}");
        }
    }
}

/// The packer of crate/core/data/digits.bin (see DIGITS-NOTICE.md). With
/// `VGP_DIGITS_CSV` naming an uncompressed copy of scikit-learn's
/// `digits.csv.gz`, it writes the packed file to `VGP_DIGITS_OUT` if that is
/// set, and otherwise checks that the embedded file decodes to the CSV.
#[cfg(not(target_arch = "wasm32"))]
#[test]
#[ignore = "needs VGP_DIGITS_CSV"]
fn pack_digits_from_csv() {
    let path = std::env::var("VGP_DIGITS_CSV").expect("set VGP_DIGITS_CSV");
    let text = std::fs::read_to_string(path).expect("read the CSV");
    let rows: Vec<Vec<u8>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|v| v.trim().parse::<f64>().expect("number") as u8)
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), DIGITS_LEN);
    if let Ok(out) = std::env::var("VGP_DIGITS_OUT") {
        let samples: Vec<(u8, [u8; 64])> = rows
            .iter()
            .map(|row| {
                assert_eq!(row.len(), 65);
                assert!(row[..64].iter().all(|&p| p <= 16) && row[64] <= 9);
                let pixels: [u8; 64] = row[..64].try_into().expect("64 pixels");
                (row[64], pixels)
            })
            .collect();
        let packed = vgp::data::pack_digits(&samples);
        std::fs::write(out, packed).expect("write the packed file");
    } else {
        for (row, (label, pixels)) in rows.iter().zip(digits_raw()) {
            assert_eq!((row[64], &row[..64]), (label, &pixels[..]));
        }
        assert_eq!(digits_raw().count(), rows.len());
    }
}
