//! The `--depths` argument of `vgp sweep`: a list of depths and ranges.

use vgp::config::limits;

/// Read a list of depths: comma-separated items, each a depth (`10`) or an inclusive
/// range (`1..30`), for example `1..10,15,20`. Returns them sorted without duplicates,
/// or what is wrong as a phrase (for example `"0" is below 1`).
pub fn parse_depths(text: &str) -> Result<Vec<usize>, String> {
    let (lo, hi) = limits::DEPTH;
    let number = |item: &str| -> Result<usize, String> {
        let d: usize = item
            .trim()
            .parse()
            .map_err(|_| format!("{:?} is not a whole number", item.trim()))?;
        if d < lo || d > hi {
            return Err(format!("depth {d} is outside {lo}..{hi}"));
        }
        Ok(d)
    };
    let mut depths = Vec::new();
    for item in text.split(',') {
        if item.trim().is_empty() {
            return Err("has an empty item".to_string());
        }
        match item.split_once("..") {
            Some((a, b)) => {
                let (a, b) = (number(a)?, number(b)?);
                if a > b {
                    return Err(format!(
                        "the range {a}..{b} is empty (its start is above its end)"
                    ));
                }
                depths.extend(a..=b);
            }
            None => depths.push(number(item)?),
        }
    }
    Ok(vgp::sorting::sorted_unique(depths))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_lists_and_ranges() {
        assert_eq!(parse_depths("1..5"), Ok(vec![1, 2, 3, 4, 5]));
        assert_eq!(parse_depths("10,2,5,2"), Ok(vec![2, 5, 10]));
        assert_eq!(parse_depths(" 3 .. 4 , 7"), Ok(vec![3, 4, 7]));
        assert_eq!(parse_depths("1..3,2..4"), Ok(vec![1, 2, 3, 4]));
        assert_eq!(parse_depths("30..30"), Ok(vec![30]));
        for (bad, says) in [
            ("", "empty item"),
            ("1,,2", "empty item"),
            ("0..5", "depth 0 is outside 1..100"),
            ("1..101", "depth 101 is outside 1..100"),
            ("5..2", "range 5..2 is empty"),
            ("abc", "\"abc\" is not a whole number"),
            ("1..", "\"\" is not a whole number"),
            ("-3", "\"-3\" is not a whole number"),
            ("1...3", "\".3\" is not a whole number"),
        ] {
            let err = parse_depths(bad).expect_err(bad);
            assert!(err.contains(says), "{bad}: {err}");
        }
    }
}
