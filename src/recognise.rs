//! Recognition through agreements (README, counting semantics §2): which other
//! cities' months count for a target city, from which month, and at what
//! value (an agreement's conversion ratio and cap).
//!
//! A requirement is classified once: the months of the timeline become runs
//! of local, partner or uncovered months ([`mod@crate::count::classify`]),
//! preferring local paid > local back-paid > partner paid > partner
//! back-paid. Counting at any application month then walks those runs
//! ([`crate::count::tally`]) and converts partner months per agreement
//! ([`Classified::count`]).

use crate::count::{classify, tally, PartnerIdx, Run, Sources, Tally, Timeline};
use crate::month::{Date, Month};
use crate::rules::{
    AgreementIdx, AgreementVersion, CityIdx, PartnerStart, Recognition, Requirement, RuleSet,
    VersionCities,
};

/// An agreement version in force, with the cities it names (resolved when
/// the rules were loaded).
#[derive(Clone, Copy)]
pub struct InForce<'r> {
    pub agreement: AgreementIdx,
    pub version: &'r AgreementVersion,
    pub cities: &'r VersionCities,
}

/// The agreement versions in force on the evaluation date.
pub struct Active<'r> {
    pub versions: Vec<InForce<'r>>,
}

impl<'r> Active<'r> {
    pub fn at(rules: &'r RuleSet, date: Date) -> Active<'r> {
        let versions = (rules.agreements.iter().enumerate())
            .filter_map(|(i, doc)| {
                let agreement = AgreementIdx::new(i);
                let v = in_force_index(&doc.doc.versions, date, |v| {
                    (v.effective_from, v.effective_until)
                })?;
                Some(InForce {
                    agreement,
                    version: &doc.doc.versions[v],
                    cities: rules.agreement_cities(agreement, v),
                })
            })
            .collect();
        Active { versions }
    }

    /// Every agreement in force, with its version.
    pub fn iter(&self) -> impl Iterator<Item = (AgreementIdx, &'r AgreementVersion)> + '_ {
        self.versions.iter().map(|a| (a.agreement, a.version))
    }

    pub fn version(&self, agreement: AgreementIdx) -> Option<&'r AgreementVersion> {
        (self.versions.iter())
            .find(|a| a.agreement == agreement)
            .map(|a| a.version)
    }

    /// An agreement in force under which `target` recognises `city` (for
    /// some kind).
    pub fn linking(&self, target: CityIdx, city: CityIdx) -> Option<AgreementIdx> {
        (self.versions.iter())
            .find(|a| a.cities.recognising.contains(target) && a.cities.partners.contains(city))
            .map(|a| a.agreement)
    }

    /// The agreements in force under which `city`'s months count elsewhere.
    pub fn counting(&self, city: CityIdx) -> impl Iterator<Item = AgreementIdx> + '_ {
        (self.versions.iter())
            .filter(move |a| a.cities.partners.contains(city))
            .map(|a| a.agreement)
    }
}

/// The version of `versions` in force on `date`.
pub fn in_force<V>(
    versions: &[V],
    date: Date,
    span: impl Fn(&V) -> (Date, Option<Date>),
) -> Option<&V> {
    in_force_index(versions, date, span).map(|i| &versions[i])
}

/// The place of the version of `versions` in force on `date`.
fn in_force_index<V>(
    versions: &[V],
    date: Date,
    span: impl Fn(&V) -> (Date, Option<Date>),
) -> Option<usize> {
    versions.iter().position(|v| {
        let (from, until) = span(v);
        from <= date && until.is_none_or(|until| date <= until)
    })
}

/// Whether `names` (ids or codes) name `city`.
pub fn lists(rules: &RuleSet, names: &[String], city: CityIdx) -> bool {
    names.iter().any(|n| rules.city_by_name(n) == Some(city))
}

/// A partner city whose months count, through which agreement.
pub struct Partner<'r> {
    pub city: CityIdx,
    pub agreement: AgreementIdx,
    pub version: &'r AgreementVersion,
}

/// Partner months of one agreement: raw, after its ratio, after its cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgreementCount {
    pub agreement: AgreementIdx,
    pub raw: u32,
    pub converted: u32,
    pub capped: u32,
}

