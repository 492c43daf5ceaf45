//! Floats as text and back, the same texts as the standard library's (`{}` of an `f32`
//! or `f64`, `{:.N}`, `{:.Ne}`, `str::parse`; the tests compare them over many values)
//! without its float code: Grisu, Dragon and the parser's table of powers of five were
//! about 20 KB of the page's WebAssembly (docs/performance.md, "weight"). The shortest
//! digits that read back to the same float come from `zmij` (serde_json's printer,
//! linked anyway); a fixed number of digits is rounded from the float's exact decimal
//! expansion; parsing rounds the exact quotient of two big integers. A crate of its own,
//! built for size.

/// `v.to_string()` (`format!("{v}")`): the shortest digits that read back as `v`,
/// never with an exponent.
pub fn f32_text(v: f32) -> String {
    if !v.is_finite() {
        return f64_text(f64::from(v));
    }
    shortest(f64::from(v), zmij::Buffer::new().format_finite(v))
}

/// `format!("{v}")` of an `f64`: the shortest digits that read back as `v`, never
/// with an exponent.
pub fn f64_text(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-inf" } else { "inf" }.into();
    }
    shortest(v, zmij::Buffer::new().format_finite(v))
}

/// `format!("{v:.decimals$}")`: `decimals` digits after the point, rounded half to
/// even from the exact value.
pub fn fixed(v: f64, decimals: usize) -> String {
    if let Some(text) = non_finite(v) {
        return text;
    }
    let (digits, point) = exact(v);
    let (digits, point) = round(digits, point, point.saturating_add(decimals as i32));
    let mut out = sign(v);
    if point <= 0 {
        out.push('0');
    } else {
        out.extend((0..point).map(|i| digit(&digits, i)));
    }
    if decimals > 0 {
        out.push('.');
        out.extend((0..decimals as i32).map(|i| digit(&digits, point + i)));
    }
    out
}

/// `format!("{v:.decimals$e}")`: `decimals + 1` significant digits, rounded half to
/// even from the exact value, and the exponent (`1.50e-3`, `0.00e0`).
pub fn sci(v: f64, decimals: usize) -> String {
    if let Some(text) = non_finite(v) {
        return text;
    }
    let (digits, point) = exact(v);
    let exponent = if digits.is_empty() { 0 } else { point - 1 };
    let (digits, point) = round(
        digits,
        point,
        point.saturating_sub(exponent) + decimals as i32,
    );
    // Rounding up can add a digit in front (9.96 -> 10.0).
    let exponent = if digits.is_empty() { 0 } else { point - 1 };
    let mut out = sign(v);
    out.push(digit(&digits, 0));
    if decimals > 0 {
        out.push('.');
        out.extend((1..=decimals as i32).map(|i| digit(&digits, i)));
    }
    out.push('e');
    push_int(&mut out, exponent);
    out
}

fn non_finite(v: f64) -> Option<String> {
    (!v.is_finite()).then(|| f64_text(v))
}

fn sign(v: f64) -> String {
    if v.is_sign_negative() { "-" } else { "" }.into()
}

/// The `i`-th digit of a digit list (as a character), `0` past its end.
fn digit(digits: &[u8], i: i32) -> char {
    let d = usize::try_from(i).ok().and_then(|i| digits.get(i)).copied();
    char::from(b'0' + d.unwrap_or(0))
}

