//! The binary form of the rules bundle (`rules.bin`), written and read by
//! hand: the page's WebAssembly decodes it without serde, whose generic
//! deserialization of the whole rules model was the largest part of the
//! module.
//!
//! The format, version 1: the four bytes `HYB1`, then the [`Bundle`], each
//! value in the order of its type's fields, with no names and no padding:
//!
//! - a whole number (`u32`, a count, a length): LEB128, 7 bits a byte, low
//!   bits first, at most five bytes;
//! - a `bool`: one byte, 0 or 1; an `f64`: eight bytes, little-endian;
//! - text: its length in bytes, then its UTF-8;
//! - a list: its length, then each item; an `Option`: 0 (none) or 1 then the
//!   value;
//! - an enum without data: one byte, the position of the variant in its
//!   declaration; [`PartnerStart`]: 0 any, 1 unknown, 2 then a month;
//! - a [`Month`]: its index (`year × 12 + month − 1`) as a whole number; a
//!   [`Date`]: the year as a whole number, then the month and the day, a byte
//!   each.
//! - the gazetteer's cities: a list in a compact form of their own (codes as
//!   differences, English names left out where they are the id capitalised,
//!   provinces by index; see `impl Bin for Vec<CityEntry>`).
//!
//! Reading never panics and never trusts a length: bytes that end early, a
//! count larger than the bytes left, a byte that names no variant, text that
//! is not UTF-8, a month or date outside the supported ones and bytes left
//! over are errors ([`RulesProblem::NotABundle`]).

use crate::error::{InputError, RulesProblem};
use crate::month::{Date, Month};
use crate::rules::bundle::Bundle;
use crate::rules::model::*;

const MAGIC: &[u8; 4] = b"HYB1";

/// Writes `bundle` in the binary form.
pub fn encode(bundle: &Bundle) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    bundle.put(&mut out);
    out
}

/// Reads what [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Result<Bundle, InputError> {
    let bad = |detail: &str| {
        InputError::rules(
            "",
            RulesProblem::NotABundle {
                detail: detail.to_string(),
            },
        )
    };
    let Some(rest) = bytes.strip_prefix(MAGIC) else {
        return Err(bad("it does not start with HYB1"));
    };
    let mut reader = Reader {
        bytes: rest,
        error: None,
    };
    let bundle = Bundle::take(&mut reader);
    match reader.error {
        Some(error) => Err(bad(error)),
        None if reader.bytes.is_empty() => Ok(bundle),
        None => Err(bad("bytes follow the bundle")),
    }
}

/// The bytes left, and the first reason they are not a bundle. After an
/// error every read gives a placeholder (zero, empty, the first variant) and
/// consumes nothing, so that reading is straight-line code, without a path
/// that drops what was read so far at every field; [`decode`] then discards
/// the placeholder bundle.
pub struct Reader<'a> {
    bytes: &'a [u8],
    error: Option<&'static str>,
}

impl<'a> Reader<'a> {
    fn fail(&mut self, why: &'static str) {
        self.error.get_or_insert(why);
        self.bytes = &[];
    }

    fn byte(&mut self) -> u8 {
        match self.bytes.split_first() {
            Some((&first, rest)) => {
                self.bytes = rest;
                first
            }
            None => {
                self.fail("it ends early");
                0
            }
        }
    }

    fn slice(&mut self, len: usize) -> &'a [u8] {
        if len > self.bytes.len() {
            self.fail("it ends early");
            return &[];
        }
        let (head, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        head
    }

    fn number(&mut self) -> u32 {
        let mut value = 0u32;
        for shift in [0, 7, 14, 21, 28] {
            let byte = self.byte();
            let bits = u32::from(byte & 0x7f);
            if shift == 28 && bits > 0x0f {
                break;
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return value;
            }
        }
        self.fail("a number is too large");
        0
    }

    /// A count of items, each at least one byte long.
    fn count(&mut self) -> usize {
        let n = self.number() as usize;
        if n > self.bytes.len() {
            self.fail("a list is longer than the bytes left");
            return 0;
        }
        n
    }

    /// Index `i` of `all`, or the first with an error.
    fn variant<T: Copy>(&mut self, all: &[T]) -> T {
        let i = usize::from(self.byte());
        match all.get(i) {
            Some(&value) => value,
            None => {
                self.fail("a byte names no variant");
                all[0]
            }
        }
    }
}

fn put_number(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A value of the binary form.
pub trait Bin: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(r: &mut Reader) -> Self;
}

impl Bin for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        put_number(out, *self);
    }
    fn take(r: &mut Reader) -> Self {
        r.number()
    }
}

