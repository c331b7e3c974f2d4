//! What each month is for one requirement (or one points component): local,
//! partner or not covered, preferring local paid > local back-paid > partner
//! paid > partner back-paid (the first partner in the list among equals),
//! with two flags: covered by more than one record or city, and covered but
//! not while holding the other kind (§1, §2, §5).
//!
//! The answer is runs of months classified alike ([`Run`]), found by one sweep
//! over the changes of the tracks involved, in month order: only a city whose
//! track changes is looked at again, and the partner that wins is the first
//! bit of a set. The cost follows the ranges of the tracks, not the months
//! times the partners.

use crate::rules::{CityIdx, Kind};

use super::ranges::bits_for;
use super::timeline::{Segment, Track};
use super::{MonthClass, PartnerIdx, Run, Timeline};

/// Where the months of a requirement come from.
pub struct Sources<'a> {
    pub kind: Kind,
    pub target: CityIdx,
    /// The cities whose months count as partner months, in order of
    /// preference ([`PartnerIdx`] is the place in this list), each from its
    /// first month that counts (`None`: every month).
    pub partners: &'a [(CityIdx, Option<i32>)],
    /// Months count only while the same city has a record of this kind.
    pub holding: Option<Kind>,
    /// No month before this one counts, in any city.
    pub from: Option<i32>,
}

/// What one city does for the month being classified.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Nothing,
    /// Covered, but not while holding the other kind.
    NotHeld,
    /// Counts: paid or back-paid, by one record or more.
    Counts {
        paid: bool,
        multiple: bool,
    },
}

/// A city being swept: its tracks, where the sweep is in them, and what it
/// does now.
struct Channel<'t> {
    /// `None`: the target city.
    partner: Option<PartnerIdx>,
    track: &'t Track,
    held: Option<&'t Track>,
    start: Option<i32>,
    at: usize,
    held_at: usize,
    state: State,
}

impl Channel<'_> {
    /// What the city does in `month` (later than any month asked before).
    fn state_at(&mut self, month: i32, holding: bool) -> State {
        let cover = segment_at(&self.track.segments, &mut self.at, month).map(|s| s.cover);
        let started = self.start.is_none_or(|start| month >= start);
        match cover {
            Some(cover) if started => {
                let held = !holding
                    || (self.held)
                        .and_then(|t| segment_at(&t.segments, &mut self.held_at, month))
                        .is_some();
                if held {
                    State::Counts {
                        paid: cover.paid(),
                        multiple: cover.multiple(),
                    }
                } else {
                    State::NotHeld
                }
            }
            _ => State::Nothing,
        }
    }
}

/// The segment that covers `month`, moving `at` forward to it.
fn segment_at<'s>(segments: &'s [Segment], at: &mut usize, month: i32) -> Option<&'s Segment> {
    while segments.get(*at).is_some_and(|s| s.to < month) {
        *at += 1;
    }
    segments.get(*at).filter(|s| s.from <= month)
}

/// Sets or clears bit `i`.
fn set_bit(bits: &mut [u64], i: usize, on: bool) {
    let (word, bit) = (i / 64, 1u64 << (i % 64));
    if on {
        bits[word] |= bit;
    } else {
        bits[word] &= !bit;
    }
}

/// The lowest bit set, if any.
fn first_bit(bits: &[u64]) -> Option<usize> {
    let word = bits.iter().position(|&w| w != 0)?;
    Some(word * 64 + bits[word].trailing_zeros() as usize)
}

