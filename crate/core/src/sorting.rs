//! Sorting the crate's short lists (warnings, findings, a few seeds' ratios, depths).
//!
//! The standard library's sorts are built for long slices: each use with a new element
//! type or key instantiates several kilobytes of code (about 7 KB of WebAssembly per
//! stable sort), and the page had seven of them. Every list sorted here has at most a
//! few hundred items, so an insertion sort (a few hundred bytes per use) is as fast.

/// Sort `items` stably (items neither of which is `less` than the other keep their
/// order). Quadratic in the worst case: for short lists only.
pub fn sort_by<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && less(&items[j], &items[j - 1]) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Sort `items` stably by `key` (items with equal keys keep their order).
pub fn sort_by_key<T, K: PartialOrd>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a) < key(b));
}

/// The distinct values of `values`, ascending.
pub fn sorted_unique(values: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for v in values {
        if let Err(at) = out.binary_search(&v) {
            out.insert(at, v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_key() {
        let mut items = [(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e'), (2, 'f')];
        sort_by_key(&mut items, |&(k, _)| k);
        assert_eq!(
            items,
            [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'f'), (3, 'a'), (3, 'c')]
        );
        let mut reversed: Vec<u32> = (0..50).rev().collect();
        sort_by_key(&mut reversed, |&v| v);
        assert!(reversed.iter().copied().eq(0..50));
        let mut empty: [u8; 0] = [];
        sort_by_key(&mut empty, |&v| v);
        let mut words = ["b", "a", "c", "a"];
        sort_by(&mut words, |a, b| a < b);
        assert_eq!(words, ["a", "a", "b", "c"]);
    }

    #[test]
    fn unique_values_ascend() {
        assert_eq!(sorted_unique([5, 1, 5, 3, 1, 9, 0]), [0, 1, 3, 5, 9]);
        assert!(sorted_unique([]).is_empty());
    }
}
