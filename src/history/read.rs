//! The one definition of the public input formats' fields, and the one
//! reader of them, from any JSON-shaped value.
//!
//! The page's WebAssembly reads plain JS objects with [`read_history`] and
//! [`read_options`] over its own [`Shape`] (serde's self-describing
//! deserialization was most of the module's size); the command line parses
//! the text to a `serde_json::Value` and reads that with the same
//! [`read_history`] ([`crate::history::parse_json`]), so both give the same
//! messages by construction. The serde derives on [`HistoryInput`] and
//! [`CheckOptions`] follow the field lists below too, and a test feeds the
//! same malformed inputs to serde and to this reader and requires the same
//! kind and path.
//!
//! The messages are in serde's style ("invalid type: integer `3`, expected a
//! string", "missing field `from`", "unknown field \"x\", expected one of
//! …"), each with the path of its field; they name no Rust type, and any
//! value they show is escaped and cut by [`quoted`].

use crate::error::{decimal, push_all, quoted, InputError};
use crate::history::{HistoryInput, PeriodInput};
use crate::options::{CheckOptions, WhatIfInput};

pub const HISTORY_FIELDS: &[&str] = &["version", "hukou_city", "periods"];
pub const PERIOD_FIELDS: &[&str] = &["city", "kind", "from", "to", "back_paid", "note"];
pub const OPTION_FIELDS: &[&str] = &["as_of", "cities", "what_if"];
pub const WHAT_IF_FIELDS: &[&str] = &["city", "from", "kinds"];

type Read<T> = Result<T, InputError>;

/// Serde impls for input types that accept only objects: serde's derive also
/// reads a struct from an array, by position, so `[]` would be an empty
/// history and two histories pasted one after the other the first of them.
/// The types derive with `#[serde(remote = "Self")]`, which makes the derived
/// code inherent functions, and these impls call them for maps only.
macro_rules! objects_only {
    ($($ty:ident),*) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Object;
                impl<'de> serde::de::Visitor<'de> for Object {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a map")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$ty, A::Error> {
                        $ty::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                deserializer.deserialize_map(Object)
            }
        }
    )*};
}
pub(crate) use objects_only;

/// A JSON-shaped value: a JS value in the page, a borrowed
/// `serde_json::Value` in the command line, the tests and fuzzing.
pub trait Shape: Sized {
    fn string(&self) -> Option<String>;
    fn boolean(&self) -> Option<bool>;
    fn number(&self) -> Option<f64>;
    /// A number that is an integer exactly representable as one.
    fn is_integer(&self) -> bool;
    /// `null` (or `undefined`).
    fn is_null(&self) -> bool;
    fn items(&self) -> Option<Vec<Self>>;
    /// The keys of an object (not an array).
    fn keys(&self) -> Option<Vec<String>>;
    fn get(&self, key: &str) -> Option<Self>;
    /// The value as serde names it in messages: "integer `3`", "string \"x\"",
    /// "map", "sequence", "null", "boolean `true`".
    fn describe(&self) -> String;
}

pub fn read_history<V: Shape>(value: &V) -> Read<HistoryInput> {
    let object = Obj::new(value, "", HISTORY_FIELDS)?;
    let periods = match object.present("periods") {
        None => Vec::new(),
        Some((value, path)) => list(&value, &path, read_period)?,
    };
    Ok(HistoryInput {
        version: match object.present("version") {
            None => None,
            Some((value, path)) => Some(read_u32(&value, &path)?),
        },
        hukou_city: object.optional_string("hukou_city")?,
        periods,
    })
}

fn read_period<V: Shape>(item: &V, path: &str) -> Read<PeriodInput> {
    let period = Obj::new(item, path, PERIOD_FIELDS)?;
    Ok(PeriodInput {
        city: period.string("city")?,
        kind: period.string("kind")?,
        from: period.string("from")?,
        to: period.optional_string("to")?,
        back_paid: match period.present("back_paid") {
            None => false,
            Some((value, path)) => value
                .boolean()
                .ok_or_else(|| invalid_type(&value, "a boolean", &path))?,
        },
        note: period.optional_string("note")?,
    })
}

