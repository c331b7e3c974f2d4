//! The history laid out as one track per (city, kind): the months its records
//! cover, as sorted ranges with how they are covered (paid, back-paid (补缴),
//! by more than one record), and the covered months before each range
//! (prefix sums). Ongoing periods run past the evaluation month up to a
//! horizon, so that the same counting code answers "now" (a cut-off at or
//! before the evaluation month never reads the extension) and "from which
//! month" (cut-offs in the extension).
//!
//! A track has a range per change of cover, not a cell per month: building
//! it sorts its records' starts and ends once, and every question about it
//! is a binary search, whatever the months it spans.

use crate::count::ranges::bits_for;
use crate::history::History;
use crate::month::Month;
use crate::options::WhatIf;
use crate::rules::{CityIdx, Kind, RuleSet};

/// How the records of one (city, kind) cover a month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cover(u8);

impl Cover {
    const PAID: u8 = 1;
    const BACK: u8 = 2;
    /// Covered by more than one record.
    const MULTI: u8 = 4;

    /// No record covers the month.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// An ordinary (not back-paid) record covers the month.
    pub fn paid(self) -> bool {
        self.0 & Cover::PAID != 0
    }

    /// More than one record covers the month.
    pub fn multiple(self) -> bool {
        self.0 & Cover::MULTI != 0
    }

    /// The cover of `paid` ordinary and `back` back-paid records.
    fn of(paid: u32, back: u32) -> Cover {
        let mut cover = 0;
        if paid > 0 {
            cover |= Cover::PAID;
        }
        if back > 0 {
            cover |= Cover::BACK;
        }
        if paid + back > 1 {
            cover |= Cover::MULTI;
        }
        Cover(cover)
    }
}

/// Months `from..=to` (indices, [`Month::index`]) covered alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub from: i32,
    pub to: i32,
    pub cover: Cover,
}

/// The covered months of one (city, kind): sorted, disjoint, non-empty
/// segments, two that touch differing in cover; the months between them
/// are not covered.
#[derive(Clone, Debug, Default)]
pub struct Track {
    pub segments: Vec<Segment>,
    /// Covered months before each segment, and in all at the end.
    before: Vec<u32>,
}

impl Track {
    /// The records `(from, to, back-paid)`, in any order, all from `base`
    /// on.
    fn build(records: &[(i32, i32, bool)], base: i32) -> Track {
        // Starts and ends (the month after the last) as one sorted list of
        // changes: the month, shifted, with what changes in the low bits.
        const START: i32 = 0;
        const END: i32 = 2;
        const BACK: i32 = 1;
        let mut changes: Vec<i32> = Vec::with_capacity(records.len() * 2);
        for &(from, to, back_paid) in records {
            let back = if back_paid { BACK } else { 0 };
            changes.push(((from - base) << 2) | START | back);
            changes.push(((to + 1 - base) << 2) | END | back);
        }
        crate::count::sort(&mut changes);
        let mut track = Track::default();
        let (mut paid, mut back) = (0u32, 0u32);
        let mut i = 0;
        while i < changes.len() {
            let month = base + (changes[i] >> 2);
            while i < changes.len() && base + (changes[i] >> 2) == month {
                let count = if changes[i] & BACK != 0 {
                    &mut back
                } else {
                    &mut paid
                };
                if changes[i] & END != 0 {
                    *count -= 1;
                } else {
                    *count += 1;
                }
                i += 1;
            }
            // Every record ends, so a covered month has a next change.
            let Some(&next) = changes.get(i) else {
                break;
            };
            let cover = Cover::of(paid, back);
            if cover.is_empty() {
                continue;
            }
            let to = base + (next >> 2) - 1;
            match track.segments.last_mut() {
                Some(last) if last.to + 1 == month && last.cover == cover => last.to = to,
                _ => track.segments.push(Segment {
                    from: month,
                    to,
                    cover,
                }),
            }
        }
        let mut covered = 0;
        track.before = Vec::with_capacity(track.segments.len() + 1);
        for s in &track.segments {
            track.before.push(covered);
            covered += (s.to - s.from + 1) as u32;
        }
        track.before.push(covered);
        track
    }

    /// The place of the first segment that ends at or after `month`.
    fn from(&self, month: i32) -> usize {
        self.segments.partition_point(|s| s.to < month)
    }

    /// The segment that covers `month`, if any.
    pub fn at(&self, month: i32) -> Option<&Segment> {
        self.segments
            .get(self.from(month))
            .filter(|s| s.from <= month)
    }

