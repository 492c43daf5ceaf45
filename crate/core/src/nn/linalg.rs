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

/// Four output rows at once: `y[r] += a[r][0] x0 + a[r][1] x1 + a[r][2] x2 + a[r][3] x3`
/// for r = 0..4, each sum formed exactly as in `axpy4` (so every element gets the same
/// bits as four separate `axpy4` calls), but each element of the shared rows `x` is
/// loaded once for four output rows instead of four times.
#[inline]
fn axpy4_rows4(a: [[f32; GROUP]; GROUP], x: [&[f32]; GROUP], y: [&mut [f32]; GROUP]) {
    let [y0, y1, y2, y3] = y;
    let n = y0.len();
    let (y1, y2, y3) = (&mut y1[..n], &mut y2[..n], &mut y3[..n]);
    let (x0, x1, x2, x3) = (&x[0][..n], &x[1][..n], &x[2][..n], &x[3][..n]);
    // Four lanes at a time as arrays, which the compiler turns into vector operations
    // (the output rows are distinct slices, but once inlined it cannot know that),
    // then the remaining elements one by one: the same expression either way.
    #[inline(always)]
    fn lane(a: [f32; GROUP], v: [f32; GROUP]) -> f32 {
        a[0] * v[0] + a[1] * v[1] + a[2] * v[2] + a[3] * v[3]
    }
    let lanes = n / LANES * LANES;
    let mut i = 0;
    while i < lanes {
        let load = |s: &[f32]| -> [f32; LANES] {
            let c = &s[i..i + LANES];
            [c[0], c[1], c[2], c[3]]
        };
        let (v0, v1, v2, v3) = (load(x0), load(x1), load(x2), load(x3));
        for (r, yr) in [&mut *y0, &mut *y1, &mut *y2, &mut *y3]
            .into_iter()
            .enumerate()
        {
            let ar = a[r];
            let mut out = load(yr);
            for l in 0..LANES {
                out[l] += lane(ar, [v0[l], v1[l], v2[l], v3[l]]);
            }
            yr[i..i + LANES].copy_from_slice(&out);
        }
        i += LANES;
    }
    for i in lanes..n {
        let v = [x0[i], x1[i], x2[i], x3[i]];
        y0[i] += lane(a[0], v);
        y1[i] += lane(a[1], v);
        y2[i] += lane(a[2], v);
        y3[i] += lane(a[3], v);
    }
}

/// Rows narrower than this go through the one-row kernels: measured natively, the
/// four-row kernels pay off on wide rows (128) and cost time on narrow ones (8, 16).
/// Both give the same bits, so this is a choice of speed only.
const BLOCK_MIN_WIDTH: usize = 32;

/// Lanes of one 128-bit vector of f32.
const LANES: usize = 4;

/// `y[r] += sum_j a[r][j] * (row j of m)` for four output rows r at once: the same
/// operations, in the same order, as `accumulate_rows` on each row (a row's group of
/// four coefficients that are all 0 is skipped for that row), with the rows of `m`
/// shared by the four outputs whenever all four use the group.
#[inline]
fn accumulate_rows4(a: [&[f32]; GROUP], m: &[f32], y: [&mut [f32]; GROUP]) {
    let width = y[0].len();
    if width == 0 {
        return;
    }
    let k = a[0].len();
    let groups = k / GROUP;
    let [y0, y1, y2, y3] = y;
    let (y1, y2, y3) = (&mut y1[..width], &mut y2[..width], &mut y3[..width]);
    for (g, block) in m.chunks_exact(GROUP * width).take(groups).enumerate() {
        let at = g * GROUP;
        let c = |r: usize| -> [f32; GROUP] {
            let s = &a[r][at..at + GROUP];
            [s[0], s[1], s[2], s[3]]
        };
        let c = [c(0), c(1), c(2), c(3)];
        let used = c.map(|row| row.iter().any(|&v| v != 0.0));
        let rows = rows4(block, width);
        if used == [true; GROUP] {
            axpy4_rows4(c, rows, [&mut *y0, &mut *y1, &mut *y2, &mut *y3]);
        } else {
            for (r, yr) in [&mut *y0, &mut *y1, &mut *y2, &mut *y3]
                .into_iter()
                .enumerate()
            {
                if used[r] {
                    axpy4(c[r], rows, yr);
                }
            }
        }
    }
    let tail_rows = m[groups * GROUP * width..].chunks_exact(width);
    for (j, row) in (groups * GROUP..k).zip(tail_rows) {
        for (r, yr) in [&mut *y0, &mut *y1, &mut *y2, &mut *y3]
            .into_iter()
            .enumerate()
        {
            let c = a[r][j];
            if c != 0.0 {
                axpy(c, row, yr);
            }
        }
    }
}

