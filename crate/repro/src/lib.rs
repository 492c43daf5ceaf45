//! A small WebAssembly module of its own, apart from the page, for JavaScriptCore's memory
//! fault (docs/testing.md, "The WebKit trap"; `make repro` loads it again and again).
//!
//! `churn(seed, rounds)` does the kind of work the page's module spends its time on:
//! vectors of many sizes allocated, filled, copied and freed through Rust's allocator
//! (dlmalloc on wasm32, as in the page), byte buffers the size of chart bitmaps set with
//! `memory.fill` and copied with `memory.copy`, and float loops hot enough for the engine
//! to compile them again, with more optimization, while they run. It checks itself as it
//! goes: every block of words holds a pattern that depends only on the block's number and
//! the word's position, so a word that anything else changed is counted
//! (`damaged_words`), and a seed gives the same checksum in every thread and every
//! WebAssembly engine, so two threads that disagree show a wrong computation.

use std::sync::atomic::{AtomicU32, Ordering};

/// Words found changed since this module started (every thread has its own instance).
static DAMAGED: AtomicU32 = AtomicU32::new(0);

/// Live blocks at most: enough that frees come in every order, as the page's do.
const MOST_LIVE: usize = 48;
/// Longest block, in words (12 KB: about a heatmap row set's bytes).
const LONGEST_BLOCK: u32 = 3_000;
/// The dense layer's width (a hidden layer of a wide network).
const WIDTH: usize = 32;

/// Marsaglia's 32-bit xorshift: reproducible from a seed, which is all it needs to be.
struct Xorshift(u32);

impl Xorshift {
    fn new(seed: u32) -> Self {
        // Zero is xorshift's one fixed point.
        Self(seed.wrapping_mul(0x2545_F491) | 1)
    }
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
    /// Uniform in [-1, 1).
    fn unit(&mut self) -> f32 {
        (self.next() >> 8) as f32 / (1u32 << 23) as f32 - 1.0
    }
}

/// The word at `position` of block `id`: a value no other block and no other position
/// of the same block shares in the low bits, so a misplaced copy shows as well.
fn pattern(id: u32, position: usize) -> u32 {
    id.wrapping_mul(0x9E37_79B9) ^ (position as u32).wrapping_mul(0x85EB_CA6B)
}

/// A heap block that knows what it must hold.
struct Block {
    id: u32,
    words: Vec<u32>,
}

impl Block {
    fn new(id: u32, len: usize) -> Self {
        Self {
            id,
            words: (0..len).map(|i| pattern(id, i)).collect(),
        }
    }
    /// The number of words that are not what `new` wrote.
    fn damaged(&self) -> u32 {
        let wrong = self
            .words
            .iter()
            .enumerate()
            .filter(|&(i, &w)| w != pattern(self.id, i));
        wrong.count() as u32
    }
    /// A copy through `memory.copy` (`copy_from_slice` of a whole vector).
    fn copied(&self) -> Self {
        let mut words = vec![0u32; self.words.len()];
        words.copy_from_slice(&self.words);
        Self { id: self.id, words }
    }
}

/// Folds `value` into the checksum (FNV-1a's step on a whole word).
fn mix(sum: u32, value: u32) -> u32 {
    (sum ^ value).wrapping_mul(0x0100_0193)
}

/// One dense layer with tanh, as a network's forward pass: `WIDTH` outputs of `WIDTH`
/// inputs taken from `block`, the weights drawn from `rng`; the outputs' bits folded.
fn dense_layer(rng: &mut Xorshift, block: &Block) -> u32 {
    let inputs: Vec<f32> = (0..WIDTH)
        .map(|i| {
            block
                .words
                .get(i)
                .map_or(0.0, |&w| (w >> 9) as f32 / (1u32 << 23) as f32)
        })
        .collect();
    let weights: Vec<f32> = (0..WIDTH * WIDTH).map(|_| rng.unit()).collect();
    let mut sum = 0;
    for row in weights.chunks_exact(WIDTH) {
        let pre: f32 = row.iter().zip(&inputs).map(|(w, x)| w * x).sum();
        sum = mix(sum, pre.tanh().to_bits());
    }
    sum
}