impl Bin for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn take(r: &mut Reader) -> Self {
        match r.byte() {
            0 => false,
            1 => true,
            _ => {
                r.fail("a flag is neither 0 nor 1");
                false
            }
        }
    }
}

impl Bin for f64 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(r: &mut Reader) -> Self {
        let mut bytes = [0; 8];
        if let Some(read) = r.slice(8).first_chunk() {
            bytes = *read;
        }
        f64::from_le_bytes(bytes)
    }
}

impl Bin for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_number(out, self.len() as u32);
        out.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Reader) -> Self {
        let len = r.number() as usize;
        let bytes = r.slice(len);
        match core::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => {
                r.fail("a text is not UTF-8");
                String::new()
            }
        }
    }
}

impl<T: Bin> Bin for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_number(out, self.len() as u32);
        for item in self {
            item.put(out);
        }
    }
    fn take(r: &mut Reader) -> Self {
        let n = r.count();
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(T::take(r));
        }
        items
    }
}

impl<T: Bin> Bin for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.put(out);
            }
        }
    }
    fn take(r: &mut Reader) -> Self {
        bool::take(r).then(|| T::take(r))
    }
}

impl Bin for Month {
    fn put(&self, out: &mut Vec<u8>) {
        put_number(out, self.index() as u32);
    }
    fn take(r: &mut Reader) -> Self {
        let index = r.number();
        let month = Month::from_index(index as i32);
        if index > Month::LAST.index() as u32 || month < Month::FIRST {
            r.fail("a month is outside the supported months");
            return Month::FIRST;
        }
        month
    }
}

impl Bin for Date {
    fn put(&self, out: &mut Vec<u8>) {
        let (year, month, day) = self.ymd();
        put_number(out, year as u32);
        out.push(month as u8);
        out.push(day as u8);
    }
    fn take(r: &mut Reader) -> Self {
        let year = r.number();
        let (month, day) = (r.byte(), r.byte());
        let date = i32::try_from(year)
            .ok()
            .and_then(|year| Date::new(year, month.into(), day.into()));
        date.unwrap_or_else(|| {
            r.fail("a date is not a supported day");
            Date::first()
        })
    }
}

impl Bin for PartnerStart {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            PartnerStart::Any => out.push(0),
            PartnerStart::Unknown => out.push(1),
            PartnerStart::From(month) => {
                out.push(2);
                month.put(out);
            }
        }
    }
    fn take(r: &mut Reader) -> Self {
        match r.variant(&[0, 1, 2]) {
            0 => PartnerStart::Any,
            1 => PartnerStart::Unknown,
            _ => PartnerStart::From(Month::take(r)),
        }
    }
}

impl<T: Bin> Bin for Doc<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.file.put(out);
        self.doc.put(out);
    }
    fn take(r: &mut Reader) -> Self {
        Doc {
            file: Bin::take(r),
            doc: Bin::take(r),
        }
    }
}

/// The gazetteer's cities, three fifths of the page's bundle when written
/// field by field: each city's code as the difference from the one before
/// (they are in code order), its English name left out where it is its id
/// capitalised (`nanjing` → `Nanjing`, four cities in five), and its province
/// as an index into the provinces met so far. What is read back is exactly
/// what was written: a code that is not six digits above the one before, or
/// a name that is not its id capitalised, is written whole.
///
/// A city: its id; its code: `n` > 0, the code before (0 at the first city)
/// plus `n`, as six digits, or 0 then the code as text; its code aliases; its
/// Chinese name; 0 when its English name is its id capitalised, else 1 then
/// the name; then `k` > 0 for the k-th province already met, or 0 then the
/// province's Chinese and English names, which become the next one.
impl Bin for Vec<CityEntry> {
    fn put(&self, out: &mut Vec<u8>) {
        put_number(out, self.len() as u32);
        let mut before = 0u32;
        let mut provinces: Vec<(&str, &str)> = Vec::new();
        for city in self {
            city.id.put(out);
            match six_digits(&city.code).filter(|&code| code > before) {
                Some(code) => {
                    put_number(out, code - before);
                    before = code;
                }
                None => {
                    put_number(out, 0);
                    city.code.put(out);
                }
            }
            city.code_aliases.put(out);
            city.name_zh.put(out);
            if !city.name_en.is_empty() && city.name_en == capitalised(&city.id) {
                out.push(0);
            } else {
                out.push(1);
                city.name_en.put(out);
            }
            let province = (city.province_zh.as_str(), city.province_en.as_str());
            match provinces.iter().position(|&p| p == province) {
                Some(k) => put_number(out, k as u32 + 1),
                None => {
                    put_number(out, 0);
                    city.province_zh.put(out);
                    city.province_en.put(out);
                    provinces.push(province);
                }
            }
        }
    }
    fn take(r: &mut Reader) -> Self {
        let n = r.count();
        let mut cities = Vec::with_capacity(n);
        let mut before = 0u32;
        let mut provinces: Vec<(String, String)> = Vec::new();
        for _ in 0..n {
            let id = String::take(r);
            let code = match r.number() {
                0 => String::take(r),
                step => match before.checked_add(step).filter(|&code| code <= 999_999) {
                    Some(code) => {
                        before = code;
                        digits6(code)
                    }
                    None => {
                        r.fail("a city code is out of range");
                        String::new()
                    }
                },
            };
            let code_aliases = Bin::take(r);
            let name_zh = String::take(r);
            let name_en = match r.byte() {
                0 => capitalised(&id),
                1 => String::take(r),
                _ => {
                    r.fail("a byte names no variant");
                    String::new()
                }
            };
            let (province_zh, province_en) = match r.number() as usize {
                0 => {
                    let p = (String::take(r), String::take(r));
                    provinces.push(p.clone());
                    p
                }
                k => provinces.get(k - 1).cloned().unwrap_or_else(|| {
                    r.fail("a city names a province not yet met");
                    Default::default()
                }),
            };
            cities.push(CityEntry {
                id,
                code,
                code_aliases,
                name_zh,
                name_en,
                province_zh,
                province_en,
            });
        }
        cities
    }
}