/// Where a requirement's months keep coming from, at the horizon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Continues {
    pub local: bool,
    pub partner: bool,
}

/// A requirement counted at one application month.
pub struct Count {
    pub cutoff: Month,
    pub tally: Tally,
    pub per_agreement: Vec<AgreementCount>,
    /// Local months plus partner months after ratio and cap.
    pub counted: u32,
    /// The application month is covered in the city itself (or need not be).
    pub current: bool,
    pub met: bool,
}

/// A requirement of a target city, with every month classified once (as
/// runs of months classified alike, from the timeline's first month to its
/// last).
pub struct Classified<'r> {
    pub req: &'r Requirement,
    pub target: CityIdx,
    pub partners: Vec<Partner<'r>>,
    pub runs: Vec<Run>,
    /// The agreements counted through, in the order of `partners`…
    agreements: Vec<(AgreementIdx, &'r AgreementVersion)>,
    /// …and each partner's place among them.
    slot_of: Vec<usize>,
    /// Per city with records of the kind, which partner it is.
    partner_of: Vec<u16>,
}

impl<'r> Classified<'r> {
    pub fn new(req: &'r Requirement, target: CityIdx, active: &Active<'r>, tl: &Timeline) -> Self {
        let (partners, partner_of) = partners(req, target, active, tl);
        let mut starts = Vec::with_capacity(partners.len());
        for p in &partners {
            let start = match p.version.partner_months_from {
                PartnerStart::From(start) => Some(start.index()),
                PartnerStart::Any | PartnerStart::Unknown => None,
            };
            starts.push((p.city, start));
        }
        let runs = classify(
            tl,
            &Sources {
                kind: req.kind,
                target,
                partners: &starts,
                holding: req.only_while_holding,
                from: None,
            },
        );
        // Partners come grouped by agreement (one version of each is in
        // force).
        let mut agreements: Vec<(AgreementIdx, &'r AgreementVersion)> = Vec::new();
        let mut slot_of = Vec::with_capacity(partners.len());
        for p in &partners {
            if agreements.last().is_none_or(|&(a, _)| a != p.agreement) {
                agreements.push((p.agreement, p.version));
            }
            slot_of.push(agreements.len() - 1);
        }
        Classified {
            req,
            target,
            partners,
            runs,
            agreements,
            slot_of,
            partner_of,
        }
    }

    /// The partner that the `i`th city with records of the kind
    /// ([`Timeline::cities_with`]) is, if it is one.
    pub fn partner_among_records(&self, i: usize) -> Option<&Partner<'r>> {
        let p = *self.partner_of.get(i)?;
        self.partners.get(usize::from(p))
    }

    /// Counts at application month `at` (the cut-off follows from it).
    pub fn count(&self, tl: &Timeline, at: Month) -> Count {
        let req = self.req;
        let cutoff = tally::cutoff(req, at);
        let tally = tally::tally(req, &self.runs, self.partners.len(), cutoff);
        let per_agreement = self.convert(&self.by_agreement(&tally.raw));
        let counted = tally.local + per_agreement.iter().map(|a| a.capped).sum::<u32>();
        let current = !req.must_be_current || tl.covers(self.target, req.kind, at);
        let met = counted >= req.months && tally.local >= req.min_local_months && current;
        Count {
            cutoff,
            tally,
            per_agreement,
            counted,
            current,
            met,
        }
    }

    /// Partner months per agreement, from months per partner.
    pub fn by_agreement(&self, raw: &[u32]) -> Vec<u32> {
        let mut sums = vec![0; self.agreements.len()];
        for (&slot, &months) in self.slot_of.iter().zip(raw) {
            sums[slot] += months;
        }
        sums
    }

    /// The agreement a partner's months count through, as a place in
    /// [`Classified::by_agreement`].
    pub fn slot_of(&self, partner: PartnerIdx) -> usize {
        self.slot_of[usize::from(partner.0)]
    }

