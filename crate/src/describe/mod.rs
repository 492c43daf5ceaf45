//! The charts in words and tables, for readers who cannot see them (and for everyone
//! who wants the numbers): a summary of what each chart shows now, built from the same
//! numbers it draws (docs/definitions.md, "Chart summaries"), a table of those numbers,
//! the words for one point the keyboard or the pointer lands on, the walk of the arrow
//! keys over a chart's points, and the pitches that play the gradient profile.
//!
//! Plain Rust, no web: the page shows these texts (crate/web/src/views/describe.rs) and
//! the tests read them natively. Numbers become text through `numtext` and
//! `readout::format_number` (four significant digits, as the read-out beside the run bar).

pub mod gradients;
pub mod layers;
pub mod listen;
pub mod network;
pub mod sweep;
pub mod training;
pub mod walk;

use crate::charts::pick_evenly;
use crate::numtext::{fixed, sci};
pub use crate::readout::format_number as num;

/// Most epoch columns (or rows) a table shows: evenly chosen among the epochs the chart
/// draws, the first and the newest always among them.
pub const TABLE_EPOCHS: usize = 8;

/// A table of a chart's numbers: a caption, the column headers (the first one heads
/// the rows' own headers) and rows whose first cell is the row's header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A table of `rows` (each its header, then one value per column; None: an empty
/// cell) under the headers `head` (the first one heads the rows' headers), values read
/// by `show`, whole numbers as they are ("400" points, "50" percent), so that every
/// table is built by this one loop.
pub fn table(
    caption: impl Into<String>,
    head: Vec<String>,
    rows: Vec<(String, Vec<Option<f32>>)>,
    show: fn(f64) -> String,
) -> Table {
    let rows = rows
        .into_iter()
        .map(|(name, values)| {
            let mut row = vec![name];
            for v in values {
                let text = match v.map(f64::from) {
                    None => String::new(),
                    Some(v) if v.fract() == 0.0 && v.abs() < 1e6 => fixed(v, 0),
                    Some(v) => show(v),
                };
                row.push(text);
            }
            row
        })
        .collect();
    Table {
        caption: caption.into(),
        head,
        rows,
    }
}

/// Headers: `first`, then "epoch N" for each of `epochs`.
pub fn epoch_heads(first: &str, epochs: impl Iterator<Item = usize>) -> Vec<String> {
    let mut head = vec![first.to_string()];
    head.extend(epochs.map(|e| format!("epoch {e}")));
    head
}

/// The row headers of `layers` weight layers: "layer 1", …, "output".
pub fn layer_rows(layers: usize) -> Vec<String> {
    (0..layers).map(|l| layer_row(l, layers)).collect()
}

/// Weight layer `l` of `layers` in a sentence: "layer 3", or "the output layer".
pub fn layer_words(l: usize, layers: usize) -> String {
    if l + 1 == layers {
        "the output layer".into()
    } else {
        format!("layer {}", l + 1)
    }
}

/// Weight layer `l` of `layers` as a row header: "layer 3", or "output".
pub fn layer_row(l: usize, layers: usize) -> String {
    if l + 1 == layers {
        "output".into()
    } else {
        format!("layer {}", l + 1)
    }
}

/// A value spread over many orders of magnitude (a gradient norm, a gain), in two
/// significant digits: plain from 0.01 to 1000 ("0.011", "0.50", "12"), otherwise with
/// an exponent ("3.2e-8"), "0" for exactly 0.
pub fn mag(v: f64) -> String {
    let a = v.abs();
    // The decade after rounding to two digits: 9.95e-3 (and f32's 0.01, 0.0099999998)
    // reads 0.010.
    let decade = (a / 0.995).log10().floor();
    if v == 0.0 {
        "0".into()
    } else if (-2.0..=2.0).contains(&decade) {
        // Decimals for two significant digits: 2 at 0.5, 3 at 0.011, none from 10 on.
        fixed(v, (1.0 - decade).max(0.0) as usize)
    } else {
        sci(v, 1)
    }
}

