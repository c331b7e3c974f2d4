//! The year-based part of a points score (积分落户): for each component of a
//! route's `points` block, the months the history scores, the full units
//! (每满1个月 / 每满1年: months ÷ unit, rounded down), the points and the cap;
//! then the total with the ranges of the indicators that depend on facts the
//! history does not hold. Never the whole score: every other indicator is
//! listed as not assessed.
//!
//! The months are walked with the counting of requirements
//! ([`crate::count::tally`]): the component becomes a one-month requirement
//! whose recognised cities are its partners, counted to the evaluation month.

use crate::count::{classify, tally, Sources, Timeline};
use crate::month::Month;
use crate::report::{PointsCityMonths, PointsComponentReport, PointsReport, PointsScope};
use crate::rules::{CityIdx, Cutoff, Points, PointsComponent, Recognition, Requirement, RuleSet};

/// The year-based partial score of `points` for the city `city`.
pub fn score(points: &Points, city: CityIdx, rules: &RuleSet, tl: &Timeline) -> PointsReport {
    let components: Vec<PointsComponentReport> = points
        .components
        .iter()
        .map(|c| component(c, city, rules, tl))
        .collect();
    let scored: u32 = components.iter().map(|c| c.points).sum();
    let partial_min = scored + points.depends_on.iter().map(|d| d.min).sum::<u32>();
    let partial_max = scored + points.depends_on.iter().map(|d| d.max).sum::<u32>();
    PointsReport {
        scope: PointsScope::YearBasedOnly,
        partial_min,
        partial_max,
        needed: points.needed,
        quota: points.quota,
        still_needed_min: points.needed.map(|n| n.saturating_sub(partial_max)),
        still_needed_max: points.needed.map(|n| n.saturating_sub(partial_min)),
        components,
        ranges: points.depends_on.clone(),
        not_assessed: points.not_assessed.clone(),
        context: points.context.clone(),
    }
}

/// One component: its months classified as a requirement's are (local
/// first, then the recognised cities, paid before back-paid; nothing before
/// `counted_from`), walked back from the evaluation month, then floored to
/// full units and capped.
fn component(
    c: &PointsComponent,
    city: CityIdx,
    rules: &RuleSet,
    tl: &Timeline,
) -> PointsComponentReport {
    let recognised: Vec<(CityIdx, usize)> = c
        .recognised
        .iter()
        .enumerate()
        .filter_map(|(i, r)| rules.city_by_name(&r.city).map(|idx| (idx, i)))
        .filter(|&(idx, _)| idx != city)
        .collect();
    let partners: Vec<(CityIdx, Option<i32>)> =
        recognised.iter().map(|&(idx, _)| (idx, None)).collect();
    let runs = classify(
        tl,
        &Sources {
            kind: c.kind,
            target: city,
            partners: &partners,
            holding: None,
            from: c.counted_from.map(Month::index),
        },
    );
    let req = Requirement {
        kind: c.kind,
        months: 1,
        counting: c.counting,
        gap_tolerance_months: 0,
        back_paid: c.back_paid,
        back_paid_cap_months: None,
        recognition: Recognition::LocalOnly,
        min_local_months: 0,
        cutoff: Cutoff::EvaluationMonth,
        must_be_current: false,
        only_while_holding: None,
        assumed: Vec::new(),
        clause: None,
    };
    let cutoff = tl.evaluation;
    let t = tally::tally(&req, &runs, recognised.len(), cutoff);
    let months = t.local + t.raw.iter().sum::<u32>();
    let unit = c.per.months();
    let units = months / unit;
    let uncapped = units.saturating_mul(c.points);
    let points = c.cap.map_or(uncapped, |cap| uncapped.min(cap));
    PointsComponentReport {
        kind: c.kind,
        per: c.per,
        points_per_unit: c.points,
        counting: c.counting,
        back_paid: c.back_paid,
        counted_from: c.counted_from,
        cutoff,
        streak_start: t.streak_start,
        months,
        local_months: t.local,
        from_cities: recognised
            .iter()
            .zip(&t.raw)
            .filter(|(_, &m)| m > 0)
            .map(|(&(idx, i), &m)| PointsCityMonths {
                city: rules.city_id(idx).to_string(),
                months: m,
                scope: c.recognised[i].scope,
            })
            .collect(),
        back_paid_excluded: t.back_excluded,
        units,
        remainder_months: months % unit,
        uncapped,
        cap: c.cap,
        capped: uncapped > points,
        points,
        confidence: c.confidence,
        clause: c.clause.clone(),
    }
}

#[cfg(test)]
mod tests {
    //! Scoring on the fixture world (`crate::fixture`): rounding to full
    //! units, caps, the counting start, back-paid months, continuity and
    //! recognised cities.

    use crate::fixture::{month, period, run, si, World};
    use crate::report::PointsComponentReport;
    use crate::rules::{
        BackPaid, Clause, Confidence, Counting, Kind, Points, PointsComponent, PointsRange,
        PointsUnit, RecognisedCity, RecognitionScope, RuleSet,
    };

    fn component(kind: Kind, per: PointsUnit, points: u32) -> PointsComponent {
        PointsComponent {
            kind,
            per,
            points,
            counting: Counting::Cumulative,
            back_paid: BackPaid::Counted,
            cap: None,
            counted_from: None,
            recognised: Vec::new(),
            confidence: Confidence::ThirdParty,
            clause: Clause {
                quote: "每满1年".into(),
                location: "test".into(),
                source: 0,
            },
        }
    }