    /// Partner months per agreement, then its ratio (rounded down) and cap.
    fn convert(&self, raw: &[u32]) -> Vec<AgreementCount> {
        let mut out = Vec::with_capacity(raw.len());
        for (&(agreement, version), &raw) in self.agreements.iter().zip(raw) {
            let converted = convert(version, raw);
            out.push(AgreementCount {
                agreement,
                raw,
                converted,
                capped: capped(version, converted),
            });
        }
        out
    }

    /// Whether `local` months and partner months per agreement (`raw`)
    /// meet the months and the local minimum ("current" aside).
    pub fn reaches(&self, local: u32, raw: &[u32]) -> bool {
        let mut counted = local;
        for (&(_, version), &raw) in self.agreements.iter().zip(raw) {
            counted += capped(version, convert(version, raw));
        }
        counted >= self.req.months && local >= self.req.min_local_months
    }

    /// The version of an agreement this requirement counts through.
    pub fn version_of(&self, agreement: AgreementIdx) -> Option<&'r AgreementVersion> {
        (self.agreements.iter())
            .find(|&&(a, _)| a == agreement)
            .map(|&(_, v)| v)
    }

    /// Whether this requirement keeps growing past the evaluation month.
    pub fn continues(&self, tl: &Timeline) -> Continues {
        Continues {
            local: tl.covers(self.target, self.req.kind, Month::from_index(tl.top)),
            partner: self.runs.last().is_some_and(|r| r.class.is_partner()),
        }
    }
}

/// Partner months after an agreement's ratio, rounded down. The small
/// epsilon keeps 0.5 × 24 at 12 despite binary floats.
fn convert(version: &AgreementVersion, raw: u32) -> u32 {
    (f64::from(raw) * version.ratio + 1e-9).floor() as u32
}

/// Converted partner months within an agreement's cap.
fn capped(version: &AgreementVersion, converted: u32) -> u32 {
    version
        .cap_months
        .map_or(converted, |cap| converted.min(cap))
}

/// The cities whose months count for `req` of `target`, through which
/// agreement: the first agreement in force that lists the target as
/// recognising, the city as partner and the kind, for cities with records;
/// each agreement's partners in the order it lists them. Only the cities with
/// records are looked at, each in the sets built when the rules were loaded:
/// the cost follows the history, not the size of the agreements.
///
/// Also, for each city with records of the kind ([`Timeline::cities_with`]),
/// which partner it is ([`NOT_A_PARTNER`] if none; empty if no month counts
/// but the target's).
fn partners<'r>(
    req: &Requirement,
    target: CityIdx,
    active: &Active<'r>,
    tl: &Timeline,
) -> (Vec<Partner<'r>>, Vec<u16>) {
    let mut partners: Vec<Partner<'r>> = Vec::new();
    if req.recognition != Recognition::Agreements {
        return (partners, Vec::new());
    }
    let with_records = tl.cities_with(req.kind);
    let mut taken = vec![NOT_A_PARTNER; with_records.len()];
    // (place in the agreement's list, place in `with_records`), packed in
    // one integer to sort.
    let mut places: Vec<i32> = Vec::new();
    for a in &active.versions {
        if !a.version.kinds.contains(&req.kind) || !a.cities.recognising.contains(target) {
            continue;
        }
        places.clear();
        for (i, &city) in with_records.iter().enumerate() {
            if city != target && taken[i] == NOT_A_PARTNER {
                if let Some(place) = a.cities.partner_place(city) {
                    places.push(((place as i32) << 16) | i as i32);
                }
            }
        }
        debug_assert!(with_records.len() < usize::from(NOT_A_PARTNER));
        crate::count::sort(&mut places);
        for &key in &places {
            let i = (key & 0xffff) as usize;
            taken[i] = partners.len() as u16;
            partners.push(Partner {
                city: with_records[i],
                agreement: a.agreement,
                version: a.version,
            });
        }
    }
    (partners, taken)
}

/// In [`Classified`]'s partners per city with records: not one.
const NOT_A_PARTNER: u16 = u16::MAX;

#[cfg(test)]
mod tests {
    //! Recognition end to end on the fixture world (`crate::fixture`): partner
    //! months through an agreement in force only, its start, ratio and cap, a
    //! kind it does not cover and a requirement that counts local months only
    //! (§2); and the two parts of "met" that [`Classified::count`] decides
    //! besides the count (§7): the local minimum, which partner months never
    //! reach, and a current application month.