pub fn read_options<V: Shape>(value: &V) -> Read<CheckOptions> {
    let object = Obj::new(value, "", OPTION_FIELDS)?;
    Ok(CheckOptions {
        as_of: object.string("as_of")?,
        cities: object.optional_strings("cities")?.unwrap_or_default(),
        what_if: match object.present("what_if") {
            None => None,
            Some((value, path)) => {
                let what_if = Obj::new(&value, &path, WHAT_IF_FIELDS)?;
                Some(WhatIfInput {
                    city: what_if.string("city")?,
                    from: what_if.string("from")?,
                    kinds: what_if.optional_strings("kinds")?,
                })
            }
        },
    })
}

/// An object whose keys are all known, at `path`.
struct Obj<'a, V> {
    value: &'a V,
    path: &'a str,
}

impl<'a, V: Shape> Obj<'a, V> {
    fn new(value: &'a V, path: &'a str, fields: &[&str]) -> Read<Obj<'a, V>> {
        let Some(keys) = value.keys() else {
            return Err(invalid_type(value, "a map", path));
        };
        if let Some(key) = keys.iter().find(|k| !fields.contains(&k.as_str())) {
            let mut detail = String::from("unknown field ");
            detail.push_str(&quoted(key));
            match fields {
                [] => detail.push_str(", there are no fields"),
                [one] => push_all(&mut detail, &[", expected `", one, "`"]),
                [one, two] => push_all(&mut detail, &[", expected `", one, "` or `", two, "`"]),
                _ => {
                    detail.push_str(", expected one of `");
                    for (i, field) in fields.iter().enumerate() {
                        if i > 0 {
                            detail.push_str("`, `");
                        }
                        detail.push_str(field);
                    }
                    detail.push('`');
                }
            }
            return Err(InputError::malformed(join_key(path, key), detail));
        }
        Ok(Obj { value, path })
    }

    /// A field's value and path; `None` when absent, `undefined` or `null`.
    fn present(&self, field: &str) -> Option<(V, String)> {
        let value = self.value.get(field)?;
        (!value.is_null()).then(|| (value, join(self.path, field)))
    }

    fn string(&self, field: &str) -> Read<String> {
        self.optional_string(field)?.ok_or_else(|| {
            let mut detail = String::from("missing field `");
            push_all(&mut detail, &[field, "`"]);
            InputError::malformed(self.path, detail)
        })
    }

    fn optional_string(&self, field: &str) -> Read<Option<String>> {
        self.present(field)
            .map(|(value, path)| text(&value, &path))
            .transpose()
    }

    fn optional_strings(&self, field: &str) -> Read<Option<Vec<String>>> {
        self.present(field)
            .map(|(value, path)| list(&value, &path, text))
            .transpose()
    }
}

fn text<V: Shape>(value: &V, path: &str) -> Read<String> {
    value
        .string()
        .ok_or_else(|| invalid_type(value, "a string", path))
}

fn list<V: Shape, T>(value: &V, path: &str, item: impl Fn(&V, &str) -> Read<T>) -> Read<Vec<T>> {
    let Some(items) = value.items() else {
        return Err(invalid_type(value, "a sequence", path));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        out.push(item(value, &index_path(path, i))?);
    }
    Ok(out)
}

/// A whole number from 0 to 4294967295 (the format's version).
fn read_u32<V: Shape>(value: &V, path: &str) -> Read<u32> {
    match value.number() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
        Some(_) if value.is_integer() => Err(InputError::malformed(
            path,
            described("invalid value: ", value, ", expected a whole number"),
        )),
        _ => Err(invalid_type(value, "a whole number", path)),
    }
}

fn invalid_type<V: Shape>(value: &V, expected: &str, path: &str) -> InputError {
    InputError::malformed(
        path,
        described("invalid type: ", value, &[", expected ", expected].concat()),
    )
}

/// `before`, the value as [`Shape::describe`] names it, and `after`.
fn described<V: Shape>(before: &str, value: &V, after: &str) -> String {
    let mut detail = String::from(before);
    push_all(&mut detail, &[&value.describe(), after]);
    detail
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        [path, ".", field].concat()
    }
}