    /// Months covered up to and including `month`.
    pub fn covered_upto(&self, month: i32) -> u32 {
        let i = self.from(month);
        let within = (self.segments.get(i)).map_or(0, |s| (month - s.from + 1).max(0) as u32);
        self.before[i] + within
    }
}

/// One [`Track`] per (city, kind) with records, from `base` to `top`.
pub struct Timeline {
    pub base: i32,
    pub top: i32,
    pub evaluation: Month,
    /// Per (city, kind), 1 + the place of its track in `tracks`; 0: none.
    slots: Vec<u32>,
    tracks: Vec<Track>,
    /// Per city, whether the history names it (a what-if city need not).
    named: Vec<bool>,
    /// Per kind, the cities with a record of it, in gazetteer order.
    with_records: [Vec<CityIdx>; 2],
}

fn slot(city: CityIdx, kind: Kind) -> usize {
    city.get() * 2 + kind.index()
}

impl Timeline {
    pub fn build(
        rules: &RuleSet,
        history: &History,
        evaluation: Month,
        horizon: i32,
        what_if: Option<&WhatIf>,
    ) -> Timeline {
        let earliest = history
            .periods
            .iter()
            .map(|p| p.from.index())
            .min()
            .unwrap_or(evaluation.index());
        let base = earliest.min(evaluation.index());
        let top = evaluation.index() + horizon;
        let cities = rules.gazetteer.cities.len();
        // Every record as (from, to, back-paid). An ongoing period runs on
        // past the evaluation month, unless a what-if for its kind moves the
        // person elsewhere; the what-if is a record from its month on.
        let mut records: Vec<(usize, (i32, i32, bool))> = Vec::new();
        let mut named = vec![false; cities];
        for period in &history.periods {
            named[period.city.get()] = true;
            let mut to = period.end(evaluation).index();
            if period.to.is_none() {
                let stop = match what_if {
                    Some(w) if w.kinds.contains(&period.kind) => w.from.index() - 1,
                    _ => top,
                };
                to = to.max(stop);
            }
            let record = (period.from.index(), to, period.back_paid);
            records.push((slot(period.city, period.kind), record));
        }
        if let Some(w) = what_if {
            for &kind in &w.kinds {
                records.push((slot(w.city, kind), (w.from.index(), top, false)));
            }
        }
        // Per record, its (city, kind) slot and its place, packed in one
        // integer to sort: the records of a slot together, slots in order.
        let shift = bits_for(records.len());
        debug_assert!(cities * 2 <= 1 << (31 - shift));
        let mut order: Vec<i32> = Vec::with_capacity(records.len());
        for (i, &(slot, _)) in records.iter().enumerate() {
            order.push(((slot as i32) << shift) | i as i32);
        }
        crate::count::sort(&mut order);
        let mut slots = vec![0u32; cities * 2];
        let mut tracks = Vec::new();
        let mut with_records = [Vec::new(), Vec::new()];
        let mut group = Vec::new();
        for (i, &key) in order.iter().enumerate() {
            let (slot, record) = records[(key & ((1 << shift) - 1)) as usize];
            group.push(record);
            if order
                .get(i + 1)
                .is_some_and(|&next| next >> shift == key >> shift)
            {
                continue;
            }
            tracks.push(Track::build(&group, base));
            group.clear();
            slots[slot] = tracks.len() as u32;
            with_records[slot % 2].push(CityIdx::new(slot / 2));
        }
        Timeline {
            base,
            top,
            evaluation,
            slots,
            tracks,
            named,
            with_records,
        }
    }

    /// Whether a period of the history is in `city`.
    pub fn in_history(&self, city: CityIdx) -> bool {
        self.named[city.get()]
    }

    /// The cities with a record of `kind`, in gazetteer order.
    pub fn cities_with(&self, kind: Kind) -> &[CityIdx] {
        &self.with_records[kind.index()]
    }

    /// The track of a (city, kind) that has any record.
    pub fn track(&self, city: CityIdx, kind: Kind) -> Option<&Track> {
        let t = *self.slots.get(slot(city, kind))?;
        (t > 0).then(|| &self.tracks[t as usize - 1])
    }

    /// Whether a record of (city, kind) covers `month`.
    pub fn covers(&self, city: CityIdx, kind: Kind, month: Month) -> bool {
        (self.track(city, kind)).is_some_and(|t| t.at(month.index()).is_some())
    }

    /// Months of `city` and `kind` covered from the start up to `month`,
    /// inclusive.
    pub fn covered_upto(&self, city: CityIdx, kind: Kind, month: Month) -> u32 {
        (self.track(city, kind)).map_or(0, |t| t.covered_upto(month.index()))
    }
}