fn push_int(out: &mut String, n: i32) {
    if n < 0 {
        out.push('-');
    }
    let mut n = n.unsigned_abs();
    let mut rev = Vec::new();
    loop {
        rev.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(rev.iter().rev().map(|&b| char::from(b)));
}

/// The standard `{}` of a finite float from zmij's shortest text of it (`1.5e-7`,
/// `0.001`, `12.0`, `-3e21`): every digit in place, no exponent, no `.0`. Where the
/// float lies exactly halfway between two shortest candidates, the standard picks the
/// one further from zero, zmij the even one.
fn shortest(v: f64, text: &str) -> String {
    let text = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes())
        .map(|b| b - b'0')
        .collect();
    let mut point = whole.len() as i32 + exponent;
    let leading = digits.iter().take_while(|&&d| d == 0).count();
    digits.drain(..leading);
    point -= leading as i32;
    digits.truncate(digits.iter().rposition(|&d| d != 0).map_or(0, |i| i + 1));
    let (exact_digits, exact_point) = exact(v);
    if exact_digits.len() == digits.len() + 1 && exact_digits.last() == Some(&5) {
        let mut below = exact_digits;
        below.pop();
        (digits, point) = increment(below, exact_point);
    }
    let mut out = sign(v);
    if digits.is_empty() {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend((point..0).map(|_| '0'));
        out.extend(digits.iter().map(|&d| char::from(b'0' + d)));
    } else {
        out.extend((0..point).map(|i| digit(&digits, i)));
        if (point as usize) < digits.len() {
            out.push('.');
            out.extend(
                digits[point as usize..]
                    .iter()
                    .map(|&d| char::from(b'0' + d)),
            );
        }
    }
    out
}

/// `text.parse::<f32>()`: the nearest `f32` (ties to even), the same texts accepted
/// (`1`, `-.5`, `2.`, `1e-3`, `+inf`, `NaN`, ...).
pub fn parse_f32(text: &str) -> Option<f32> {
    let (negative, value) = parse(text, FloatFormat::F32)?;
    let v = f32::from_bits(value as u32);
    Some(if negative { -v } else { v })
}

/// `text.parse::<f64>()`: the nearest `f64` (ties to even), the same texts accepted.
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, value) = parse(text, FloatFormat::F64)?;
    let v = f64::from_bits(value);
    Some(if negative { -v } else { v })
}

/// The shape of a binary float: significand bits (with the implicit one), the
/// exponent of the last significand bit of the smallest subnormals and of the largest
/// finite numbers.
#[derive(Clone, Copy)]
struct FloatFormat {
    bits: u32,
    min_exp: i32,
    max_exp: i32,
}

impl FloatFormat {
    const F32: FloatFormat = FloatFormat {
        bits: 24,
        min_exp: -149,
        max_exp: 104,
    };
    const F64: FloatFormat = FloatFormat {
        bits: 53,
        min_exp: -1074,
        max_exp: 971,
    };

    fn infinity(self) -> u64 {
        ((self.max_exp - self.min_exp + 2) as u64) << (self.bits - 1)
    }
}

/// The sign and the bits of the magnitude of `text` as a float of `format`.
fn parse(text: &str, format: FloatFormat) -> Option<(bool, u64)> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let special = body.to_ascii_lowercase();
    if special == "inf" || special == "infinity" {
        return Some((negative, format.infinity()));
    }
    if special == "nan" {
        return Some((negative, format.infinity() | 1 << (format.bits - 2)));
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let mut exp10: i64 = match exponent {
        None => 0,
        Some(e) => {
            let (sign, digits) = match e.as_bytes().first() {
                Some(b'-') => (-1, &e[1..]),
                Some(b'+') => (1, &e[1..]),
                _ => (1, e),
            };
            if digits.is_empty() || !all_digits(digits) {
                return None;
            }
            // Saturates far beyond any float's range.
            let magnitude = digits
                .bytes()
                .fold(0i64, |n, b| (n * 10 + i64::from(b - b'0')).min(1 << 40));
            sign * magnitude
        }
    };
    // value = digits × 10^exp10, the digits without leading zeros.
    let digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes())
        .map(|b| b - b'0')
        .collect();
    exp10 -= fraction.len() as i64;
    let first = digits.iter().position(|&d| d != 0);
    let Some(first) = first else {
        return Some((negative, 0));
    };
    let digits = &digits[first..];
    // The decimal magnitude: 10^(size - 1) <= value < 10^size.
    let size = digits.len() as i64 + exp10;
    if size > 330 {
        return Some((negative, format.infinity()));
    }
    if size < -330 {
        return Some((negative, 0));
    }
    Some((negative, nearest(digits, exp10 as i32, format)))
}

