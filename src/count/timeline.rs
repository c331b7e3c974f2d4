//! The history laid out as one track per (city, kind): which months a record
//! covers, and whether the record was back-paid (补缴). Ongoing periods run
//! past the evaluation month up to a horizon, so that the same counting code
//! answers "now" (a cut-off at or before the evaluation month never reads the
//! extension) and "from which month" (cut-offs in the extension).

use crate::history::History;
use crate::month::Month;
use crate::options::WhatIf;
use crate::rules::{CityIdx, Kind, RuleSet};

/// How the records of one (city, kind) cover one month.
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

    fn add(&mut self, back_paid: bool) {
        if self.0 != 0 {
            self.0 |= Cover::MULTI;
        }
        self.0 |= if back_paid { Cover::BACK } else { Cover::PAID };
    }
}

/// One [`Cover`] per month from `base` to `top`, per (city, kind).
pub struct Timeline {
    pub base: i32,
    pub top: i32,
    pub evaluation: Month,
    tracks: Vec<Option<Vec<Cover>>>,
    /// Per track, the number of covered months up to and including each
    /// position (for explanations).
    covered: Vec<Option<Vec<u32>>>,
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
        let len = (top - base + 1) as usize;
        let mut tracks: Vec<Option<Vec<Cover>>> = vec![None; rules.gazetteer.cities.len() * 2];
        let mut mark = |city: CityIdx, kind: Kind, from: i32, to: i32, back_paid: bool| {
            let track = tracks[slot(city, kind)].get_or_insert_with(|| vec![Cover::default(); len]);
            for cover in &mut track[(from - base) as usize..=(to - base) as usize] {
                cover.add(back_paid);
            }
        };
        let mut named = vec![false; rules.gazetteer.cities.len()];
        for period in &history.periods {
            named[period.city.get()] = true;
            let to = period.end(evaluation).index();
            mark(
                period.city,
                period.kind,
                period.from.index(),
                to,
                period.back_paid,
            );
            if period.to.is_none() {
                // Ongoing: continues past the evaluation month, unless a what-if
                // for this kind moves the person elsewhere.
                let stop = match what_if {
                    Some(w) if w.kinds.contains(&period.kind) => w.from.index() - 1,
                    _ => top,
                };
                if stop > to {
                    mark(period.city, period.kind, to + 1, stop, false);
                }
            }
        }
        if let Some(w) = what_if {
            for &kind in &w.kinds {
                mark(w.city, kind, w.from.index(), top, false);
            }
        }
        let covered = tracks
            .iter()
            .map(|t| t.as_deref().map(running_count))
            .collect();
        let with_records = Kind::ALL.map(|kind| {
            (rules.city_indices())
                .filter(|&c| tracks[slot(c, kind)].is_some())
                .collect()
        });
        Timeline {
            base,
            top,
            evaluation,
            tracks,
            covered,
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

    /// The months of a (city, kind) that has any record.
    pub fn track(&self, city: CityIdx, kind: Kind) -> Option<&[Cover]> {
        self.tracks[slot(city, kind)].as_deref()
    }

    /// Whether a record of (city, kind) covers the month at `pos`.
    pub fn covers(&self, city: CityIdx, kind: Kind, pos: usize) -> bool {
        self.track(city, kind).is_some_and(|t| !t[pos].is_empty())
    }

    /// Months of `city` and `kind` covered from the start up to `month`,
    /// inclusive.
    pub fn covered_upto(&self, city: CityIdx, kind: Kind, month: Month) -> u32 {
        let Some(covered) = &self.covered[slot(city, kind)] else {
            return 0;
        };
        let i = month.index().min(self.top) - self.base;
        if i < 0 {
            0
        } else {
            covered[i as usize]
        }
    }

    /// Number of months from `base` to `top`.
    pub fn months(&self) -> usize {
        (self.top - self.base + 1) as usize
    }

    pub fn pos(&self, month: Month) -> Option<usize> {
        let i = month.index();
        (self.base..=self.top)
            .contains(&i)
            .then(|| (i - self.base) as usize)
    }

    pub fn month(&self, pos: usize) -> Month {
        Month::from_index(self.base + pos as i32)
    }
}

fn running_count(track: &[Cover]) -> Vec<u32> {
    track
        .iter()
        .scan(0u32, |n, cover| {
            *n += u32::from(!cover.is_empty());
            Some(*n)
        })
        .collect()
}
