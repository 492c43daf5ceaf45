//! The compressed form of the embedded digits (`crate/core/data/digits.bin`): an adaptive
//! binary arithmetic coder with a small context model, written here rather than taken
//! from a crate because a general compressor (gzip, as the page is served) leaves the
//! set at about 48 KB and this model, which knows the data are 8x8 images, at about 30.
//!
//! Each sample is its label (4 bits) then its 64 pixels (5 bits each, row-major), every
//! bit coded with a probability. A pixel's bits are predicted by two models mixed in the
//! logistic domain: one knows the pixel's position and the rough values of its left and
//! upper neighbours, the other its position and the sample's label. All arithmetic is
//! on integers, so native and wasm32 builds decode the same bytes. Decoding never
//! panics: every table index is masked into range, and reading past the end gives zeros.

/// Samples in the file.
const SAMPLES: usize = super::DIGITS_LEN;
/// Pixels per sample.
const PIXELS: usize = super::DIGITS_PIXELS;

/// Probability that x = 1 for x = d / 256 in the logistic domain, 12 bits (lpaq1's table).
fn squash(d: i32) -> i32 {
    const T: [i32; 33] = [
        1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047, 2549, 2994,
        3348, 3607, 3785, 3901, 3975, 4022, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094,
    ];
    let d = d.clamp(-2047, 2047);
    let (i, w) = (((d >> 7) + 16) as usize, d & 127);
    (T[i & 31] * (128 - w) + T[(i + 1).min(32)] * w + 64) >> 7
}

/// A bit's probability: an adaptive estimate per context, mixed from two models.
struct Model {
    /// Per context: P(1) in 1/65536, and how many times it was updated (up to `LIMIT`).
    p: Vec<u16>,
    n: Vec<u8>,
    /// Inverse of `squash` over 12-bit probabilities.
    stretch: Vec<i16>,
    /// Mixer weights (16.16 fixed point) per tree node, two inputs each.
    weights: [[i32; 2]; 32],
}

/// Contexts per table (a power of two: indices are masked into range).
const TABLE: usize = 1 << 15;
/// Counts stop here: the estimate keeps adapting at rate 2 / (2 * LIMIT + 3).
const LIMIT: u8 = 30;
/// The labels' contexts, after the two pixel tables.
const LABELS: usize = 2 * TABLE;

/// Rough level of a neighbouring pixel: 0, 1..=3, 4..=8, 9 and up.
fn level(v: u8) -> usize {
    match v {
        0 => 0,
        1..=3 => 1,
        4..=8 => 2,
        _ => 3,
    }
}

impl Model {
    fn new() -> Model {
        let mut stretch = vec![2047i16; 4096];
        let mut next = 0usize;
        for x in -2047..=2047 {
            let upto = squash(x) as usize;
            for s in stretch.iter_mut().take(upto + 1).skip(next) {
                *s = x as i16;
            }
            next = next.max(upto + 1);
        }
        Model {
            p: vec![1 << 15; LABELS + 16],
            n: vec![0; LABELS + 16],
            stretch,
            weights: [[19_661; 2]; 32],
        }
    }

    fn stretch(&self, p16: u16) -> i32 {
        i32::from(
            self.stretch
                .get(usize::from(p16 >> 4))
                .copied()
                .unwrap_or(0),
        )
    }

    fn update(&mut self, context: usize, bit: bool) {
        let (Some(p), Some(n)) = (self.p.get_mut(context), self.n.get_mut(context)) else {
            return;
        };
        let target = if bit { 65_535 } else { 0 };
        let (old, count) = (i32::from(*p), i32::from(*n));
        *p = (old + (target - old) * 2 / (2 * count + 3)) as u16;
        *n = (*n + 1).min(LIMIT);
    }

    fn p16(&self, context: usize) -> u16 {
        self.p.get(context).copied().unwrap_or(1 << 15)
    }

