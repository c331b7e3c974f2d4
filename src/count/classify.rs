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

/// One bit per partner.
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    fn set(&mut self, i: usize, on: bool) {
        let (word, bit) = (i / 64, 1u64 << (i % 64));
        if on {
            self.0[word] |= bit;
        } else {
            self.0[word] &= !bit;
        }
    }

    fn first(&self) -> Option<usize> {
        (self.0.iter().enumerate())
            .find(|(_, &w)| w != 0)
            .map(|(i, w)| i * 64 + w.trailing_zeros() as usize)
    }
}

/// The months of the timeline, from its first to its last, as runs.
pub fn classify(tl: &Timeline, s: &Sources) -> Vec<Run> {
    let (base, top) = (tl.base, tl.top);
    let holding = s.holding.is_some();
    // Only cities with a record of the kind can cover a month.
    let mut channels: Vec<Channel> = Vec::new();
    let sources = std::iter::once((None, s.target, None)).chain(
        (s.partners.iter().enumerate())
            .map(|(i, &(city, start))| (Some(PartnerIdx(i as u16)), city, start)),
    );
    for (partner, city, start) in sources {
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
    if channels.is_empty() {
        return vec![none(base, top)];
    }
    // Every month at which a city's state may change, with the city, packed
    // in one integer to sort: months from the first, then the channel.
    const CHANNEL_BITS: u32 = 11;
    debug_assert!(channels.len() < 1 << CHANNEL_BITS);
    debug_assert!(i64::from(top - base + 2) < 1 << (31 - CHANNEL_BITS));
    let key = |month: i32, channel: usize| {
        ((month.clamp(base, top + 1) - base) << CHANNEL_BITS) | channel as i32
    };
    let mut changes: Vec<i32> = Vec::new();
    for (c, channel) in channels.iter().enumerate() {
        changes.push(key(base, c));
        let tracks = std::iter::once(channel.track).chain(channel.held);
        for segment in tracks.flat_map(|t| &t.segments) {
            changes.push(key(segment.from, c));
            changes.push(key(segment.to + 1, c));
        }
        if let Some(start) = channel.start {
            changes.push(key(start, c));
        }
    }
    if let Some(from) = s.from {
        changes.push(key(from, 0));
    }
    changes.sort_unstable();
    changes.dedup();

    let partners = s.partners.len();
    let (mut paid, mut back) = (Bits::new(partners), Bits::new(partners));
    // Records covering the month (two for a city covered twice), and cities
    // covered but not while holding.
    let (mut weight, mut not_held) = (0u32, 0u32);
    let mut runs: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < changes.len() {
        let month = base + (changes[i] >> CHANNEL_BITS);
        if month > top {
            break;
        }
        while let Some(&change) = changes
            .get(i)
            .filter(|&&c| base + (c >> CHANNEL_BITS) == month)
        {
            let channel = &mut channels[(change & ((1 << CHANNEL_BITS) - 1)) as usize];
            let old = channel.state;
            let new = channel.state_at(month, holding);
            channel.state = new;
            for (state, sign) in [(old, false), (new, true)] {
                match state {
                    State::Nothing => {}
                    State::NotHeld => {
                        if sign {
                            not_held += 1;
                        } else {
                            not_held -= 1;
                        }
                    }
                    State::Counts { paid: p, multiple } => {
                        let w = if multiple { 2 } else { 1 };
                        if sign {
                            weight += w;
                        } else {
                            weight -= w;
                        }
                        if let Some(partner) = channel.partner {
                            let bits = if p { &mut paid } else { &mut back };
                            bits.set(usize::from(partner.0), sign);
                        }
                    }
                }
            }
            i += 1;
        }
        let to = changes
            .get(i)
            .map_or(top, |&c| base + (c >> CHANNEL_BITS) - 1)
            .min(top);
        let run = if s.from.is_some_and(|from| month < from) {
            none(month, to)
        } else {
            let target = channels.first().filter(|c| c.partner.is_none());
            let mut class = match target.map(|c| c.state) {
                Some(State::Counts { paid: true, .. }) => {
                    (MonthClass::LOCAL_PAID, PartnerIdx::default())
                }
                Some(State::Counts { paid: false, .. }) => {
                    (MonthClass::LOCAL_BACK, PartnerIdx::default())
                }
                _ => match (paid.first(), back.first()) {
                    (Some(p), _) => (MonthClass::PARTNER_PAID, PartnerIdx(p as u16)),
                    (None, Some(p)) => (MonthClass::PARTNER_BACK, PartnerIdx(p as u16)),
                    (None, None) => (MonthClass::NONE, PartnerIdx::default()),
                },
            };
            if weight > 1 {
                class.0.set_overlap();
            }
            class
                .0
                .set_not_holding(not_held > 0 && !class.0.is_covered());
            Run {
                from: month,
                to,
                class: class.0,
                source: class.1,
            }
        };
        push(&mut runs, run);
    }
    runs
}

/// Months `from..=to` that nothing covers.
fn none(from: i32, to: i32) -> Run {
    Run {
        from,
        to,
        class: MonthClass::NONE,
        source: PartnerIdx::default(),
    }
}

/// Adds a run after the last, merging the two if they are alike.
fn push(runs: &mut Vec<Run>, run: Run) {
    match runs.last_mut() {
        Some(last) if last.class == run.class && last.source == run.source => last.to = run.to,
        _ => runs.push(run),
    }
}