/// The bits of the float of `format` nearest to `digits × 10^exp10` (ties to even).
fn nearest(digits: &[u8], exp10: i32, format: FloatFormat) -> u64 {
    // value = n / d
    let mut n = from_decimal(digits);
    let mut d = vec![1u32];
    let mut left = exp10.unsigned_abs();
    while left > 0 {
        let k = left.min(9);
        mul_small(if exp10 > 0 { &mut n } else { &mut d }, 10u32.pow(k));
        left -= k;
    }
    // q = floor(value / 2^s) gets p + 2 or p + 3 bits.
    let s = bit_length(&n) as i32 - bit_length(&d) as i32 - format.bits as i32 - 2;
    if s < 0 {
        shift_left(&mut n, s.unsigned_abs());
    } else {
        shift_left(&mut d, s as u32);
    }
    let mut q: u128 = 0;
    for k in (0..=format.bits + 3).rev() {
        let mut dk = d.clone();
        shift_left(&mut dk, k);
        if !less(&n, &dk) {
            subtract(&mut n, &dk);
            q |= 1 << k;
        }
    }
    let sticky = n.iter().any(|&l| l != 0);
    // Drop the bits below the significand (more of them for a subnormal).
    let q_bits = 128 - q.leading_zeros() as i32;
    let mut drop = (q_bits - format.bits as i32).max(format.min_exp - s);
    if drop > q_bits + 1 {
        return 0;
    }
    drop = drop.max(0);
    let (mut m, rest, half) = if drop == 0 {
        (q, 0, 0)
    } else {
        (q >> drop, q & ((1 << drop) - 1), 1u128 << (drop - 1))
    };
    let up = drop > 0 && (rest > half || (rest == half && (sticky || m & 1 == 1)));
    let mut exp = s + drop;
    if up {
        m += 1;
        if m >> format.bits != 0 {
            m >>= 1;
            exp += 1;
        }
    }
    if exp > format.max_exp {
        return format.infinity();
    }
    let implicit = 1u128 << (format.bits - 1);
    if m < implicit {
        m as u64 // subnormal (or 0): exp is min_exp
    } else {
        let field = (exp - format.min_exp + 1) as u64;
        (field << (format.bits - 1)) | (m - implicit) as u64
    }
}

/// A little-endian big number from decimal digits.
fn from_decimal(digits: &[u8]) -> Vec<u32> {
    let mut big = vec![0u32];
    for chunk in digits.chunks(9) {
        mul_small(&mut big, 10u32.pow(chunk.len() as u32));
        let add = chunk.iter().fold(0u32, |n, &d| n * 10 + u32::from(d));
        let mut carry = u64::from(add);
        for limb in big.iter_mut() {
            let sum = u64::from(*limb) + carry;
            *limb = sum as u32;
            carry = sum >> 32;
        }
        if carry > 0 {
            big.push(carry as u32);
        }
    }
    big
}

fn bit_length(big: &[u32]) -> u32 {
    let top = big.iter().rposition(|&l| l != 0);
    top.map_or(0, |i| i as u32 * 32 + 32 - big[i].leading_zeros())
}

fn shift_left(big: &mut Vec<u32>, bits: u32) {
    let (limbs, bits) = ((bits / 32) as usize, bits % 32);
    if bits > 0 {
        let mut carry = 0u32;
        for limb in big.iter_mut() {
            let next = *limb >> (32 - bits);
            *limb = (*limb << bits) | carry;
            carry = next;
        }
        if carry > 0 {
            big.push(carry);
        }
    }
    big.splice(0..0, std::iter::repeat_n(0, limbs));
}