    fn world(components: Vec<PointsComponent>, depends_on: Vec<PointsRange>) -> RuleSet {
        World::new([])
            .points(Points {
                needed: Some(100),
                quota: false,
                components,
                depends_on,
                not_assessed: Vec::new(),
                context: Vec::new(),
            })
            .build()
    }

    fn scored(rules: &RuleSet, periods: Vec<crate::PeriodInput>) -> Vec<PointsComponentReport> {
        run(rules, periods, "2026-11-26")
            .points
            .expect("the route scores points")
            .components
    }

    #[test]
    fn per_year_scores_full_years_only() {
        let rules = world(
            vec![component(Kind::SocialInsurance, PointsUnit::Year, 3)],
            vec![],
        );
        // 35 months: 2 full years, 11 months score nothing.
        let c = &scored(&rules, vec![si("alpha", "2020-01", "2022-11")])[0];
        assert_eq!(
            (c.months, c.units, c.remainder_months, c.points),
            (35, 2, 11, 6)
        );
        // 11 months: no full year.
        let c = &scored(&rules, vec![si("alpha", "2020-01", "2020-11")])[0];
        assert_eq!((c.months, c.units, c.points), (11, 0, 0));
    }

    #[test]
    fn per_month_scores_every_month_and_the_cap_stops_it() {
        let mut c = component(Kind::SocialInsurance, PointsUnit::Month, 5);
        c.cap = Some(100);
        let rules = world(vec![c], vec![]);
        let c = &scored(&rules, vec![si("alpha", "2020-01", "2021-12")])[0];
        assert_eq!(
            (c.months, c.units, c.uncapped, c.points),
            (24, 24, 120, 100)
        );
        assert!(c.capped);
        let c = &scored(&rules, vec![si("alpha", "2020-01", "2020-12")])[0];
        assert_eq!((c.points, c.capped), (60, false));
    }

    #[test]
    fn months_before_the_counting_start_do_not_score() {
        let mut c = component(Kind::Residence, PointsUnit::Year, 30);
        c.counted_from = Some(month("2011-04"));
        let rules = world(vec![c], vec![]);
        let periods = vec![period(
            "alpha",
            Kind::Residence,
            "2010-04",
            Some("2012-03"),
            false,
        )];
        let c = &scored(&rules, periods)[0];
        assert_eq!((c.months, c.units, c.points), (12, 1, 30));
    }

    #[test]
    fn back_paid_months_follow_the_rule() {
        let periods = || {
            vec![
                si("alpha", "2020-01", "2020-12"),
                period(
                    "alpha",
                    Kind::SocialInsurance,
                    "2021-01",
                    Some("2021-12"),
                    true,
                ),
                si("alpha", "2022-01", "2026-11"),
            ]
        };
        let mut c = component(Kind::SocialInsurance, PointsUnit::Year, 3);
        c.counting = Counting::Continuous;
        c.back_paid = BackPaid::BreaksStreak;
        let c = &scored(&world(vec![c], vec![]), periods())[0];
        // The back-paid year breaks the streak: 2022-01..2026-11 only.
        assert_eq!(
            (c.months, c.units, c.streak_start),
            (59, 4, Some(month("2022-01")))
        );
        let mut c = component(Kind::SocialInsurance, PointsUnit::Year, 3);
        c.back_paid = BackPaid::NotCounted;
        let c = &scored(&world(vec![c], vec![]), periods())[0];
        assert_eq!((c.months, c.back_paid_excluded, c.units), (71, 12, 5));
    }

    #[test]
    fn recognised_cities_score_like_local_months_once() {
        let mut c = component(Kind::SocialInsurance, PointsUnit::Month, 5);
        c.recognised = vec![RecognisedCity {
            city: "beta".into(),
            scope: RecognitionScope::PointsSettlement,
        }];
        let rules = world(vec![c], vec![]);
        let periods = vec![
            si("alpha", "2020-01", "2020-12"),
            si("beta", "2020-07", "2021-06"),
            si("gamma", "2022-01", "2022-12"),
        ];
        let c = &scored(&rules, periods)[0];
        // Overlapping months count once, as local; gamma is not recognised.
        assert_eq!((c.months, c.local_months, c.points), (18, 12, 90));
        assert_eq!(c.from_cities.len(), 1);
        assert_eq!(
            (c.from_cities[0].city.as_str(), c.from_cities[0].months),
            ("beta", 6)
        );
        assert_eq!(c.from_cities[0].scope, RecognitionScope::PointsSettlement);
    }

    #[test]
    fn a_range_widens_the_total_and_what_is_still_needed() {
        let home = PointsRange {
            code: "owned_home".into(),
            zh: "自有住房".into(),
            en: "owned home".into(),
            min: 0,
            max: 80,
            confidence: Confidence::News,
            clause: Clause {
                quote: "80分".into(),
                location: "test".into(),
                source: 0,
            },
        };
        let rules = world(
            vec![component(Kind::Residence, PointsUnit::Year, 5)],
            vec![home],
        );
        let periods = vec![period("alpha", Kind::Residence, "2022-11", None, false)];
        let points = run(&rules, periods, "2026-11-26").points.unwrap();
        assert_eq!((points.partial_min, points.partial_max), (20, 100));
        assert_eq!(
            (points.still_needed_min, points.still_needed_max),
            (Some(0), Some(80))
        );
    }
}
