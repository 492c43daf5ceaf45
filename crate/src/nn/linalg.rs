//! The matrix products of a dense layer, on flat row-major f32 buffers.
//!
//! Three products cover a fully connected layer with `rows` samples:
//! forward `z = x W^T + b`, and backward `dW = dz^T x`, `dx = dz W`.
//! The inner loops are written so the compiler vectorizes them (wasm simd128,
//! SSE/AVX natively): fixed-width lane accumulators for dot products and
//! plain `y += a * x` loops over contiguous rows. The order of every floating
//! point operation is fixed by this code, so results are the same on every
//! target.

/// Number of independent partial sums in a dot product (two 128-bit vectors).
const LANES: usize = 8;

/// Dot product with `LANES` partial sums, added in a fixed order at the end.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0_f32; LANES];
    let chunks_a = a.chunks_exact(LANES);
    let chunks_b = b.chunks_exact(LANES);
    let tail: f32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (ca, cb) in chunks_a.zip(chunks_b) {
        for j in 0..LANES {
            acc[j] += ca[j] * cb[j];
        }
    }
    let pairs = [
        acc[0] + acc[4],
        acc[1] + acc[5],
        acc[2] + acc[6],
        acc[3] + acc[7],
    ];
    (pairs[0] + pairs[2]) + (pairs[1] + pairs[3]) + tail
}

/// y += alpha * x.
#[inline]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (yi, &xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// Forward affine map: `z[r, o] = b[o] + sum_k x[r, k] * w[o, k]`, computed from the
/// transposed weights `w_t` [inputs, outputs] as `z[r, :] = b + sum_k x[r, k] * w_t[k, :]`,
/// so the inner loop runs along contiguous outputs (no horizontal sums). The sum over k
/// runs in order k = 0, 1, ...; a zero input (a ReLU that is off) is skipped.
///
/// Shapes: x [rows, inputs], w_t [inputs, outputs], b [outputs], z [rows, outputs].
pub fn affine_forward(x: &[f32], w_t: &[f32], b: &[f32], inputs: usize, z: &mut [f32]) {
    let outputs = b.len();
    for (x_row, z_row) in x.chunks_exact(inputs).zip(z.chunks_exact_mut(outputs)) {
        z_row.copy_from_slice(b);
        for (&x_k, w_row) in x_row.iter().zip(w_t.chunks_exact(outputs)) {
            if x_k != 0.0 {
                axpy(x_k, w_row, z_row);
            }
        }
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

/// Weight and bias gradients: `dw[o, k] = sum_r dz[r, o] * x[r, k]`, `db[o] = sum_r dz[r, o]`.
///
/// Shapes: dz [rows, outputs], x [rows, inputs], dw [outputs, inputs], db [outputs].
/// Overwrites dw and db.
pub fn weight_gradients(dz: &[f32], x: &[f32], inputs: usize, dw: &mut [f32], db: &mut [f32]) {
    let outputs = db.len();
    dw.fill(0.0);
    db.fill(0.0);
    for (dz_row, x_row) in dz.chunks_exact(outputs).zip(x.chunks_exact(inputs)) {
        for ((dw_row, dbo), &g) in dw.chunks_exact_mut(inputs).zip(db.iter_mut()).zip(dz_row) {
            if g != 0.0 {
                axpy(g, x_row, dw_row);
                *dbo += g;
            }
        }
    }
}

/// Input gradient: `dx[r, k] = sum_o dz[r, o] * w[o, k]`.
///
/// Shapes: dz [rows, outputs], w [outputs, inputs], dx [rows, inputs]. Overwrites dx.
pub fn input_gradients(dz: &[f32], w: &[f32], inputs: usize, dx: &mut [f32]) {
    let outputs = w.len().checked_div(inputs).unwrap_or(0);
    dx.fill(0.0);
    for (dz_row, dx_row) in dz.chunks_exact(outputs).zip(dx.chunks_exact_mut(inputs)) {
        for (&g, w_row) in dz_row.iter().zip(w.chunks_exact(inputs)) {
            if g != 0.0 {
                axpy(g, w_row, dx_row);
            }
        }
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
        let (rows, inputs, outputs) = (3, 11, 5);
        let x: Vec<f32> = (0..rows * inputs)
            .map(|i| (i as f32 * 0.37).sin())
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