/// `path[i]`.
pub(crate) fn index_path(path: &str, i: usize) -> String {
    [path, "[", &decimal(i as u64), "]"].concat()
}

/// The path of a key as given: `path.key` for a key of letters, digits and
/// `_`, otherwise `path["key"]` quoted, so that a path never carries control
/// characters or a megabyte of key.
fn join_key(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain {
        join(path, key)
    } else {
        [path, "[", &quoted(key), "]"].concat()
    }
}

/// A parsed document, read in place: the command line's reader
/// ([`crate::history::parse_json`]), the tests and the fuzzing targets
/// (`read_history(&&value)`).
impl Shape for &serde_json::Value {
    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn is_integer(&self) -> bool {
        serde_json::Value::is_i64(self) || serde_json::Value::is_u64(self)
    }

    fn is_null(&self) -> bool {
        serde_json::Value::is_null(self)
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().map(|items| items.iter().collect())
    }

    fn keys(&self) -> Option<Vec<String>> {
        self.as_object().map(|o| o.keys().cloned().collect())
    }

    fn get(&self, key: &str) -> Option<Self> {
        self.as_object().and_then(|o| o.get(key))
    }

    fn describe(&self) -> String {
        use serde_json::Value as J;
        match self {
            J::Null => "null".to_string(),
            J::Bool(b) => format!("boolean `{b}`"),
            J::Number(n) if n.is_i64() || n.is_u64() => format!("integer `{n}`"),
            J::Number(n) => format!("floating point `{n}`"),
            J::String(s) => format!("string {}", quoted(s)),
            J::Array(_) => "sequence".to_string(),
            J::Object(_) => "map".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    /// The serde reader's verdict: Ok or the (kind, path) of its error.
    fn by_serde<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, (ErrorKind, String)> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|err| {
            let (path, detail) = crate::error::from_serde(err.path(), err.inner());
            let error = InputError::malformed(path, detail);
            (error.kind(), error.path)
        })
    }

    fn by_shape<T>(
        text: &str,
        read: impl Fn(&&serde_json::Value) -> Read<T>,
    ) -> Result<T, (ErrorKind, String)> {
        let value: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        read(&&value).map_err(|e| (e.kind(), e.path))
    }

    const MALFORMED_HISTORIES: &[&str] = &[
        r#"[]"#,
        r#""a history""#,
        r#"{"periods": {}}"#,
        r#"{"periods": [3]}"#,
        r#"{"periods": [{"city": "wuxi"}]}"#,
        r#"{"periods": [{"city": 3, "kind": "residence", "from": "2020-01"}]}"#,
        r#"{"periods": [{"city": "wuxi", "kind": "residence", "from": "2020-01", "to": 5}]}"#,
        r#"{"periods": [{"city": "wuxi", "kind": "residence", "from": "2020-01", "back_paid": "yes"}]}"#,
        r#"{"periods": [{"city": "wuxi", "kind": "residence", "from": "2020-01", "extra": 1}]}"#,
        r#"{"periods": [{"city": "wuxi", "kind": "residence", "from": "2020-01", "note": []}]}"#,
        r#"{"version": "1", "periods": []}"#,
        r#"{"version": -1, "periods": []}"#,
        r#"{"version": 1.5, "periods": []}"#,
        r#"{"hukou_city": 110000}"#,
        r#"{"colour": "blue"}"#,
    ];

    const VALID_HISTORIES: &[&str] = &[
        r#"{}"#,
        r#"{"version": 1, "hukou_city": null, "periods": []}"#,
        r#"{"periods": [{"city": "wuxi", "kind": "residence", "from": "2020-01", "to": null, "note": "x"}]}"#,
        r#"{"periods": [{"city": "wuxi", "kind": "x", "from": "nonsense", "to": "2020-01", "back_paid": true}]}"#,
    ];

    #[test]
    fn both_history_readers_agree_on_every_input() {
        for text in MALFORMED_HISTORIES.iter().chain(VALID_HISTORIES) {
            let serde = by_serde::<HistoryInput>(text);
            let shape = by_shape(text, |v| read_history(v));
            assert_eq!(serde, shape, "the readers disagree on {text}");
        }
        for text in MALFORMED_HISTORIES {
            assert!(
                by_shape(text, |v| read_history(v)).is_err(),
                "{text} was accepted"
            );
        }
    }

