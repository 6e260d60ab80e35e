//! Core errors as real JS errors: `RangeError` (a bad value), `TypeError` (a bad shape) or
//! `Error` (anything else, such as a singular system), with the message `"<field>: <reason>"`
//! and the field path in the error's `field` property.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::error::{Error, ErrorClass};

/// A JS error of class `class` with message `message` and a `field` property.
pub fn js_error(class: ErrorClass, field: &str, message: &str) -> JsValue {
    let err: js_sys::Error = match class {
        ErrorClass::Range => js_sys::RangeError::new(message).into(),
        ErrorClass::Type => js_sys::TypeError::new(message).into(),
        ErrorClass::Other => js_sys::Error::new(message),
    };
    let _ = Reflect::set(&err, &JsValue::from_str("field"), &JsValue::from_str(field));
    err.into()
}

/// Maps a core error to its JS error.
pub fn into_js_error(e: Error) -> JsValue {
    js_error(e.class(), &e.field(), &e.to_string())
}

/// Runs a core call and maps its error.
pub fn core<T>(r: crate::error::Result<T>) -> Result<T, JsValue> {
    r.map_err(into_js_error)
}

/// A `TypeError` naming `field`.
pub fn type_error(field: &str, reason: &str) -> JsValue {
    js_error(ErrorClass::Type, field, &format!("{field}: {reason}"))
}

/// A `RangeError` naming `field`.
pub fn range_error(field: &str, reason: &str) -> JsValue {
    js_error(ErrorClass::Range, field, &format!("{field}: {reason}"))
}