#[cfg(test)]
thread_local! {
    /// For the tests: months as ranks, as for a timeline too long for
    /// offsets, on this thread.
    pub static RANKS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Calls `f` with every month at which a channel's state may change, and
/// the channel: its first month, its tracks' changes, its start; and the
/// first month that counts, if any.
fn each_change(channels: &[Channel], from: Option<i32>, base: i32, mut f: impl FnMut(i32, usize)) {
    for (c, channel) in channels.iter().enumerate() {
        f(base, c);
        let held = channel.held.map_or(&[][..], |t| &t.segments);
        for segment in channel.track.segments.iter().chain(held) {
            f(segment.from, c);
            f(segment.to + 1, c);
        }
        if let Some(start) = channel.start {
            f(start, c);
        }
    }
    if let Some(from) = from.filter(|_| !channels.is_empty()) {
        f(from, 0);
    }
}

/// The months of the timeline, from its first to its last, as runs.
pub fn classify(tl: &Timeline, s: &Sources) -> Vec<Run> {
    let (base, top) = (tl.base, tl.top);
    let holding = s.holding.is_some();
    // Only cities with a record of the kind can cover a month; the target
    // (if it has one) comes first.
    let mut channels: Vec<Channel> = Vec::new();
    for i in 0..=s.partners.len() {
        let (partner, (city, start)) = match i.checked_sub(1) {
            None => (None, (s.target, None)),
            Some(p) => (Some(PartnerIdx(p as u16)), s.partners[p]),
        };
        if let Some(track) = tl.track(city, s.kind) {
            channels.push(Channel {
                partner,
                track,
                held: s.holding.and_then(|kind| tl.track(city, kind)),
                start,
                at: 0,
                held_at: 0,
                state: State::Nothing,
            });
        }
    }
    // Every month at which a city's state may change, with the city, packed
    // in one integer to sort: the month (as months from the first; or, for a
    // timeline too long for that, which no real rule makes, as its rank
    // among the months that occur), then the city's channel.
    let bits = bits_for(channels.len());
    let fits = bits_for((top - base + 2) as usize) + bits <= 31;
    #[cfg(test)]
    let fits = fits && !RANKS.with(|ranks| ranks.get());
    let mut table: Vec<i32> = Vec::new();
    if !fits {
        each_change(&channels, s.from, base, |month, _| {
            table.push(month.clamp(base, top + 1))
        });
        crate::count::sort(&mut table);
        table.dedup();
    }
    let mut changes: Vec<i32> = Vec::new();
    each_change(&channels, s.from, base, |month, channel| {
        let month = month.clamp(base, top + 1);
        let at = if fits {
            month - base
        } else {
            table.binary_search(&month).unwrap_or(0) as i32
        };
        changes.push((at << bits) | channel as i32);
    });
    crate::count::sort(&mut changes);
    changes.dedup();

    // Partners that count now, paid and back-paid; records covering the
    // month (two for a city covered twice); cities covered but not while
    // holding.
    let words = s.partners.len().div_ceil(64);
    let (mut paid, mut back) = (vec![0u64; words], vec![0u64; words]);
    let (mut weight, mut not_held) = (0i32, 0i32);
    let mut runs: Vec<Run> = Vec::new();
    let mut i = 0;
    // The first month of `changes[i]` onwards, past `top` once they end.
    let month_of = |i: usize| {
        changes.get(i).map_or(top + 1, |&c| {
            let at = c >> bits;
            if fits {
                base + at
            } else {
                table[at as usize]
            }
        })
    };
    while month_of(i) <= top {
        let month = month_of(i);
        while month_of(i) == month {
            let channel = &mut channels[(changes[i] & ((1 << bits) - 1)) as usize];
            let old = channel.state;
            channel.state = channel.state_at(month, holding);
            for (state, sign) in [(old, -1), (channel.state, 1)] {
                match state {
                    State::Nothing => {}
                    State::NotHeld => not_held += sign,
                    State::Counts { paid: p, multiple } => {
                        weight += sign * if multiple { 2 } else { 1 };
                        if let Some(partner) = channel.partner {
                            let bits = if p { &mut paid } else { &mut back };
                            set_bit(bits, usize::from(partner.0), sign > 0);
                        }
                    }
                }
            }
            i += 1;
        }
        let to = (month_of(i) - 1).min(top);
        let mut class = MonthClass::NONE;
        let mut source = PartnerIdx::default();
        if s.from.is_none_or(|from| month >= from) {
            let target = channels.first().filter(|c| c.partner.is_none());
            match (target.map(|c| c.state), first_bit(&paid), first_bit(&back)) {
                (Some(State::Counts { paid: true, .. }), _, _) => class = MonthClass::LOCAL_PAID,
                (Some(State::Counts { paid: false, .. }), _, _) => class = MonthClass::LOCAL_BACK,
                (_, Some(p), _) => {
                    (class, source) = (MonthClass::PARTNER_PAID, PartnerIdx(p as u16))
                }
                (_, None, Some(p)) => {
                    (class, source) = (MonthClass::PARTNER_BACK, PartnerIdx(p as u16))
                }
                _ => {}
            }
            if weight > 1 {
                class.set_overlap();
            }
            class.set_not_holding(not_held > 0 && !class.is_covered());
        }
        match runs.last_mut() {
            Some(last) if last.class == class && last.source == source => last.to = to,
            _ => runs.push(Run {
                from: month,
                to,
                class,
                source,
            }),
        }
    }
    if runs.is_empty() {
        // Nothing covers any month.
        runs.push(Run {
            from: base,
            to: top,
            class: MonthClass::NONE,
            source: PartnerIdx::default(),
        });
    }
    runs
}
