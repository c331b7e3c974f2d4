//! Calendar months, the unit every rule counts in.
//!
//! A [`Month`] is a count of months since year 0 (`year * 12 + month - 1`), so
//! month arithmetic is integer arithmetic and "the month after December 2024" is
//! simply `+ 1`. Ranges are inclusive at both ends, as in the history format.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Earliest year accepted anywhere: the hukou system as administered today
/// starts with the 1958 regulations; nothing before 1950 can be a real record.
pub const MIN_YEAR: i32 = 1950;
/// Latest year accepted in rules data (effective dates, cut-offs).
pub const MAX_YEAR: i32 = 2200;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(test, derive(ts_rs::TS), ts(type = "string"))]
pub struct Month(i32);

impl Month {
    /// The first supported month, January of [`MIN_YEAR`].
    pub const FIRST: Month = Month(MIN_YEAR * 12);
    /// The last supported month, December of [`MAX_YEAR`].
    pub const LAST: Month = Month(MAX_YEAR * 12 + 11);

    /// The month `year-month`; `None` when `month` is not 1..=12 or the year is
    /// outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    pub fn new(year: i32, month: u32) -> Option<Month> {
        if !(1..=12).contains(&month) || !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        Some(Month(year * 12 + month as i32 - 1))
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1..=12
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    pub fn index(self) -> i32 {
        self.0
    }

    pub fn from_index(index: i32) -> Month {
        Month(index)
    }

    pub fn plus(self, months: i32) -> Month {
        Month(self.0 + months)
    }

    /// Months from `self` to `other`, both inclusive; 0 when `other` is earlier.
    pub fn span_to(self, other: Month) -> u32 {
        if other < self {
            0
        } else {
            (other.0 - self.0 + 1) as u32
        }
    }

    /// December of the year before this month's year: the Beijing-style cut-off
    /// ("截至申报年度上一年12月31日").
    pub fn end_of_previous_year(self) -> Month {
        Month(self.year() * 12 - 1)
    }

    /// Parses exactly `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        Month::parse_in_range(text).ok()
    }

    /// Parses exactly `YYYY-MM`; `Err(None)` when the text is not a month,
    /// `Err(Some(bound))` when it is one outside the supported months, with
    /// the supported month nearest to it ([`Month::FIRST`] or
    /// [`Month::LAST`]).
    pub fn parse_in_range(text: &str) -> Result<Month, Option<Month>> {
        let bytes = text.as_bytes();
        if bytes.len() != 7 || bytes[4] != b'-' {
            return Err(None);
        }
        let (Some(year), Some(month)) = (digits(&bytes[..4]), digits(&bytes[5..])) else {
            return Err(None);
        };
        if !(1..=12).contains(&month) {
            return Err(None);
        }
        let year = year as i32;
        Month::new(year, month).ok_or(Some(if year < MIN_YEAR {
            Month::FIRST
        } else {
            Month::LAST
        }))
    }
}