    #[test]
    fn the_command_line_reads_with_the_page_reader() {
        for text in MALFORMED_HISTORIES.iter().chain(VALID_HISTORIES) {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                crate::history::parse_json(text),
                read_history(&&value),
                "{text}"
            );
        }
    }

    #[test]
    fn the_command_line_refuses_what_is_not_one_history() {
        let parse = |text: &str| crate::history::parse_json(text).map_err(|e| e.to_string());
        let ok = r#"{"periods": []}"#;
        assert!(parse(&format!("\u{feff}{ok}")).is_ok(), "a BOM is skipped");
        assert!(parse(&format!("{ok}\n\n")).is_ok());
        for (text, message) in [
            ("", "the file is empty"),
            (" \n", "the file is empty"),
            ("\u{feff}", "the file is empty"),
            ("[]", "invalid type: sequence, expected a map"),
            ("null", "invalid type: null, expected a map"),
            (r#""""#, r#"invalid type: string "", expected a map"#),
            ("3", "invalid type: integer `3`, expected a map"),
            (
                r#"{"version": "1"}"#,
                r#"version: invalid type: string "1", expected a whole number"#,
            ),
            (
                r#"{"version": -1}"#,
                "version: invalid value: integer `-1`, expected a whole number",
            ),
            (
                r#"{"x\u001b[2J": 1}"#,
                r#"["x\u{1b}[2J"]: unknown field "x\u{1b}[2J", expected one of `version`, `hukou_city`, `periods`"#,
            ),
        ] {
            assert_eq!(parse(text), Err(message.to_string()), "{text:?}");
        }
        let trailing = parse(&format!("{ok} {ok}")).unwrap_err();
        assert!(trailing.starts_with("trailing characters"), "{trailing}");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let deep = parse(&deep).unwrap_err();
        assert!(deep.starts_with("recursion limit exceeded"), "{deep}");
    }

    #[test]
    fn both_option_readers_agree_on_every_input() {
        for text in [
            r#"{"as_of": "2026-11-26"}"#,
            r#"{"as_of": "2026-11-26", "cities": ["wuxi"], "what_if": {"city": "wuxi", "from": "2027-01"}}"#,
            r#"{}"#,
            r#"{"as_of": 20261126}"#,
            r#"{"as_of": "2026-11-26", "cities": "wuxi"}"#,
            r#"{"as_of": "2026-11-26", "what_if": {"city": "wuxi"}}"#,
            r#"{"as_of": "2026-11-26", "what_if": {"city": "wuxi", "from": "2027-01", "kind": []}}"#,
            r#"{"as_of": "2026-11-26", "what_if": {"city": "wuxi", "from": "2027-01", "kinds": [1]}}"#,
        ] {
            let serde = by_serde::<CheckOptions>(text);
            let shape = by_shape(text, |v| read_options(v));
            assert_eq!(serde, shape, "the readers disagree on {text}");
        }
    }

    #[test]
    fn the_field_lists_are_the_serde_fields() {
        // A field added to a struct but not to its list (or the reverse)
        // would make the page refuse what the command line reads.
        let full = r#"{"version": 1, "hukou_city": "wuxi", "periods": [{"city": "wuxi",
            "kind": "residence", "from": "2020-01", "to": "2020-02", "back_paid": true, "note": "n"}]}"#;
        let value: serde_json::Value = serde_json::from_str(full).unwrap();
        let keys =
            |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        let mut history = keys(&value);
        let mut period = keys(&value["periods"][0]);
        history.sort();
        period.sort();
        let sorted = |list: &[&str]| {
            let mut list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
            list.sort();
            list
        };
        assert_eq!(history, sorted(HISTORY_FIELDS));
        assert_eq!(period, sorted(PERIOD_FIELDS));
        let serialized = serde_json::to_value(by_serde::<HistoryInput>(full).unwrap()).unwrap();
        assert_eq!(serialized, value, "the serde form has other fields");
    }
}