/// a < b
fn less(a: &[u32], b: &[u32]) -> bool {
    let len = a.len().max(b.len());
    for i in (0..len).rev() {
        let (x, y) = (
            a.get(i).copied().unwrap_or(0),
            b.get(i).copied().unwrap_or(0),
        );
        if x != y {
            return x < y;
        }
    }
    false
}

/// a -= b, for a >= b.
fn subtract(a: &mut [u32], b: &[u32]) {
    let mut borrow = 0i64;
    for (i, limb) in a.iter_mut().enumerate() {
        let diff = i64::from(*limb) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        *limb = diff.rem_euclid(1 << 32) as u32;
        borrow = i64::from(diff < 0);
    }
}

/// The exact decimal expansion of a finite `|v|`: its digits, without leading or
/// trailing zeros (none for 0), and the place of the decimal point: `|v| = 0.d1 d2 d3 ... × 10^point`.
fn exact(v: f64) -> (Vec<u8>, i32) {
    let bits = v.abs().to_bits();
    let biased = (bits >> 52) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // |v| = m × 2^e
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    if m == 0 {
        return (Vec::new(), 0);
    }
    let mut big = vec![m as u32, (m >> 32) as u32];
    if e >= 0 {
        let mut left = e;
        while left > 0 {
            let k = left.min(31);
            mul_small(&mut big, 1 << k);
            left -= k;
        }
    } else {
        // m × 2^e = m × 5^-e / 10^-e
        let mut left = -e;
        while left > 0 {
            let k = left.min(13);
            mul_small(&mut big, 5u32.pow(k as u32));
            left -= k;
        }
    }
    let mut digits = to_decimal(big);
    let point = digits.len() as i32 + e.min(0);
    digits.truncate(digits.iter().rposition(|&d| d != 0).map_or(0, |i| i + 1));
    (digits, point)
}

/// Multiplies a little-endian big number by `k` in place.
fn mul_small(big: &mut Vec<u32>, k: u32) {
    let mut carry = 0u64;
    for limb in big.iter_mut() {
        let p = u64::from(*limb) * u64::from(k) + carry;
        *limb = p as u32;
        carry = p >> 32;
    }
    if carry > 0 {
        big.push(carry as u32);
    }
}

/// The decimal digits of a little-endian big number, most significant first, without
/// leading zeros.
fn to_decimal(mut big: Vec<u32>) -> Vec<u8> {
    let mut groups = Vec::new(); // base 10^9, least significant first
    while big.iter().any(|&l| l != 0) {
        let mut rem = 0u64;
        for limb in big.iter_mut().rev() {
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / 1_000_000_000) as u32;
            rem = cur % 1_000_000_000;
        }
        groups.push(rem as u32);
        while big.last() == Some(&0) {
            big.pop();
        }
    }
    let mut digits = Vec::with_capacity(groups.len() * 9);
    for (i, &g) in groups.iter().rev().enumerate() {
        let mut chunk = [0u8; 9];
        let mut g = g;
        for d in chunk.iter_mut().rev() {
            *d = (g % 10) as u8;
            g /= 10;
        }
        if i == 0 {
            let first = chunk.iter().position(|&d| d != 0).unwrap_or(8);
            digits.extend_from_slice(&chunk[first..]);
        } else {
            digits.extend_from_slice(&chunk);
        }
    }
    digits
}

/// Keeps the digits before place `keep` (counted from the first digit), rounding the
/// rest away half to even; returns the digits (none when it rounds to 0) and the
/// point, one further when rounding carries into a new first digit.
fn round(mut digits: Vec<u8>, point: i32, keep: i32) -> (Vec<u8>, i32) {
    let len = digits.len() as i32;
    if keep >= len {
        return (digits, point);
    }
    if keep < 0 {
        return (Vec::new(), point);
    }
    let k = keep as usize;
    let first = digits[k];
    let rest_nonzero = digits[k + 1..].iter().any(|&d| d != 0);
    let last_odd = k > 0 && digits[k - 1] % 2 == 1;
    let up = first > 5 || (first == 5 && (rest_nonzero || last_odd));
    digits.truncate(k);
    if up {
        increment(digits, point)
    } else {
        (digits, point)
    }
}