/// ASCII digits as a number (at most nine of them, or it overflows);
/// `None` when any byte is not a digit.
pub(crate) fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `n` in decimal, at least `width` digits (zero-padded), without the
/// formatting machinery (the page's WebAssembly is smaller without it).
pub(crate) fn push_digits(out: &mut String, n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    let mut n = n;
    while n > 0 || buf.len() - i < width.clamp(1, 20) {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    for &b in buf.get(i..).unwrap_or_default() {
        out.push(char::from(b));
    }
}

impl Month {
    /// `YYYY-MM` appended to `out`.
    pub fn push_text(self, out: &mut String) {
        push_digits(out, self.year().max(0) as u64, 4);
        out.push('-');
        push_digits(out, self.month().into(), 2);
    }

    /// `YYYY-MM`, as `Display` writes it.
    pub fn text(self) -> String {
        let mut out = String::with_capacity(7);
        self.push_text(&mut out);
        out
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl fmt::Debug for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Month({self})")
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Month, D::Error> {
        let text = String::deserialize(deserializer)?;
        Month::parse_in_range(&text).map_err(|bound| {
            let value = crate::error::quoted(&text);
            serde::de::Error::custom(match bound {
                None => format!("{value} is not a month (YYYY-MM)"),
                Some(_) => format!(
                    "{value} is outside the supported months {} to {}",
                    Month::FIRST,
                    Month::LAST
                ),
            })
        })
    }
}

/// A calendar date, `YYYY-MM-DD`, used for effective dates, publication and
/// verification dates and the evaluation date.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// In TypeScript `DateString`: `Date` is JavaScript's own.
#[cfg_attr(test, derive(ts_rs::TS), ts(type = "string", rename = "DateString"))]
pub struct Date(u32);

/// `year`, `month` (1..=12) and `day` packed in one integer ordered as the
/// dates are: `year << 9 | month << 5 | day`; `None` when it is not a day of
/// the calendar (years 0 to 9999, leap years as the Gregorian calendar has
/// them).
const fn pack(year: i32, month: u32, day: u32) -> Option<u32> {
    if year < 0 || year > 9999 || month < 1 || month > 12 || day < 1 {
        return None;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day > days {
        return None;
    }
    Some((year as u32) << 9 | month << 5 | day)
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        pack(year, month, day).map(Date)
    }

    /// The first supported date, 1 January of [`MIN_YEAR`].
    pub fn first() -> Date {
        Date::first_of(Month::FIRST)
    }

    /// The last supported date, 31 December of [`MAX_YEAR`].
    pub fn last() -> Date {
        Date((MAX_YEAR as u32) << 9 | 12 << 5 | 31)
    }

    /// Parses exactly `YYYY-MM-DD` (a real calendar day).
    pub fn parse(text: &str) -> Option<Date> {
        Date::parse_in_range(text).ok()
    }

    /// Parses exactly `YYYY-MM-DD` (a real calendar day); `Err(None)` when
    /// the text is not a date, `Err(Some(bound))` when it is one outside the
    /// supported dates, with the supported date nearest to it.
    pub fn parse_in_range(text: &str) -> Result<Date, Option<Date>> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(None);
        }
        let (Some(year), Some(month), Some(day)) = (
            digits(&bytes[..4]),
            digits(&bytes[5..7]),
            digits(&bytes[8..]),
        ) else {
            return Err(None);
        };
        let year = year as i32;
        let date = pack(year, month, day).ok_or(None)?;
        if year < MIN_YEAR {
            Err(Some(Date::first()))
        } else if year > MAX_YEAR {
            Err(Some(Date::last()))
        } else {
            Ok(Date(date))
        }
    }

    pub fn month(self) -> Month {
        let (year, month, _) = self.ymd();
        Month(year * 12 + month as i32 - 1)
    }

    /// The year, month (1..=12) and day of the month.
    pub fn ymd(self) -> (i32, u32, u32) {
        ((self.0 >> 9) as i32, self.0 >> 5 & 15, self.0 & 31)
    }

    /// The first day of `month`.
    pub fn first_of(month: Month) -> Date {
        Date((month.year().max(0) as u32) << 9 | month.month() << 5 | 1)
    }
}

impl Date {
    /// `YYYY-MM-DD` appended to `out`.
    pub fn push_text(self, out: &mut String) {
        let (year, month, day) = self.ymd();
        push_digits(out, year.max(0) as u64, 4);
        out.push('-');
        push_digits(out, month.into(), 2);
        out.push('-');
        push_digits(out, day.into(), 2);
    }