/// `y[r, :] (+)= sum_j a[r, j] * m[j, :]` for every row r of `a` [rows, k] and `y`
/// [rows, width]: four rows at a time through `accumulate_rows4`, the rest one by one.
fn accumulate_matrix(a: &[f32], k: usize, m: &[f32], y: &mut [f32], width: usize) {
    if width == 0 || k == 0 {
        return;
    }
    // Narrow rows: the same bits from registers-only f32x4 code (narrow.rs).
    #[cfg(any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    ))]
    if super::narrow::accumulate_matrix(a, k, m, y, width) {
        return;
    }
    if width == 1 {
        // One column (a network's single logit): each y[r] is a dot product, with the
        // operations of `accumulate_rows` on a row of one value, without its loops.
        for (a_row, y) in a.chunks_exact(k).zip(y.iter_mut()) {
            *y = dot_column(a_row, m, *y);
        }
        return;
    }
    if width < BLOCK_MIN_WIDTH {
        for (a_row, y_row) in a.chunks_exact(k).zip(y.chunks_exact_mut(width)) {
            accumulate_rows(a_row, m, y_row);
        }
        return;
    }
    let a_blocks = a.chunks_exact(GROUP * k);
    let a_tail = a_blocks.remainder();
    let mut y_blocks = y.chunks_exact_mut(GROUP * width);
    for (a4, y4) in a_blocks.zip(&mut y_blocks) {
        let (y0, rest) = y4.split_at_mut(width);
        let (y1, rest) = rest.split_at_mut(width);
        let (y2, y3) = rest.split_at_mut(width);
        accumulate_rows4(rows4(a4, k), m, [y0, y1, y2, y3]);
    }
    let y_tail = y_blocks.into_remainder();
    for (a_row, y_row) in a_tail.chunks_exact(k).zip(y_tail.chunks_exact_mut(width)) {
        accumulate_rows(a_row, m, y_row);
    }
}