    /// Code one pixel bit at tree `node` with the two models' contexts.
    fn pixel_bit(
        &mut self,
        coder: &mut impl Coder,
        node: usize,
        ctx: [usize; 2],
        bit: bool,
    ) -> bool {
        let node = node & 31;
        let ctx = [
            (ctx[0] | node) & (TABLE - 1),
            TABLE + ((ctx[1] | node) & (TABLE - 1)),
        ];
        let inputs = ctx.map(|c| self.stretch(self.p16(c)));
        let w = self.weights[node];
        let dot =
            (i64::from(w[0]) * i64::from(inputs[0]) + i64::from(w[1]) * i64::from(inputs[1])) >> 16;
        let p = squash(dot.clamp(-2047, 2047) as i32).clamp(1, 4095);
        let bit = coder.code(p as u32, bit);
        let err = (i32::from(bit) << 12) - p;
        for (w, x) in self.weights[node].iter_mut().zip(inputs) {
            *w = w.saturating_add((err * x) >> 10);
        }
        ctx.into_iter().for_each(|c| self.update(c, bit));
        bit
    }

    /// Code one label bit at tree `node` (its own small adaptive table).
    fn label_bit(&mut self, coder: &mut impl Coder, node: usize, bit: bool) -> bool {
        let context = LABELS + (node & 15);
        let p = i32::from(self.p16(context) >> 4).clamp(1, 4095);
        let bit = coder.code(p as u32, bit);
        self.update(context, bit);
        bit
    }

    /// Code one sample (the label, then the pixels); returns the sample coded. When
    /// decoding, `sample`'s values are ignored.
    fn sample(
        &mut self,
        coder: &mut impl Coder,
        sample: &(u8, [u8; PIXELS]),
    ) -> (u8, [u8; PIXELS]) {
        let mut node = 1usize;
        for b in (0..4).rev() {
            let bit = self.label_bit(coder, node, (sample.0 >> b) & 1 == 1);
            node = 2 * node + usize::from(bit);
        }
        let label = (node & 15) as u8;
        let mut pixels = [0u8; PIXELS];
        for j in 0..PIXELS {
            let (row, col) = (j / 8, j % 8);
            let left = if col > 0 { pixels[j - 1] } else { 0 };
            let up = if row > 0 { pixels[j - 8] } else { 0 };
            let ctx = [
                ((j * 16 + level(left) * 4 + level(up)) << 5),
                ((usize::from(label) * PIXELS + j) << 5),
            ];
            let mut node = 1usize;
            for b in (0..5).rev() {
                let bit = self.pixel_bit(coder, node, ctx, (sample.1[j] >> b) & 1 == 1);
                node = 2 * node + usize::from(bit);
            }
            pixels[j] = (node & 31) as u8;
        }
        (label, pixels)
    }
}

/// One side of the arithmetic coder (lpaq1's carry-less binary coder): turns a bit and
/// its 12-bit probability of being 1 into output, or input back into the bit.
trait Coder {
    fn code(&mut self, p1: u32, bit: bool) -> bool;
}

/// The interval both sides narrow: [low, high], 32 bits.
struct Interval {
    low: u32,
    high: u32,
}

impl Interval {
    /// Where the interval splits for probability `p1` (in 1..4096) of a 1.
    fn mid(&self, p1: u32) -> u32 {
        let range = u64::from(self.high - self.low);
        self.low + ((range * u64::from(p1)) >> 12) as u32
    }

    /// Keep the part of `bit` (1 below the split); true while the top bytes agree (a
    /// byte is settled and shifts out).
    fn narrow(&mut self, mid: u32, bit: bool) {
        if bit {
            self.high = mid;
        } else {
            self.low = mid + 1;
        }
    }

    fn settled(&self) -> bool {
        (self.low ^ self.high) & 0xff00_0000 == 0
    }

    fn shift(&mut self) {
        self.low <<= 8;
        self.high = (self.high << 8) | 255;
    }
}

struct Encoder {
    interval: Interval,
    out: Vec<u8>,
}