    /// `YYYY-MM-DD`, as `Display` writes it.
    pub fn text(self) -> String {
        let mut out = String::with_capacity(10);
        self.push_text(&mut out);
        out
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_in_range(&text).map_err(|bound| {
            let value = crate::error::quoted(&text);
            serde::de::Error::custom(match bound {
                None => format!("{value} is not a date (YYYY-MM-DD)"),
                Some(_) => format!(
                    "{value} is outside the supported dates {} to {}",
                    Date::first(),
                    Date::last()
                ),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The calendar is chrono's, which the command line uses.
    #[test]
    fn dates_are_the_calendar_s_days() {
        for year in [1950, 1999, 2000, 2023, 2024, 2100, 2200] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let ours = Date::new(year, month, day);
                    let theirs = chrono::NaiveDate::from_ymd_opt(year, month, day);
                    assert_eq!(ours.is_some(), theirs.is_some(), "{year}-{month}-{day}");
                    if let Some(date) = ours {
                        assert_eq!(date.ymd(), (year, month, day));
                        assert_eq!(date.to_string(), theirs.unwrap().to_string());
                    }
                }
            }
        }
        assert!(Date::first() < Date::new(1950, 1, 2).unwrap());
        assert!(Date::new(2024, 12, 31).unwrap() < Date::new(2025, 1, 1).unwrap());
        assert_eq!(Date::last().ymd(), (2200, 12, 31));
        assert_eq!(Date::parse_in_range("1948-02-29"), Err(Some(Date::first())));
        assert_eq!(Date::parse_in_range("1900-02-29"), Err(None));
    }

    #[test]
    fn parses_and_prints_months() {
        let m = Month::parse("2021-04").unwrap();
        assert_eq!((m.year(), m.month()), (2021, 4));
        assert_eq!(m.to_string(), "2021-04");
        assert_eq!(m.plus(9).to_string(), "2022-01");
        assert_eq!(m.plus(-4).to_string(), "2020-12");
    }

    #[test]
    fn rejects_malformed_months() {
        for bad in [
            "2021-13",
            "2021-00",
            "2021-4",
            "21-04",
            "2021/04",
            "2021-04-01",
            "",
            "abcd-ef",
            "1949-12",
            "+202-01",
            "2021-1a",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad:?} should be rejected");
        }
    }

    #[test]
    fn months_outside_the_supported_ones_give_the_nearest() {
        assert_eq!(Month::parse_in_range("1949-12"), Err(Some(Month::FIRST)));
        assert_eq!(Month::parse_in_range("0000-01"), Err(Some(Month::FIRST)));
        assert_eq!(Month::parse_in_range("2201-01"), Err(Some(Month::LAST)));
        assert_eq!(Month::parse_in_range("9999-12"), Err(Some(Month::LAST)));
        assert_eq!(Month::parse_in_range("1900-13"), Err(None));
        assert_eq!(Month::parse_in_range("2021-1"), Err(None));
        assert_eq!(Month::FIRST.to_string(), "1950-01");
        assert_eq!(Month::LAST.to_string(), "2200-12");
        assert_eq!(Month::parse_in_range("2200-12"), Ok(Month::LAST));
        assert_eq!(Month::parse_in_range("1950-01"), Ok(Month::FIRST));
        assert_eq!(Date::parse_in_range("1900-01-01"), Err(Some(Date::first())));
        assert_eq!(Date::parse_in_range("2201-01-01"), Err(Some(Date::last())));
        assert_eq!(Date::parse_in_range("1900-02-29"), Err(None));
        assert_eq!(Date::last().to_string(), "2200-12-31");
    }

    #[test]
    fn spans_are_inclusive() {
        let a = Month::parse("2019-03").unwrap();
        let b = Month::parse("2021-04").unwrap();
        assert_eq!(a.span_to(b), 26);
        assert_eq!(a.span_to(a), 1);
        assert_eq!(b.span_to(a), 0);
    }

    #[test]
    fn months_and_dates_are_written_as_the_formatter_wrote_them() {
        // Written by hand (no core::fmt in the page's module): the same text
        // as `{:04}-{:02}` for every supported month, and every day of a
        // few years, at both ends too.
        let mut month = Month::FIRST;
        while month <= Month::LAST {
            let expected = format!("{:04}-{:02}", month.year(), month.month());
            assert_eq!(month.text(), expected);
            assert_eq!(month.to_string(), expected);
            let (year, m, day) = Date::first_of(month).ymd();
            assert_eq!(
                Date::first_of(month).text(),
                format!("{year:04}-{m:02}-{day:02}")
            );
            month = month.plus(1);
        }
        for date in [Date::first(), Date::last()] {
            let (year, m, day) = date.ymd();
            assert_eq!(date.to_string(), format!("{year:04}-{m:02}-{day:02}"));
        }
        for (n, width, text) in [
            (0, 1, "0"),
            (7, 2, "07"),
            (12345, 4, "12345"),
            (u64::MAX, 1, "18446744073709551615"),
        ] {
            let mut out = String::new();
            push_digits(&mut out, n, width);
            assert_eq!(out, text);
        }
    }

    #[test]
    fn end_of_previous_year_is_december() {
        let m = Month::parse("2026-01").unwrap();
        assert_eq!(m.end_of_previous_year().to_string(), "2025-12");
        let m = Month::parse("2026-12").unwrap();
        assert_eq!(m.end_of_previous_year().to_string(), "2025-12");
    }

    #[test]
    fn dates_are_real_calendar_days() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-2-01"), None);
        assert_eq!(
            Date::parse("2023-02-01").unwrap().month().to_string(),
            "2023-02"
        );
    }
}

#[cfg(test)]
mod schema {
    //! Months and dates in the rules' JSON Schema: strings of a fixed form.

    use std::borrow::Cow;

    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

    use super::{Date, Month};

    impl JsonSchema for Month {
        fn schema_name() -> Cow<'static, str> {
            "Month".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
                "description": "A month, YYYY-MM (1950-01 to 2200-12)."
            })
        }
    }

    impl JsonSchema for Date {
        fn schema_name() -> Cow<'static, str> {
            "Date".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
                "description": "A calendar date, YYYY-MM-DD (1950 to 2200)."
            })
        }
    }
}