/// A product given by its log10, as `mag` writes it, or "1e-350" beyond f64's range
/// (a product of many small gains can leave it).
pub fn power(log10: f64) -> String {
    if log10 == f64::NEG_INFINITY {
        "0".into()
    } else if log10.abs() < 300.0 {
        mag(10f64.powf(log10))
    } else {
        format!("1e{}", log10.round() as i64)
    }
}

/// A whole number: "400".
pub fn whole(v: f64) -> String {
    fixed(v, 0)
}

/// A share (0 to 1) in percent with one decimal: "51.2%".
pub fn percent(share: f64) -> String {
    format!("{}%", fixed(100.0 * share, 1))
}

/// `log10(a / b)`, its distance in orders of magnitude, in words: "5.5 orders of
/// magnitude below", "2.0 orders of magnitude above", "about equal to".
pub fn orders_words(log10: f64) -> String {
    if log10.abs() < 0.05 {
        return "about equal to".into();
    }
    let side = if log10 < 0.0 { "below" } else { "above" };
    format!("{} orders of magnitude {side}", fixed(log10.abs(), 1))
}

/// At most `TABLE_EPOCHS` of `items`, evenly chosen, the first and the last among them.
pub fn pick<T: Copy>(items: &[T]) -> Vec<T> {
    pick_evenly(items.len(), TABLE_EPOCHS)
        .into_iter()
        .map(|i| items[i])
        .collect()
}

/// Runs a chart shows: each with its name in compare mode ("A: sigmoid"), "" alone.
pub type Named<'a, T> = [(&'a str, T)];

/// `words` after a compared run's name ("A: sigmoid: …"), alone as they are.
pub fn named(name: &str, words: String) -> String {
    if name.is_empty() {
        words
    } else {
        format!("{name}: {words}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_sentences_quote_them() {
        assert_eq!(layer_words(0, 11), "layer 1");
        assert_eq!(layer_words(10, 11), "the output layer");
        assert_eq!(layer_row(10, 11), "output");
        assert_eq!(mag(3.21e-8), "3.2e-8");
        assert_eq!(mag(0.0), "0");
        assert_eq!(mag(0.0112), "0.011");
        assert_eq!(mag(0.5), "0.50");
        assert_eq!(mag(12.3), "12");
        assert_eq!(mag(1234.0), "1.2e3");
        assert_eq!(mag(f64::from(0.01f32)), "0.010");
        assert_eq!(mag(9.94e-3), "9.9e-3");
        assert_eq!(mag(999.0), "1.0e3");
        assert_eq!(power(-7.5), "3.2e-8");
        assert_eq!(power(-350.2), "1e-350");
        assert_eq!(power(f64::NEG_INFINITY), "0");
        assert_eq!(percent(0.5125), "51.2%");
        assert_eq!(orders_words(-5.46), "5.5 orders of magnitude below");
        assert_eq!(orders_words(2.0), "2.0 orders of magnitude above");
        assert_eq!(orders_words(0.04), "about equal to");
        assert_eq!(pick(&[1, 2, 3]), vec![1, 2, 3]);
        let many: Vec<usize> = (0..=100).collect();
        let picked = pick(&many);
        assert_eq!(picked.len(), TABLE_EPOCHS);
        assert_eq!((picked[0], picked[TABLE_EPOCHS - 1]), (0, 100));
        assert_eq!(named("A: x", "1".into()), "A: x: 1");
        assert_eq!(named("", "7".into()), "7");
        let rows = layer_rows(2)
            .into_iter()
            .zip([vec![Some(0.5)], vec![None]])
            .collect();
        let t = table("c", epoch_heads("layer", [3].into_iter()), rows, mag);
        assert_eq!(t.head, ["layer", "epoch 3"]);
        assert_eq!(t.rows, [["layer 1", "0.50"], ["output", ""]]);
    }
}