    use crate::fixture::{date, first, month, ongoing, period, rules, run, si, Pact, Req};
    use crate::report::{NoProjection, PartnerExclusion, RouteReason, Status, Step};
    use crate::rules::{Confidence, Kind, PartnerStart};

    #[test]
    fn partner_months_count_through_an_agreement_only() {
        let rules = rules([Req::si(24).agreements()], Some(Pact::new()));
        let route = run(
            &rules,
            vec![
                si("beta", "2020-01", "2020-12"),
                si("gamma", "2021-01", "2021-12"),
                si("alpha", "2022-01", "2022-06"),
            ],
            "2026-11-26",
        );
        let r = first(&route);
        assert_eq!((r.counted_months, r.local_months), (18, 6));
        assert_eq!(r.from_cities[0].city, "beta");
        assert!(route.explanation.iter().any(|s| matches!(s, Step::PartnerExcluded { city, reason: PartnerExclusion::NoAgreement, months: 12, .. } if city == "gamma")));
        assert_eq!(route.confidence, Some(Confidence::News), "the weakest link");
    }

    #[test]
    fn an_agreement_counts_only_once_in_force() {
        let pact = Pact::new().in_force_from(date("2021-01-01"));
        let rules = rules([Req::si(24).agreements()], Some(pact));
        let history = || vec![si("beta", "2010-01", "2012-12")];
        let before = run(&rules, history(), "2020-12-31");
        assert_eq!(first(&before).counted_months, 0);
        assert!(before.explanation.iter().any(|s| matches!(
            s,
            Step::PartnerExcluded {
                reason: PartnerExclusion::NoAgreement,
                months: 36,
                ..
            }
        )));
        let after = run(&rules, history(), "2021-01-01");
        assert_eq!(first(&after).counted_months, 36);
        // Before the route's own first version nothing can be said.
        let route = run(&rules, history(), "2019-12-31");
        assert_eq!(
            (route.status, route.reason),
            (Status::Unknown, Some(RouteReason::NoRuleInForce))
        );
    }

    #[test]
    fn kind_not_covered_and_local_only_are_explained() {
        // The agreement covers social insurance, the requirement is residence.
        let social_insurance_only = Pact::new().kinds(&[Kind::SocialInsurance]);
        let rules_for_residence = rules(
            [Req::residence(6).agreements()],
            Some(social_insurance_only),
        );
        let route = run(
            &rules_for_residence,
            vec![period(
                "beta",
                Kind::Residence,
                "2020-01",
                Some("2020-12"),
                false,
            )],
            "2026-11-26",
        );
        assert_eq!(first(&route).counted_months, 0);
        assert!(route.explanation.iter().any(|s| matches!(
            s,
            Step::PartnerExcluded {
                reason: PartnerExclusion::KindNotCovered,
                ..
            }
        )));
        let local_only = rules([Req::si(6)], Some(Pact::new()));
        let route = run(
            &local_only,
            vec![si("beta", "2020-01", "2020-12")],
            "2026-11-26",
        );
        assert!(route.explanation.iter().any(|s| matches!(
            s,
            Step::PartnerExcluded {
                reason: PartnerExclusion::LocalOnly,
                ..
            }
        )));
    }

    #[test]
    fn partner_start_ratio_and_cap() {
        let pact = Pact::new()
            .start(PartnerStart::From(month("2020-07")))
            .ratio(0.5)
            .cap(4);
        let rules = rules([Req::si(24).agreements()], Some(pact));
        let route = run(&rules, vec![si("beta", "2020-01", "2021-12")], "2026-11-26");
        // 18 months from July 2020, halved to 9, capped at 4.
        let r = first(&route);
        assert_eq!(r.counted_months, 4);
        assert_eq!(r.from_cities[0].months, 18);
        assert!(route.explanation.contains(&Step::PartnerExcluded {
            kind: Kind::SocialInsurance,
            city: "beta".into(),
            months: 6,
            reason: PartnerExclusion::BeforeStart,
            agreement: Some("pact".into()),
        }));
        assert!(route.explanation.iter().any(|s| matches!(
            s,
            Step::RatioApplied {
                before: 18,
                after: 9,
                ..
            }
        )));
        assert!(route
            .explanation
            .iter()
            .any(|s| matches!(s, Step::CapApplied { excluded: 5, .. })));
    }