/// A code of exactly six ASCII digits, as a number.
fn six_digits(code: &str) -> Option<u32> {
    (code.len() == 6).then(|| crate::month::digits(code.as_bytes()))?
}

/// A number below 1,000,000 as six digits, leading zeros kept.
fn digits6(n: u32) -> String {
    let mut out = String::with_capacity(6);
    crate::month::push_digits(&mut out, u64::from(n), 6);
    out
}

/// An id with its first letter in capitals: the English name of most cities.
fn capitalised(id: &str) -> String {
    let mut chars = id.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// A struct: its fields in this order. Every field must be named, or the
/// struct literal in `take` does not compile.
macro_rules! fields {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl Bin for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                let $ty { $($field),* } = self;
                $($field.put(out);)*
            }
            fn take(r: &mut Reader) -> Self {
                $ty { $($field: Bin::take(r)),* }
            }
        }
    )*};
}

/// An enum without data: the variants in their order of declaration (the
/// `match` in `put` fails to compile when one is missing).
macro_rules! variants {
    ($($ty:ident { $($variant:ident),* $(,)? })*) => {$(
        impl Bin for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                const ALL: &[$ty] = &[$($ty::$variant),*];
                let _exhaustive = match self { $($ty::$variant => ()),* };
                out.push(ALL.iter().position(|v| v == self).unwrap_or(0) as u8);
            }
            fn take(r: &mut Reader) -> Self {
                const ALL: &[$ty] = &[$($ty::$variant),*];
                r.variant(ALL)
            }
        }
    )*};
}

fields! {
    Bundle { rules_version, gazetteer, cities, agreements }
    Text { zh, en }
    Source { title, issuer, nature, document_number, url, published }
    Gazetteer { codes_source, cities, regions }
    Region { id, name_zh, name_en, pilot, members, unsourced_members, source, confidence, verified_on }
    CityRules { city, routes }
    Route { id, name_zh, name_en, basis, hukou_in, versions }
    RouteVersion {
        effective_from, effective_until, sources, confidence, verified_on, unknown,
        requirements, unchecked, assumptions, points, open_questions,
    }
    Unknown { reason, settled_by }
    Condition { code, zh, en }
    Requirement {
        kind, months, counting, gap_tolerance_months, back_paid, back_paid_cap_months,
        recognition, min_local_months, cutoff, must_be_current, only_while_holding, assumed,
        clause,
    }
    Points { needed, quota, components, depends_on, not_assessed, context }
    PointsComponent {
        kind, per, points, counting, back_paid, cap, counted_from, recognised, confidence,
        clause,
    }
    RecognisedCity { city, scope }
    Clause { quote, location, source }
    PointsRange { code, zh, en, min, max, confidence, clause }
    PastScore { year, score, label, source, confidence }
    Agreement { id, name_zh, name_en, versions }
    AgreementVersion {
        effective_from, effective_until, pilot_until, recognising, partners, kinds,
        partner_months_from, cap_months, ratio, sources, confidence, verified_on, assumed,
        assumptions, open_questions,
    }
}

