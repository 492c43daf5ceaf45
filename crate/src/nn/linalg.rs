//! The matrix products of a dense layer, on flat row-major f32 buffers.
//!
//! Three products cover a fully connected layer with `rows` samples:
//! forward `z = x W^T + b`, and backward `dW = dz^T x`, `dx = dz W`.
//! Every product is a sum of scaled rows, `y += a0 x0 + a1 x1 + a2 x2 + a3 x3`, along
//! contiguous memory, which the compiler vectorizes (wasm simd128, SSE natively) and
//! which reads and writes `y` once per four terms. The order of every floating point
//! operation is fixed by this code, so results are the same on every target.

/// How many terms one pass over an output row adds at once (see `axpy4`).
const GROUP: usize = 4;

/// y += alpha * x.
#[inline]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (yi, &xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// y += a0 x0 + a1 x1 + a2 x2 + a3 x3, the four products summed left to right before
/// they are added to y: one read and write of y for four terms.
#[inline]
fn axpy4(a: [f32; GROUP], x: [&[f32]; GROUP], y: &mut [f32]) {
    let n = y.len();
    let (x0, x1, x2, x3) = (&x[0][..n], &x[1][..n], &x[2][..n], &x[3][..n]);
    for i in 0..n {
        y[i] += a[0] * x0[i] + a[1] * x1[i] + a[2] * x2[i] + a[3] * x3[i];
    }
}

/// The `GROUP` consecutive rows of width `width` that start `block`.
#[inline]
fn rows4(block: &[f32], width: usize) -> [&[f32]; GROUP] {
    [
        &block[..width],
        &block[width..2 * width],
        &block[2 * width..3 * width],
        &block[3 * width..4 * width],
    ]
}

/// y += sum_j a[j] * (row j of `m`, rows of width y.len()), four terms at a time in
/// order j = 0, 1, ...; groups whose coefficients are all 0 (ReLUs that are off, fully
/// vanished gradients) are skipped.
#[inline]
fn accumulate_rows(a: &[f32], m: &[f32], y: &mut [f32]) {
    let width = y.len();
    if width == 0 {
        return;
    }
    let groups = a.chunks_exact(GROUP);
    let tail = groups.remainder();
    let row_groups = m.chunks_exact(GROUP * width);
    let tail_rows = row_groups.remainder();
    for (coefficients, block) in groups.zip(row_groups) {
        if coefficients.iter().any(|&c| c != 0.0) {
            let c = [
                coefficients[0],
                coefficients[1],
                coefficients[2],
                coefficients[3],
            ];
            axpy4(c, rows4(block, width), y);
        }
    }
    for (&c, row) in tail.iter().zip(tail_rows.chunks_exact(width)) {
        if c != 0.0 {
            axpy(c, row, y);
        }
    }
}

/// Forward affine map: `z[r, o] = b[o] + sum_k x[r, k] * w[o, k]`, computed from the
/// transposed weights `w_t` [inputs, outputs] as `z[r, :] = b + sum_k x[r, k] * w_t[k, :]`,
/// so the inner loop runs along contiguous outputs (no horizontal sums).
///
/// Shapes: x [rows, inputs], w_t [inputs, outputs], b [outputs], z [rows, outputs].
pub fn affine_forward(x: &[f32], w_t: &[f32], b: &[f32], inputs: usize, z: &mut [f32]) {
    let outputs = b.len();
    for (x_row, z_row) in x.chunks_exact(inputs).zip(z.chunks_exact_mut(outputs)) {
        z_row.copy_from_slice(b);
        accumulate_rows(x_row, w_t, z_row);
    }
}

/// Transpose `w` [rows, cols] into `w_t` [cols, rows].
pub fn transpose(w: &[f32], rows: usize, cols: usize, w_t: &mut [f32]) {
    for (r, w_row) in w.chunks_exact(cols).take(rows).enumerate() {
        for (c, &v) in w_row.iter().enumerate() {
            w_t[c * rows + r] = v;
        }
    }
}

/// Weight and bias gradients: `dw[o, k] = sum_r dz[r, o] * x[r, k]`, `db[o] = sum_r dz[r, o]`,
/// four samples at a time in order r = 0, 1, ...
///
/// Shapes: dz [rows, outputs], x [rows, inputs], dw [outputs, inputs], db [outputs].
/// Overwrites dw and db.
pub fn weight_gradients(dz: &[f32], x: &[f32], inputs: usize, dw: &mut [f32], db: &mut [f32]) {
    let outputs = db.len();
    dw.fill(0.0);
    db.fill(0.0);
    if outputs == 0 || inputs == 0 {
        return;
    }
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

/// Input gradient: `dx[r, k] = sum_o dz[r, o] * w[o, k]`, four outputs at a time.
///
/// Shapes: dz [rows, outputs], w [outputs, inputs], dx [rows, inputs]. Overwrites dx.
pub fn input_gradients(dz: &[f32], w: &[f32], inputs: usize, dx: &mut [f32]) {
    let outputs = w.len().checked_div(inputs).unwrap_or(0);
    dx.fill(0.0);
    if outputs == 0 {
        return;
    }
    for (dz_row, dx_row) in dz.chunks_exact(outputs).zip(dx.chunks_exact_mut(inputs)) {
        accumulate_rows(dz_row, w, dx_row);
    }
}

/// Euclidean (Frobenius) norm, accumulated in f64 so long sums stay exact enough.
pub fn norm(v: &[f32]) -> f32 {
    v.iter()
        .map(|&x| (x as f64) * (x as f64))
        .sum::<f64>()
        .sqrt() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
