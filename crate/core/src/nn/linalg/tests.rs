//! The blocked matrix products against their plain one-row forms, bit for bit (odd
//! shapes, tails, groups of zeros skipped for some rows and not others), and the norms.

use super::*;

/// The products one row at a time (the plain form of the blocked kernels above):
/// the blocked versions must give exactly these bits.
fn plain_forward(x: &[f32], w_t: &[f32], b: &[f32], inputs: usize, z: &mut [f32]) {
    for (x_row, z_row) in x.chunks_exact(inputs).zip(z.chunks_exact_mut(b.len())) {
        z_row.copy_from_slice(b);
        accumulate_rows(x_row, w_t, z_row);
    }
}

fn plain_weight_gradients(dz: &[f32], x: &[f32], inputs: usize, dw: &mut [f32], db: &mut [f32]) {
    let outputs = db.len();
    dw.fill(0.0);
    db.fill(0.0);
    let dz_groups = dz.chunks_exact(GROUP * outputs);
    let dz_tail = dz_groups.remainder();
    let x_groups = x.chunks_exact(GROUP * inputs);
    let x_tail = x_groups.remainder();
    for (dz4, x4) in dz_groups.zip(x_groups) {
        let xs = rows4(x4, inputs);
        for (o, (dw_row, dbo)) in dw.chunks_exact_mut(inputs).zip(db.iter_mut()).enumerate() {
            let g = [
                dz4[o],
                dz4[outputs + o],
                dz4[2 * outputs + o],
                dz4[3 * outputs + o],
            ];
            if g.iter().any(|&v| v != 0.0) {
                axpy4(g, xs, dw_row);
                *dbo += g[0] + g[1] + g[2] + g[3];
            }
        }
    }
    for (dz_row, x_row) in dz_tail
        .chunks_exact(outputs)
        .zip(x_tail.chunks_exact(inputs))
    {
        for ((dw_row, dbo), &g) in dw.chunks_exact_mut(inputs).zip(db.iter_mut()).zip(dz_row) {
            if g != 0.0 {
                axpy(g, x_row, dw_row);
                *dbo += g;
            }
        }
    }
}

fn plain_input_gradients(dz: &[f32], w: &[f32], inputs: usize, dx: &mut [f32]) {
    let outputs = w.len() / inputs;
    dx.fill(0.0);
    for (dz_row, dx_row) in dz.chunks_exact(outputs).zip(dx.chunks_exact_mut(inputs)) {
        accumulate_rows(dz_row, w, dx_row);
    }
}

