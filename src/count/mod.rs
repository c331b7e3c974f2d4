//! Counting months (README, counting semantics §1 a month counts once, §3
//! continuous streaks and gaps, §4 back-paid months, §5 only while holding,
//! §6 the cut-off).
//!
//! [`timeline`] lays the history out per (city, kind) as ranges of months;
//! [`mod@classify`] turns the tracks a requirement reads into runs of months
//! classified alike; [`tally`] walks those runs back from a cut-off. Which
//! other cities' months a requirement may use is decided by
//! [`crate::recognise`].

pub mod classify;
pub mod ranges;
#[cfg(test)]
pub mod reference;
pub mod tally;
pub mod timeline;

pub use classify::{classify, Sources};
pub use tally::{Gap, MonthClass, PartnerIdx, Run, Tally};
pub use timeline::{Cover, Segment, Timeline, Track};

/// Sorts integers in place: every sweep of the engine sorts `i32` keys (a
/// month and a place packed in one integer), all through this one heapsort,
/// a few dozen instructions in the page's WebAssembly where the standard
/// library's sort is several kilobytes. No allocation, O(n log n).
pub(crate) fn sort(v: &mut [i32]) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

fn sift_down(v: &mut [i32], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && v[child] < v[child + 1] {
            child += 1;
        }
        if v[root] >= v[child] {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_library_does(mut v in proptest::collection::vec(any::<i32>(), 0..300)) {
            let mut expected = v.clone();
            expected.sort_unstable();
            super::sort(&mut v);
            prop_assert_eq!(v, expected);
        }
    }
}