/// `y + sum_j a[j] m[j]` as `accumulate_rows` forms it for rows of one value: groups
/// of four terms summed left to right, then added (groups of four zeros skipped), then
/// the remaining terms one by one (zeros skipped).
#[inline]
fn dot_column(a: &[f32], m: &[f32], mut y: f32) -> f32 {
    let groups = a.chunks_exact(GROUP);
    let tail = groups.remainder();
    let m_groups = m.chunks_exact(GROUP);
    let m_tail = m_groups.remainder();
    for (c, v) in groups.zip(m_groups) {
        if c.iter().any(|&c| c != 0.0) {
            y += c[0] * v[0] + c[1] * v[1] + c[2] * v[2] + c[3] * v[3];
        }
    }
    for (&c, &v) in tail.iter().zip(m_tail) {
        if c != 0.0 {
            y += c * v;
        }
    }
    y
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
    if outputs == 0 {
        return;
    }
    let rows = (x.len() / inputs.max(1)).min(z.len() / outputs);
    let z = &mut z[..rows * outputs];
    #[cfg(any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    ))]
    if super::narrow::affine(&x[..rows * inputs], inputs, w_t, b, z) {
        return;
    }
    for z_row in z.chunks_exact_mut(outputs) {
        z_row.copy_from_slice(b);
    }
    accumulate_matrix(&x[..rows * inputs], inputs, w_t, z, outputs);
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
    // Narrow rows: the same bits from registers-only f32x4 code (narrow.rs).
    #[cfg(any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    ))]
    if super::narrow::weight_gradients(dz, x, inputs, dw, db) {
        return;
    }
    let dz_groups = dz.chunks_exact(GROUP * outputs);
    let dz_tail = dz_groups.remainder();
    let x_groups = x.chunks_exact(GROUP * inputs);
    let x_tail = x_groups.remainder();
    let column = |dz4: &[f32], o: usize| -> [f32; GROUP] {
        [
            dz4[o],
            dz4[outputs + o],
            dz4[2 * outputs + o],
            dz4[3 * outputs + o],
        ]
    };
    for (dz4, x4) in dz_groups.zip(x_groups) {
        let xs = rows4(x4, inputs);
        // Four weight rows at once where all four use these samples (see
        // `accumulate_rows4`); each row gets exactly the operations of `axpy4`.
        let blocked = if inputs >= BLOCK_MIN_WIDTH {
            outputs / GROUP * GROUP
        } else {
            0
        };
        let mut dw_blocks = dw[..blocked * inputs].chunks_exact_mut(GROUP * inputs);
        let mut o = 0;
        for dw4 in &mut dw_blocks {
            let g = [
                column(dz4, o),
                column(dz4, o + 1),
                column(dz4, o + 2),
                column(dz4, o + 3),
            ];
            let used = g.map(|c| c.iter().any(|&v| v != 0.0));
            let (d0, rest) = dw4.split_at_mut(inputs);
            let (d1, rest) = rest.split_at_mut(inputs);
            let (d2, d3) = rest.split_at_mut(inputs);
            if used == [true; GROUP] {
                axpy4_rows4(g, xs, [d0, d1, d2, d3]);
            } else {
                for (r, dw_row) in [d0, d1, d2, d3].into_iter().enumerate() {
                    if used[r] {
                        axpy4(g[r], xs, dw_row);
                    }
                }
            }
            for r in 0..GROUP {
                if used[r] {
                    db[o + r] += g[r][0] + g[r][1] + g[r][2] + g[r][3];
                }
            }
            o += GROUP;
        }
        for (dw_row, dbo) in dw[o * inputs..].chunks_exact_mut(inputs).zip(&mut db[o..]) {
            let g = column(dz4, o);
            if g.iter().any(|&v| v != 0.0) {
                axpy4(g, xs, dw_row);
                *dbo += g[0] + g[1] + g[2] + g[3];
            }
            o += 1;
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
    if outputs == 0 || inputs == 0 {
        return;
    }
    let rows = (dz.len() / outputs).min(dx.len() / inputs);
    accumulate_matrix(
        &dz[..rows * outputs],
        outputs,
        w,
        &mut dx[..rows * inputs],
        inputs,
    );
}

/// Euclidean (Frobenius) norm, accumulated in f64 so long sums stay exact enough: the
/// squares (exact in f64) go in turn to four partial sums (value i to sum i mod 4),
/// each added one after another from -0, and the four are added as (s0 + s1) + (s2 + s3).
/// Four sums side by side instead of one chain of dependent additions: a long norm
/// costs a quarter of the time, and the order is fixed, so the bits are the same on
/// every target.
pub fn norm(v: &[f32]) -> f32 {
    let mut sums = [-0.0_f64; 4];
    let mut quads = v.chunks_exact(4);
    for quad in &mut quads {
        for (sum, &x) in sums.iter_mut().zip(quad) {
            *sum += (x as f64) * (x as f64);
        }
    }
    for (sum, &x) in sums.iter_mut().zip(quads.remainder()) {
        *sum += (x as f64) * (x as f64);
    }
    ((sums[0] + sums[1]) + (sums[2] + sums[3])).sqrt() as f32
}

#[cfg(test)]
mod tests;