/// Values with exact zeros in patterns that make some rows skip a group of four
/// and others not, whole zero rows, and signs of both kinds.
fn values(len: usize, seed: u32) -> Vec<f32> {
    (0..len)
        .map(|i| {
            let h = (i as u32)
                .wrapping_mul(2_654_435_761)
                .wrapping_add(seed.wrapping_mul(40_503));
            if h % 5 < 2 || (i / 7) % 4 == seed as usize % 4 {
                0.0
            } else {
                ((h >> 8) % 2001) as f32 / 1000.0 - 1.0
            }
        })
        .collect()
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn blocked_products_give_the_plain_bits() {
    for rows in [0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13] {
        for inputs in [1, 2, 3, 4, 5, 8, 9, 16, 17, 32, 35] {
            for outputs in [1, 3, 4, 5, 6, 8, 11, 16, 32, 37] {
                let seed = (rows * 131 + inputs * 17 + outputs) as u32;
                let x = values(rows * inputs, seed);
                let w = values(outputs * inputs, seed + 1);
                let b = values(outputs, seed + 2);
                let dz = values(rows * outputs, seed + 3);
                let mut w_t = vec![0.0; outputs * inputs];
                transpose(&w, outputs, inputs, &mut w_t);
                let (mut z, mut z_plain) = (vec![7.0; rows * outputs], vec![7.0; rows * outputs]);
                affine_forward(&x, &w_t, &b, inputs, &mut z);
                plain_forward(&x, &w_t, &b, inputs, &mut z_plain);
                assert_eq!(
                    bits(&z),
                    bits(&z_plain),
                    "forward {rows}x{inputs}x{outputs}"
                );
                let (mut dw, mut db) = (vec![9.0; outputs * inputs], vec![9.0; outputs]);
                let (mut dw_plain, mut db_plain) = (dw.clone(), db.clone());
                weight_gradients(&dz, &x, inputs, &mut dw, &mut db);
                plain_weight_gradients(&dz, &x, inputs, &mut dw_plain, &mut db_plain);
                assert_eq!(bits(&dw), bits(&dw_plain), "dw {rows}x{inputs}x{outputs}");
                assert_eq!(bits(&db), bits(&db_plain), "db {rows}x{inputs}x{outputs}");
                let (mut dx, mut dx_plain) = (vec![9.0; rows * inputs], vec![9.0; rows * inputs]);
                input_gradients(&dz, &w, inputs, &mut dx);
                plain_input_gradients(&dz, &w, inputs, &mut dx_plain);
                assert_eq!(bits(&dx), bits(&dx_plain), "dx {rows}x{inputs}x{outputs}");
            }
        }
    }
}

/// The norm adds the squares in the documented order (four partial sums, value i to
/// sum i mod 4, then (s0 + s1) + (s2 + s3)), and stays within an f32 rounding of the
/// squares added one after another.
#[test]
fn norms_add_in_the_documented_order() {
    let with_specials = |len: usize, seed: u32| {
        let mut v = values(len, seed);
        if len > 3 {
            v[1] = -0.0;
            v[2] = 1e-40;
            v[3] = 3.0e38;
        }
        v
    };
    for len in [0, 1, 3, 4, 5, 7, 9, 64, 99, 100, 2048] {
        for (seed, specials) in [(1, false), (2, true)] {
            let v = if specials {
                with_specials(len, seed)
            } else {
                values(len, seed)
            };
            let mut sums = [-0.0_f64; 4];
            for (i, &x) in v.iter().enumerate() {
                sums[i % 4] += (x as f64) * (x as f64);
            }
            let documented = ((sums[0] + sums[1]) + (sums[2] + sums[3])).sqrt() as f32;
            assert_eq!(norm(&v).to_bits(), documented.to_bits(), "{len}");
            let one_by_one = v
                .iter()
                .fold(-0.0_f64, |sum, &x| sum + (x as f64) * (x as f64))
                .sqrt() as f32;
            let ulps = (norm(&v).to_bits() as i64 - one_by_one.to_bits() as i64).abs();
            assert!(ulps <= 1, "{len}: {} vs {one_by_one}", norm(&v));
        }
    }
    assert_eq!(norm(&[]).to_bits(), (-0.0_f32).to_bits());
}

#[test]
fn products_match_naive_loops() {
    // Sizes that leave remainders after groups of four, and some exact zeros
    // (skipped groups) in the inputs.
    let (rows, inputs, outputs) = (9, 11, 6);
    let x: Vec<f32> = (0..rows * inputs)
        .map(|i| {
            if i % 7 < 4 && i < 40 {
                0.0
            } else {
                (i as f32 * 0.37).sin()
            }
        })
        .collect();
    let w: Vec<f32> = (0..outputs * inputs)
        .map(|i| (i as f32 * 0.11).cos())
        .collect();
    let b: Vec<f32> = (0..outputs).map(|i| i as f32 * 0.1).collect();
    let mut z = vec![0.0; rows * outputs];
    let mut w_t = vec![0.0; outputs * inputs];
    transpose(&w, outputs, inputs, &mut w_t);
    affine_forward(&x, &w_t, &b, inputs, &mut z);
    for r in 0..rows {
        for o in 0..outputs {
            let naive: f32 = b[o]
                + (0..inputs)
                    .map(|k| x[r * inputs + k] * w[o * inputs + k])
                    .sum::<f32>();
            assert!((z[r * outputs + o] - naive).abs() < 1e-5);
        }
    }
    let dz: Vec<f32> = (0..rows * outputs)
        .map(|i| (i as f32 * 0.7).sin())
        .collect();
    let (mut dw, mut db) = (vec![9.0; outputs * inputs], vec![9.0; outputs]);
    weight_gradients(&dz, &x, inputs, &mut dw, &mut db);
    let mut dx = vec![9.0; rows * inputs];
    input_gradients(&dz, &w, inputs, &mut dx);
    for o in 0..outputs {
        let naive_db: f32 = (0..rows).map(|r| dz[r * outputs + o]).sum();
        assert!((db[o] - naive_db).abs() < 1e-5);
        for k in 0..inputs {
            let naive: f32 = (0..rows)
                .map(|r| dz[r * outputs + o] * x[r * inputs + k])
                .sum();
            assert!((dw[o * inputs + k] - naive).abs() < 1e-5);
        }
    }
    for r in 0..rows {
        for k in 0..inputs {
            let naive: f32 = (0..outputs)
                .map(|o| dz[r * outputs + o] * w[o * inputs + k])
                .sum();
            assert!((dx[r * inputs + k] - naive).abs() < 1e-5);
        }
    }
}
