//! Months as sorted lists of ranges `(from, to)` (month indices, inclusive,
//! disjoint, neither overlapping nor touching): what a sweep yields, and how
//! two of them meet.

/// Adds `from..=to` (nothing if empty) after `ranges[first..]`, whose
/// starts it does not precede, merging it with the last of them when they
/// overlap or touch.
pub fn push_merged(ranges: &mut Vec<(i32, i32)>, first: usize, from: i32, to: i32) {
    if from > to {
        return;
    }
    let own = ranges.len() > first;
    match ranges.last_mut() {
        Some(last) if own && from <= last.1 + 1 => last.1 = last.1.max(to),
        _ => ranges.push((from, to)),
    }
}

/// The months in both `a` and `b`: for each range of `a`, the ranges of `b`
/// from the first that ends in it (a binary search), so the cost follows
/// `a` and what is found.
pub fn intersect(a: &[(i32, i32)], b: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut out = Vec::new();
    intersect_into(&mut out, a, b);
    out
}

/// [`intersect`] into `out` (emptied first).
pub fn intersect_into(out: &mut Vec<(i32, i32)>, a: &[(i32, i32)], b: &[(i32, i32)]) {
    out.clear();
    for &(from, to) in a {
        let first = ending_from(b, from);
        for &(start, end) in b[first..].iter().take_while(|&&(start, _)| start <= to) {
            out.push((start.max(from), end.min(to)));
        }
    }
}

/// Whether `from..=to` meets one of `ranges`.
pub fn overlaps_any(ranges: &[(i32, i32)], from: i32, to: i32) -> bool {
    (ranges.get(ending_from(ranges, from))).is_some_and(|&(start, _)| start <= to)
}

/// The place of the first range that ends at or after `month`.
fn ending_from(ranges: &[(i32, i32)], month: i32) -> usize {
    ranges.partition_point(|&(_, end)| end < month)
}

/// The bits that hold any place below `places`, for packing a place in the
/// low bits of an `i32` sort key.
pub fn bits_for(places: usize) -> u32 {
    usize::BITS - places.leading_zeros()
}
