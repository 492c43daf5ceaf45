//! f32x4 matrix products for narrow rows (4, 8, 12 or 16 values): the forward
//! and input-gradient product `y[r, :] += sum_j a[r, j] m[j, :]` and the weight
//! gradients `dw[o, :] = sum_r dz[r, o] x[r, :]` of `linalg.rs`, with a whole output
//! row held in V = width / 4 vector registers from its first term to its last.
//!
//! The portable kernels read and write the output row once per group of four terms,
//! through a loop whose length is only known at run time; at these widths that loop's
//! set-up costs as much as its arithmetic. Here the width is a constant of the code.
//!
//! Every output element gets exactly the operations of the portable kernels, in the
//! same order: per group of four coefficients `y + (((a0 m0 + a1 m1) + a2 m2) + a3 m3)`
//! (a group whose four coefficients are all 0 is skipped), then the remaining
//! coefficients one at a time, `y + a m` (skipped when a is 0). Only the order in
//! which independent output elements are computed differs, so the bits are the same
//! (tested in `crate/tests/kernels.rs`, natively and in headless Chromium). The
//! vector operations are lanes.rs's: wasm32 simd128 in the page, SSE2 natively.

use super::lanes::{
    add, any_nonzero, broadcast_lanes, from_array, mul, splat, to_array, F4, LANES,
};

/// Terms added per pass, as in `linalg.rs`.
const GROUP: usize = 4;

/// The vectors of `s` (whose length is a multiple of four), in order, into `out`.
#[inline(always)]
fn load_all<const N: usize>(s: &[f32], out: &mut [F4; N]) {
    for (o, c) in out.iter_mut().zip(s.chunks_exact(LANES)) {
        if let Ok(c) = <&[f32; LANES]>::try_from(c) {
            *o = from_array(c);
        }
    }
}

/// Store `v` into the vectors of `s`, in order.
#[inline(always)]
fn store_all<const N: usize>(v: &[F4; N], s: &mut [f32]) {
    for (&v, c) in v.iter().zip(s.chunks_exact_mut(LANES)) {
        if let Ok(c) = <&mut [f32; LANES]>::try_from(c) {
            *c = to_array(v);
        }
    }
}

/// `acc[v] += ((c0 r0[v] + c1 r1[v]) + c2 r2[v]) + c3 r3[v]` for the four rows in `rows`.
#[inline(always)]
fn add_group<const V: usize>(acc: &mut [F4; V], c: [F4; GROUP], rows: &[[F4; V]; GROUP]) {
    for (v, a) in acc.iter_mut().enumerate() {
        let t = add(mul(c[0], rows[0][v]), mul(c[1], rows[1][v]));
        let t = add(t, mul(c[2], rows[2][v]));
        let t = add(t, mul(c[3], rows[3][v]));
        *a = add(*a, t);
    }
}

/// `acc[v] += c row[v]`.
#[inline(always)]
fn add_one<const V: usize>(acc: &mut [F4; V], c: f32, row: &[f32]) {
    let mut r = [splat(0.0); V];
    load_all(row, &mut r);
    let c = splat(c);
    for (a, &r) in acc.iter_mut().zip(&r) {
        *a = add(*a, mul(c, r));
    }
}

/// The four rows of `block` ([4, 4V]) as vectors.
#[inline(always)]
fn rows4<const V: usize>(block: &[f32]) -> [[F4; V]; GROUP] {
    let mut rows = [[splat(0.0); V]; GROUP];
    for (r, s) in rows.iter_mut().zip(block.chunks_exact(LANES * V)) {
        load_all(s, r);
    }
    rows
}

/// `y[r, :] = start + sum_j a[r, j] m[j, :]`, a [rows, k], m [k, 4V], y [rows, 4V], where
/// `start` is `bias` [4V] when given (the forward product), else y's own row.
fn rows_times<const V: usize>(a: &[f32], k: usize, m: &[f32], y: &mut [f32], bias: Option<&[f32]>) {
    let width = LANES * V;
    let groups = k / GROUP;
    let (m_groups, m_tail) = m[..k * width].split_at(groups * GROUP * width);
    for (a_row, y_row) in a.chunks_exact(k).zip(y.chunks_exact_mut(width)) {
        let mut acc = [splat(0.0); V];
        load_all(bias.unwrap_or(y_row), &mut acc);
        let (a_groups, a_tail) = a_row.split_at(groups * GROUP);
        for (c, block) in a_groups
            .chunks_exact(GROUP)
            .zip(m_groups.chunks_exact(GROUP * width))
        {
            let Ok(c) = <&[f32; GROUP]>::try_from(c) else {
                continue;
            };
            let c = from_array(c);
            if any_nonzero(c) {
                add_group(&mut acc, broadcast_lanes(c), &rows4::<V>(block));
            }
        }
        for (&c, row) in a_tail.iter().zip(m_tail.chunks_exact(width)) {
            if c != 0.0 {
                add_one(&mut acc, c, row);
            }
        }
        store_all(&acc, y_row);
    }
}