    #[test]
    fn the_local_minimum_is_not_met_by_partner_months() {
        let rules = rules([Req::si(12).agreements().min_local(6)], Some(Pact::new()));
        let route = run(
            &rules,
            vec![
                si("beta", "2020-01", "2021-12"),
                si("alpha", "2022-01", "2022-03"),
            ],
            "2026-11-26",
        );
        let r = first(&route);
        assert!(r.counted_months >= 12 && !r.met);
        assert_eq!(r.local_missing_months, 3);
        assert_eq!(route.no_projection, Some(NoProjection::NothingOngoing));
        // Only the partner continues: the local minimum cannot grow.
        let route = run(
            &rules,
            vec![
                ongoing("beta", Kind::SocialInsurance, "2020-01"),
                si("alpha", "2019-01", "2019-03"),
            ],
            "2026-11-26",
        );
        assert_eq!(route.no_projection, Some(NoProjection::LocalMinimum));
    }

    #[test]
    fn must_be_current_at_the_evaluation_month() {
        let rules = rules([Req::si(1).current()], None);
        let route = run(
            &rules,
            vec![si("alpha", "2020-01", "2026-10")],
            "2026-11-26",
        );
        assert_eq!(route.status, Status::NotYet);
        assert_eq!(route.no_projection, Some(NoProjection::NotCurrent));
        let route = run(
            &rules,
            vec![ongoing("alpha", Kind::SocialInsurance, "2026-11")],
            "2026-11-26",
        );
        assert_eq!(route.status, Status::Eligible);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]

        /// An agreement that names one more partner never lowers the
        /// target's counted months (§2): the new city's months can only fill
        /// months or add to the partner total. Without a back-paid cap: a cap
        /// consumed from the cut-off backwards may rightly trade an older
        /// back-paid month for a newer one.
        #[test]
        fn adding_a_partner_never_lowers_counted_months(
            continuous: bool,
            tolerance in 0u32..3,
            ratio_half: bool,
            agreement_cap in proptest::option::of(1u32..40),
            back_paid_counted: bool,
            spans in proptest::collection::vec(
                (0usize..3, 0i32..59, 1i32..24, proptest::prelude::any::<bool>(), proptest::prelude::any::<bool>()),
                1..8,
            ),
        ) {
            let mut req = Req::si(36).agreements().back_paid(if back_paid_counted {
                crate::rules::BackPaid::Counted
            } else {
                crate::rules::BackPaid::NotCounted
            });
            if continuous {
                req = req.continuous().tolerate(tolerance);
            }
            let pact = |partners: &[&str]| {
                let mut pact = Pact::new().partners(partners);
                if ratio_half {
                    pact = pact.ratio(0.5);
                }
                if let Some(cap) = agreement_cap {
                    pact = pact.cap(cap);
                }
                pact
            };
            let cities = ["alpha", "beta", "gamma"];
            let periods: Vec<_> = spans
                .iter()
                .map(|&(city, start, length, ongoing, back_paid)| {
                    let from = month("2022-01").plus(start);
                    let to = from.plus(length - 1).min(month("2026-11"));
                    let back_paid = back_paid && !ongoing;
                    period(
                        cities[city],
                        Kind::SocialInsurance,
                        &from.to_string(),
                        (!ongoing).then(|| to.to_string()).as_deref(),
                        back_paid,
                    )
                })
                .collect();
            let narrow = rules([req.clone()], Some(pact(&["alpha", "beta"])));
            let wide = rules([req], Some(pact(&["alpha", "beta", "gamma"])));
            let before = first(&run(&narrow, periods.clone(), "2026-11-26")).counted_months;
            let after = first(&run(&wide, periods, "2026-11-26")).counted_months;
            proptest::prop_assert!(after >= before, "{} counted with gamma, {} without", after, before);
        }
    }
}