impl Coder for Encoder {
    fn code(&mut self, p1: u32, bit: bool) -> bool {
        let mid = self.interval.mid(p1);
        self.interval.narrow(mid, bit);
        while self.interval.settled() {
            self.out.push((self.interval.high >> 24) as u8);
            self.interval.shift();
        }
        bit
    }
}

struct Decoder<'a> {
    interval: Interval,
    x: u32,
    input: std::slice::Iter<'a, u8>,
}

impl Coder for Decoder<'_> {
    fn code(&mut self, p1: u32, _: bool) -> bool {
        let mid = self.interval.mid(p1);
        let bit = self.x <= mid;
        self.interval.narrow(mid, bit);
        while self.interval.settled() {
            self.interval.shift();
            self.x = (self.x << 8) | u32::from(self.input.next().copied().unwrap_or(0));
        }
        bit
    }
}

/// The compressed form of `samples` (labels 0..=15, pixels 0..=31).
pub fn encode(samples: &[(u8, [u8; PIXELS])]) -> Vec<u8> {
    let mut model = Model::new();
    let mut encoder = Encoder {
        interval: Interval {
            low: 0,
            high: u32::MAX,
        },
        out: Vec::new(),
    };
    for sample in samples {
        model.sample(&mut encoder, sample);
    }
    // Enough of `low` that any continuation decodes inside the interval.
    encoder
        .out
        .extend_from_slice(&encoder.interval.low.to_be_bytes());
    encoder.out
}

/// The `SAMPLES` samples `bytes` encode (garbage in, some samples out: never a panic).
pub fn decode(bytes: &[u8]) -> Vec<(u8, [u8; PIXELS])> {
    let mut model = Model::new();
    let mut input = bytes.iter();
    let mut x = 0u32;
    for _ in 0..4 {
        x = (x << 8) | u32::from(input.next().copied().unwrap_or(0));
    }
    let mut decoder = Decoder {
        interval: Interval {
            low: 0,
            high: u32::MAX,
        },
        x,
        input,
    };
    let blank = (0, [0; PIXELS]);
    (0..SAMPLES)
        .map(|_| model.sample(&mut decoder, &blank))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Samples of every value the coder takes (labels 0..=15, pixels 0..=31).
    fn samples() -> Vec<(u8, [u8; PIXELS])> {
        (0..SAMPLES)
            .map(|i| {
                let mut pixels = [0u8; PIXELS];
                for (j, p) in pixels.iter_mut().enumerate() {
                    *p = ((i * 7 + j * j * 3 + i * j) % 32) as u8 * u8::from(j % 5 != 0);
                }
                ((i % 16) as u8, pixels)
            })
            .collect()
    }

    #[test]
    fn decoding_gives_back_what_was_encoded() {
        let samples = samples();
        assert_eq!(decode(&encode(&samples)), samples);
        let blank = vec![(0, [0; PIXELS]); SAMPLES];
        let packed = encode(&blank);
        assert!(packed.len() < 100, "{}", packed.len());
        assert_eq!(decode(&packed), blank);
    }

    #[test]
    fn garbage_and_short_input_decode_without_panicking() {
        let packed = encode(&samples());
        for input in [&[][..], &packed[..packed.len() / 2], &[0xff; 64][..]] {
            let decoded = decode(input);
            assert_eq!(decoded.len(), SAMPLES);
            assert!(decoded
                .iter()
                .all(|(l, px)| *l < 16 && px.iter().all(|&p| p < 32)));
        }
    }

    #[test]
    fn squash_and_stretch_are_inverse_and_monotone() {
        assert_eq!((squash(-3000), squash(0), squash(3000)), (1, 2047, 4094));
        let model = Model::new();
        for p in (16..65_520u16).step_by(97) {
            let d = model.stretch(p);
            assert!((squash(d) - i32::from(p >> 4)).abs() <= 40, "{p}: {d}");
        }
        assert!((0..4095).all(|i| model.stretch[i] <= model.stretch[i + 1]));
    }
}