variants! {
    Kind { SocialInsurance, Residence }
    Confidence { Unverified, ThirdParty, News, Official }
    SourceNature { Official, OfficialCopy, NewsReport, ThirdPartySummary }
    Basis { Years, Points, HomeOwnership, Open }
    Counting { Cumulative, Continuous }
    BackPaid { Counted, NotCounted, BreaksStreak }
    Recognition { LocalOnly, Agreements }
    Cutoff { EvaluationMonth, EndOfPreviousYear }
    Part { Months, Counting, BackPaid, Recognition, LocalMinimum, Current, Cutoff }
    PointsUnit { Month, Year }
    RecognitionScope { PointsSettlement, Unstated }
    AgreementPart { Start, PartnerStart, Kinds, Cap, Ratio, Scope, LocalMinimum, End }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shipped::default_rules;

    fn json(bundle: &Bundle) -> serde_json::Value {
        serde_json::to_value(bundle).unwrap()
    }

    /// Both bundles `hukou-years bundle` can write from the shipped rules,
    /// the full one and the page's (`without_prose`), read back equal.
    #[test]
    fn every_shipped_bundle_round_trips() {
        let full = default_rules().to_bundle();
        for bundle in [full.clone(), full.without_prose()] {
            let bytes = encode(&bundle);
            let back = decode(&bytes).expect("reads back");
            assert_eq!(json(&back), json(&bundle));
            assert_eq!(encode(&back), bytes);
        }
    }

    /// Cut anywhere, or with any byte changed, the bytes give an error or a
    /// bundle, never a panic; cut, always an error.
    #[test]
    fn damaged_bytes_are_errors_not_panics() {
        let bytes = encode(&default_rules().to_bundle().without_prose());
        let step = (bytes.len() / 300).max(1);
        for len in (0..bytes.len()).step_by(step) {
            let error = decode(&bytes[..len]).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::InvalidRules);
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        for at in (0..bytes.len()).step_by(step) {
            for value in [0x00, 0x01, 0x7f, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] = value;
                let _ = decode(&damaged);
            }
        }
    }

    /// The gazetteer's compact cities read back exactly, also where a code,
    /// an English name or a province does not follow the common pattern.
    #[test]
    fn gazetteer_cities_read_back_exactly() {
        let city = |id: &str, code: &str, en: &str, province: (&str, &str)| CityEntry {
            id: id.into(),
            code: code.into(),
            code_aliases: vec!["110100".into()],
            name_zh: "城".into(),
            name_en: en.into(),
            province_zh: province.0.into(),
            province_en: province.1.into(),
        };
        let (a, b) = (("甲省", "Jia"), ("乙省", "Yi"));
        let cities = vec![
            city("beijing", "110000", "Beijing", a),
            city("xian", "610100", "Xi'an", b),
            city("shashi", "610100", "Shashi", b), // the same code again
            city("early", "000001", "Early", a),   // a lower code
            city("odd", "12-34", "", a),           // not six digits, no English name
            city("", "999999", "", b),             // an empty id
            city("last", "999999", "LAST", ("乙省", "Other")),
        ];
        let mut out = Vec::new();
        cities.put(&mut out);
        let mut reader = Reader {
            bytes: &out,
            error: None,
        };
        let back = Vec::<CityEntry>::take(&mut reader);
        assert_eq!((reader.error, reader.bytes.len()), (None, 0));
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::to_value(&cities).unwrap()
        );
        // A province index past those met, a code step past 999999: errors.
        for bytes in [
            &[1, 1, b'a', 1, 0, 0, 0, 1][..],
            &[1, 1, b'a', 0xc0, 0x84, 0x3d, 0, 0, 0, 0, 0, 0],
        ] {
            let mut reader = Reader { bytes, error: None };
            Vec::<CityEntry>::take(&mut reader);
            assert!(reader.error.is_some(), "{bytes:?}");
        }
    }

    #[test]
    fn numbers_take_at_most_five_bytes() {
        for value in [0, 1, 127, 128, 16_383, 16_384, u32::MAX] {
            let mut out = Vec::new();
            put_number(&mut out, value);
            let mut reader = Reader {
                bytes: &out,
                error: None,
            };
            assert_eq!((reader.number(), reader.error), (value, None));
        }
        for bytes in [&[0xff, 0xff, 0xff, 0xff, 0x1f][..], &[0x80; 6]] {
            let mut reader = Reader { bytes, error: None };
            reader.number();
            assert!(reader.error.is_some());
        }
    }
}