/// `linalg::accumulate_matrix` for widths 4, 8, 12 and 16: returns false (doing
/// nothing) for other widths.
pub fn accumulate_matrix(a: &[f32], k: usize, m: &[f32], y: &mut [f32], width: usize) -> bool {
    rows_times_any(a, k, m, y, width, None)
}

/// `linalg::affine_forward`'s product and bias for 4, 8, 12 or 16 outputs, `z = b +
/// x w_t` with each row started from b in registers (the portable code copies b into
/// z first: the same values); returns false (doing nothing) for other widths.
pub fn affine(x: &[f32], inputs: usize, w_t: &[f32], b: &[f32], z: &mut [f32]) -> bool {
    inputs > 0 && rows_times_any(x, inputs, w_t, z, b.len(), Some(b))
}

fn rows_times_any(
    a: &[f32],
    k: usize,
    m: &[f32],
    y: &mut [f32],
    width: usize,
    bias: Option<&[f32]>,
) -> bool {
    match width {
        4 => rows_times::<1>(a, k, m, y, bias),
        8 => rows_times::<2>(a, k, m, y, bias),
        12 => rows_times::<3>(a, k, m, y, bias),
        16 => rows_times::<4>(a, k, m, y, bias),
        _ => return false,
    }
    true
}

/// dw [outputs, 4V] (overwritten) and db (added to, from 0) for dz [rows, outputs] and
/// x [rows, 4V]: each weight row stays in registers over all the samples.
fn weight_rows<const V: usize>(dz: &[f32], x: &[f32], dw: &mut [f32], db: &mut [f32]) {
    let inputs = LANES * V;
    let outputs = db.len();
    let rows = (dz.len() / outputs).min(x.len() / inputs);
    let groups = rows / GROUP;
    let (x_groups, x_tail) = x[..rows * inputs].split_at(groups * GROUP * inputs);
    let (dz_groups, dz_tail) = dz[..rows * outputs].split_at(groups * GROUP * outputs);
    for (o, (dw_row, db_o)) in dw.chunks_exact_mut(inputs).zip(db.iter_mut()).enumerate() {
        // dw starts at 0 and every term is added to it, as after `fill(0.0)`.
        let mut acc = [splat(0.0); V];
        let mut bias = 0.0_f32;
        for (dz4, x4) in dz_groups
            .chunks_exact(GROUP * outputs)
            .zip(x_groups.chunks_exact(GROUP * inputs))
        {
            let g = [
                dz4[o],
                dz4[outputs + o],
                dz4[2 * outputs + o],
                dz4[3 * outputs + o],
            ];
            let c = from_array(&g);
            if any_nonzero(c) {
                add_group(&mut acc, broadcast_lanes(c), &rows4::<V>(x4));
                bias += g[0] + g[1] + g[2] + g[3];
            }
        }
        for (dz_row, x_row) in dz_tail
            .chunks_exact(outputs)
            .zip(x_tail.chunks_exact(inputs))
        {
            let g = dz_row[o];
            if g != 0.0 {
                add_one(&mut acc, g, x_row);
                bias += g;
            }
        }
        store_all(&acc, dw_row);
        *db_o = bias;
    }
}

/// `linalg::weight_gradients` for 4, 8, 12 or 16 inputs: returns false (doing
/// nothing) for other widths.
pub fn weight_gradients(
    dz: &[f32],
    x: &[f32],
    inputs: usize,
    dw: &mut [f32],
    db: &mut [f32],
) -> bool {
    match inputs {
        4 => weight_rows::<1>(dz, x, dw, db),
        8 => weight_rows::<2>(dz, x, dw, db),
        12 => weight_rows::<3>(dz, x, dw, db),
        16 => weight_rows::<4>(dz, x, dw, db),
        _ => return false,
    }
    true
}
