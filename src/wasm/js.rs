//! Plain JS values as the history reader sees them ([`Shape`]). Numbers are
//! written by JS, so that no float printing is linked in.

use wasm_bindgen::{JsCast, JsValue};

use crate::error::quoted;
use crate::history::read::Shape;

impl Shape for JsValue {
    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn is_integer(&self) -> bool {
        js_sys::Number::is_safe_integer(self)
    }

    fn is_null(&self) -> bool {
        JsValue::is_null(self) || self.is_undefined()
    }

    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(self).then(|| {
            let array: &js_sys::Array = self.unchecked_ref();
            array.iter().collect()
        })
    }

    fn keys(&self) -> Option<Vec<String>> {
        if !self.is_object() || js_sys::Array::is_array(self) {
            return None;
        }
        let object: &js_sys::Object = self.unchecked_ref();
        Some(
            js_sys::Object::keys(object)
                .iter()
                .map(|key| key.as_string().unwrap_or_default())
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<Self> {
        js_sys::Reflect::get(self, &JsValue::from_str(key)).ok()
    }

    fn describe(&self) -> String {
        if let Some(text) = self.as_string() {
            return ["string ", &quoted(&text)].concat();
        }
        if let Some(flag) = self.as_bool() {
            return String::from(if flag {
                "boolean `true`"
            } else {
                "boolean `false`"
            });
        }
        if self.as_f64().is_some() {
            let number: &js_sys::Number = self.unchecked_ref();
            let mut written = String::from(number.to_string_with_radix(10).unwrap_or_default());
            if js_sys::Number::is_safe_integer(self) {
                return ["integer `", &written, "`"].concat();
            }
            if !written.contains(['.', 'e', 'N', 'I']) {
                written.push_str(".0");
            }
            return ["floating point `", &written, "`"].concat();
        }
        if JsValue::is_null(self) || self.is_undefined() {
            "null".into()
        } else if js_sys::Array::is_array(self) {
            "sequence".into()
        } else if self.is_object() {
            "map".into()
        } else {
            "a value of another type".into()
        }
    }
}