/// Adds one unit in the last place of a digit list.
fn increment(mut digits: Vec<u8>, point: i32) -> (Vec<u8>, i32) {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return (digits, point);
        }
    }
    // All nines (or nothing kept): a 1 in front.
    digits.insert(0, 1);
    (digits, point + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn values() -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut out = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -0.5,
            0.125,
            0.375,
            0.05,
            0.25,
            9.995,
            9.9999,
            99.5,
            0.0001234,
            1e-7,
            1e21,
            1e22,
            123456789.0,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            1.0 / 3.0,
            2.0 / 3.0,
            0.1,
            0.2,
            0.3,
            1e15,
            1e16,
            1e17,
            999.9999,
        ];
        for _ in 0..3000 {
            let bits: u64 = rng.random();
            out.push(f64::from_bits(bits));
            let small: f64 = rng.random_range(-1000.0..1000.0);
            out.push(small);
            out.push((small * 8.0).round() / 16.0); // exact ties
            out.push(f64::from(small as f32));
            let scale: i32 = rng.random_range(-40..40);
            out.push(small * 10f64.powi(scale));
        }
        out.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
        out
    }

    #[test]
    fn same_text_as_the_standard_formats() {
        for v in values() {
            assert_eq!(f64_text(v), format!("{v}"), "{{}} of {v:e}");
            let f = v as f32;
            assert_eq!(f32_text(f), format!("{f}"), "{{}} of f32 {f:e}");
            for d in 0..6 {
                assert_eq!(fixed(v, d), format!("{v:.d$}"), "{{:.{d}}} of {v:e}");
                assert_eq!(sci(v, d), format!("{v:.d$e}"), "{{:.{d}e}} of {v:e}");
                let f = f64::from(f);
                assert_eq!(sci(f, d), format!("{f:.d$e}"), "{{:.{d}e}} of {f:e}");
            }
        }
    }

    #[test]
    fn reads_what_the_standard_parser_reads() {
        let mut texts: Vec<String> = [
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.",
            ".5",
            "-.5",
            "+1.5e-3",
            "1_0",
            " 1",
            "inf",
            "-Infinity",
            "NaN",
            "-nan",
            "infinit",
            "0",
            "-0",
            "0e999999999999",
            "1e-400",
            "1e400",
            "3.4028235e38",
            "3.4028236e38",
            "3.40282357e38",
            "1.17549435e-38",
            "1.4e-45",
            "7e-46",
            "7.1e-46",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "0.1",
            "0.30000000000000004",
            "123456789012345678901234567890",
            "9007199254740993",
            "16777217",
            "0.000000000000000000000000000000000000000000001",
            "00012.5000e2",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for v in values() {
            texts.push(format!("{v}"));
            texts.push(format!("{v:e}"));
            texts.push(format!("{v:.3e}"));
            texts.push(format!("{}", v as f32));
            texts.push(format!("{:e}", v as f32));
        }
        let alphabet = b"0123456789.eE+-5";
        for _ in 0..20000 {
            let len = rng.random_range(1..12);
            texts.push(
                (0..len)
                    .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
                    .collect(),
            );
        }
        for t in &texts {
            let want32 = t.parse::<f32>().ok().map(f32::to_bits);
            assert_eq!(parse_f32(t).map(f32::to_bits), want32, "f32 {t:?}");
            let want64 = t.parse::<f64>().ok().map(f64::to_bits);
            assert_eq!(parse_f64(t).map(f64::to_bits), want64, "f64 {t:?}");
        }
    }
}