/// A chart-sized bitmap set with `memory.fill`, one row copied over the next with
/// `memory.copy`, then read back: any byte that is not the fill is counted as damaged.
fn bitmap(rng: &mut Xorshift) -> u32 {
    let (width, height) = (8 + rng.below(120) as usize, 8 + rng.below(40) as usize);
    let fill = rng.next() as u8;
    let mut pixels = vec![fill; width * height * 4];
    let row = width * 4;
    pixels.copy_within(0..row, row);
    let wrong = pixels.iter().filter(|&&p| p != fill).count() as u32;
    DAMAGED.fetch_add(wrong, Ordering::Relaxed);
    mix(pixels.len() as u32, fill as u32)
}

/// `rounds` steps of allocation, checking, copying, freeing and arithmetic from `seed`;
/// returns a checksum that depends only on `seed` and `rounds`. Damage found is added to
/// `damaged_words`.
pub fn churn(seed: u32, rounds: u32) -> u32 {
    let mut rng = Xorshift::new(seed);
    let mut live: Vec<Block> = Vec::with_capacity(MOST_LIVE);
    let mut next_id = seed.wrapping_mul(100_003);
    let mut sum = seed;
    let mut damaged = 0;
    for _ in 0..rounds {
        match rng.below(6) {
            0 | 1 if live.len() < MOST_LIVE => {
                next_id = next_id.wrapping_add(1);
                let block = Block::new(next_id, 1 + rng.below(LONGEST_BLOCK) as usize);
                sum = mix(sum, block.words.len() as u32);
                live.push(block);
            }
            2 if !live.is_empty() => {
                let freed = live.swap_remove(rng.below(live.len() as u32) as usize);
                damaged += freed.damaged();
                sum = mix(sum, freed.words.len() as u32);
            }
            3 if !live.is_empty() => {
                let copy = live[rng.below(live.len() as u32) as usize].copied();
                damaged += copy.damaged();
                sum = mix(sum, copy.id);
            }
            4 => sum = mix(sum, bitmap(&mut rng)),
            _ if !live.is_empty() => {
                let block = &live[rng.below(live.len() as u32) as usize];
                sum = mix(sum, dense_layer(&mut rng, block));
            }
            _ => sum = mix(sum, rng.next()),
        }
    }
    damaged += live.iter().map(Block::damaged).sum::<u32>();
    DAMAGED.fetch_add(damaged, Ordering::Relaxed);
    sum
}

/// Words and bytes found damaged so far in this instance.
pub fn damaged_words() -> u32 {
    DAMAGED.load(Ordering::Relaxed)
}

/// The module's exports, for a page that instantiates it without any glue.
#[cfg(target_arch = "wasm32")]
mod exports {
    #[no_mangle]
    pub extern "C" fn churn(seed: u32, rounds: u32) -> u32 {
        super::churn(seed, rounds)
    }

    #[no_mangle]
    pub extern "C" fn damaged_words() -> u32 {
        super::damaged_words()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_one_checksum_and_seeds_differ() {
        assert_eq!(churn(7, 3_000), churn(7, 3_000));
        assert_ne!(churn(7, 3_000), churn(8, 3_000));
        assert_ne!(churn(7, 3_000), churn(7, 2_999));
        assert_eq!(damaged_words(), 0, "a correct run finds nothing damaged");
    }

    #[test]
    fn a_changed_word_or_a_misplaced_copy_is_found() {
        let mut block = Block::new(5, 100);
        assert_eq!(block.damaged(), 0);
        block.words[37] ^= 1 << 20;
        assert_eq!(block.damaged(), 1);
        // Another block's word in its place.
        let mut block = Block::new(5, 100);
        block.words[3] = pattern(6, 3);
        assert_eq!(block.damaged(), 1);
        // Words shifted by one (a copy to the wrong offset).
        let mut block = Block::new(5, 100);
        block.words.copy_within(0..50, 1);
        assert_eq!(block.damaged(), 50);
    }

    #[test]
    fn the_work_uses_every_kind_of_step() {
        // Each step kind changes the checksum: a run whose steps are all the fallback
        // would not exercise the allocator, the copies, the bitmaps or the floats.
        let mut rng = Xorshift::new(1);
        let mut kinds = [0u32; 6];
        for _ in 0..600 {
            kinds[rng.below(6) as usize] += 1;
        }
        assert!(kinds.iter().all(|&k| k > 50), "{kinds:?}");
        let block = Block::new(1, 64);
        assert_ne!(
            dense_layer(&mut Xorshift::new(1), &block),
            dense_layer(&mut Xorshift::new(2), &block)
        );
        assert_ne!(bitmap(&mut Xorshift::new(1)), bitmap(&mut Xorshift::new(2)));
    }
}
