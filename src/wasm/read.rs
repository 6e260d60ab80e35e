//! Reading JS values: a value is first read into a small owned tree ([`Input`]) within size
//! limits, then into the core's serde types by [`Input`]'s own deserializer, which records the
//! field path of an error itself: each object key and array index is added as the error leaves
//! the value, which gives the path `serde_path_to_error` gives the JSON reader ([`crate::read`])
//! without wrapping every value of every type in its tracking deserializer.
//! Reading the whole object (rather than only the fields a struct asks for) is what lets
//! `deny_unknown_fields` reject misspelt keys. `undefined` properties count as absent, `null`
//! as "not given"; structs are read only from objects, and only plain objects and arrays are
//! read (a Promise, Set, Error or typed array is refused by name). Nesting, lengths, the number
//! of values and the text read are bounded ([`MAX_DEPTH`], [`MAX_LEN`], [`MAX_VALUES`],
//! [`MAX_STRING`], [`MAX_TEXT`]) before anything is allocated. Every read that can run user
//! code (a getter, a Proxy trap) goes through a binding that catches: its exception becomes a
//! `TypeError` naming the field, and nothing unwinds through the module. Every shape error is a `TypeError` whose message starts with the field path, e.g.
//! `overrides.gridSrmw: invalid type: string "a", expected f64`; a size limit is a
//! `RangeError`.

use js_sys::{Array, JsString, Reflect};
use serde::de::{self, DeserializeOwned, IntoDeserializer};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::{into_js_error, type_error};
use crate::error::Error;
use crate::read::{self, render, Root, Segment};

/// Deepest nesting of objects and arrays read from JS (a scenario needs 5).
pub const MAX_DEPTH: usize = 32;
/// Most elements of one array or keys of one object read from JS (the core's own limits on
/// overrides, processes and exchanges are far below and give the precise message).
pub const MAX_LEN: usize = 100_000;
/// Most values read from one JS argument in all (an object may reference the same large array
/// many times).
pub const MAX_VALUES: usize = 200_000;
/// Longest string read, in UTF-16 code units (ids are far shorter; the core gives the precise
/// message for them).
pub const MAX_STRING: usize = 100_000;
/// Most text read from one JS argument in all, in UTF-16 code units (a long string referenced
/// many times counts every time).
pub const MAX_TEXT: usize = 1_000_000;

/// A JS value as plain data: what a scenario or any other argument may be made of.
#[derive(Debug, Clone)]
pub enum Input {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Input>),
    Map(Vec<(String, Input)>),
}

#[wasm_bindgen]
extern "C" {
    // The reads of a value that can run user code (getters, Proxy traps) or throw (a revoked
    // Proxy), bound with `catch`: an exception becomes an `Err`, never an unwinding through
    // the module (which would leave its stack pointer behind).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(v: &JsValue) -> Result<Array, JsValue>;
}

/// Reads JS values into [`Input`] trees within the limits above.
struct Reader<'a> {
    root: Root<'a>,
    path: Vec<Segment>,
    values: usize,
    /// UTF-16 code units of text read so far (strings and keys).
    text: usize,
}

/// The message of a thrown JS value, cut to a readable length.
fn thrown(e: &JsValue) -> String {
    let msg = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "a non-Error value".into());
    crate::text::truncate(&msg)
}

impl Reader<'_> {
    fn here(&self) -> String {
        render(self.root, &self.path)
    }

    fn too_large(&self, len: usize, max: usize) -> JsValue {
        let e = Error::TooLarge {
            field: self.here(),
            len,
            max,
        };
        into_js_error(e)
    }

    /// A `TypeError` at the current field for a JS exception raised while reading it.
    fn threw(&self, what: &str, e: &JsValue) -> JsValue {
        type_error(&self.here(), &format!("{what} threw: {}", thrown(e)))
    }

    /// A JS string as Rust text: its length checked before it is copied, lone surrogates
    /// refused (they would otherwise all become U+FFFD and two different ids one).
    fn text(&mut self, s: &JsString) -> Result<String, JsValue> {
        let len = s.length() as usize;
        if len > MAX_STRING {
            return Err(self.too_large(len, MAX_STRING));
        }
        self.text += len;
        if self.text > MAX_TEXT {
            return Err(self.too_large(self.text, MAX_TEXT));
        }
        if !s.is_valid_utf16() {
            return Err(type_error(
                &self.here(),
                "holds a lone surrogate (not valid Unicode text)",
            ));
        }
        Ok(String::from(s))
    }

    /// Property `key` of `v` through `Reflect.get` (getters and traps may throw).
    fn get(&self, v: &JsValue, key: &JsValue) -> Result<JsValue, JsValue> {
        Reflect::get(v, key).map_err(|e| self.threw("reading it", &e))
    }

    /// Whether `v` is a plain object: its prototype is `Object.prototype` (of any realm) or
    /// null. Anything else (a Promise, Set, Map, Error, Date, typed array, ArrayBuffer,
    /// URLSearchParams, a class instance) is refused by its constructor's name.
    fn plain_object(&self, v: &JsValue) -> Result<(), JsValue> {
        let proto = Reflect::get_prototype_of(v).map_err(|e| self.threw("its prototype", &e))?;
        if proto.is_null() {
            return Ok(());
        }
        let grand =
            Reflect::get_prototype_of(&proto).map_err(|e| self.threw("its prototype", &e))?;
        if grand.is_null() {
            return Ok(());
        }
        let name = Reflect::get(&proto, &JsValue::from_str("constructor"))
            .ok()
            .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")).ok())
            .and_then(|n| n.as_string())
            .filter(|n| !n.is_empty() && n.len() <= 60)
            .unwrap_or_else(|| "an object with a prototype".into());
        Err(type_error(
            &self.here(),
            &format!("expected plain data (an object or an array), got {name}"),
        ))
    }

    fn read(&mut self, v: &JsValue) -> Result<Input, JsValue> {
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(self.too_large(self.values, MAX_VALUES));
        }
        if v.is_null() || v.is_undefined() {
            return Ok(Input::Null);
        }
        if let Some(b) = v.as_bool() {
            return Ok(Input::Bool(b));
        }
        if let Some(x) = v.as_f64() {
            return Ok(Input::Num(x));
        }
        if v.is_string() {
            return Ok(Input::Str(self.text(v.unchecked_ref())?));
        }
        if !v.is_object() || v.is_function() {
            let got = v.js_typeof().as_string().unwrap_or_default();
            return Err(type_error(
                &self.here(),
                &format!("unsupported value of type {got}; expected plain data (object, array, string, number, boolean or null)"),
            ));
        }
        if self.path.len() >= MAX_DEPTH {
            return Err(type_error(
                &self.here(),
                &format!("nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        if is_array(v).map_err(|e| self.threw("Array.isArray", &e))? {
            // The length is checked before anything is read or allocated: a sparse array can
            // claim 2^32 - 1 elements.
            let len = self.get(v, &JsValue::from_str("length"))?;
            let len = len.as_f64().filter(|x| *x >= 0.0).unwrap_or(0.0);
            if len > MAX_LEN as f64 {
                return Err(self.too_large(len as usize, MAX_LEN));
            }
            let len = len as usize;
            let mut out = Vec::with_capacity(len);
            for i in 0..len {
                self.path.push(Segment::Index(i));
                let item = self.get(v, &JsValue::from_f64(i as f64))?;
                out.push(self.read(&item)?);
                self.path.pop();
            }
            return Ok(Input::List(out));
        }
        self.plain_object(v)?;
        let keys = object_keys(v).map_err(|e| self.threw("listing its keys", &e))?;
        let len = keys.length() as usize;
        if len > MAX_LEN {
            return Err(self.too_large(len, MAX_LEN));
        }
        let mut out = Vec::with_capacity(len);
        for k in keys.iter() {
            let key = match k.dyn_ref::<JsString>() {
                Some(s) => self.text(s)?,
                None => continue,
            };
            self.path.push(Segment::Key(key.clone()));
            let value = self.get(v, &k)?;
            if !value.is_undefined() {
                out.push((key, self.read(&value)?));
            }
            self.path.pop();
        }
        Ok(Input::Map(out))
    }
}

/// A deserialization error of an [`Input`] and where it happened: the keys and indices from the
/// value that failed up to the argument, innermost first (added as the error leaves each object
/// or array).
#[derive(Debug)]
pub struct DeError {
    message: String,
    path: Vec<Segment>,
}

impl DeError {
    fn at(mut self, segment: Segment) -> DeError {
        self.path.push(segment);
        self
    }
}

impl std::fmt::Display for DeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            path: Vec::new(),
        }
    }

    // serde's own wording, with numbers written by `crate::number` (serde's `Display` of
    // `Unexpected` formats floats with Rust's float formatting, which the module leaves out).
    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::custom(format_args!(
            "invalid type: {}, expected {exp}",
            unexpected(unexp)
        ))
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::custom(format_args!(
            "invalid value: {}, expected {exp}",
            unexpected(unexp)
        ))
    }
}

/// `unexp` as serde writes it (`floating point `1.5``, `string "a"`, `sequence`, …).
fn unexpected(unexp: de::Unexpected) -> String {
    use de::Unexpected::*;
    match unexp {
        Bool(b) => format!("boolean `{b}`"),
        Unsigned(i) => format!("integer `{i}`"),
        Signed(i) => format!("integer `{i}`"),
        Float(x) => {
            // serde adds `.0` to a finite number written without a decimal point.
            let mut s = crate::number::display(x);
            if x.is_finite() && !s.contains('.') {
                s.push_str(".0");
            }
            format!("floating point `{s}`")
        }
        Char(c) => format!("character `{c}`"),
        Str(s) => format!("string {s:?}"),
        Bytes(_) => "byte array".into(),
        Unit => "unit value".into(),
        Option => "Option value".into(),
        NewtypeStruct => "newtype struct".into(),
        Seq => "sequence".into(),
        Map => "map".into(),
        Enum => "enum".into(),
        UnitVariant => "unit variant".into(),
        NewtypeVariant => "newtype variant".into(),
        TupleVariant => "tuple variant".into(),
        StructVariant => "struct variant".into(),
        Other(other) => other.into(),
    }
}

/// Reads a JS argument into a core type; errors name the field under `root` (a scenario's
/// fields relative to it, `Root::relative("scenario")`; options under their name,
/// `Root::named("options")`).
pub fn from_js<T: DeserializeOwned>(value: &JsValue, root: Root) -> Result<T, JsValue> {
    let input = Reader {
        root,
        path: Vec::new(),
        values: 0,
        text: 0,
    }
    .read(value)?;
    T::deserialize(input).map_err(|mut e| {
        e.path.reverse();
        into_js_error(read::shape_error(root, e.path, &e.message))
    })
}

impl<'de> IntoDeserializer<'de, DeError> for Input {
    type Deserializer = Input;
    fn into_deserializer(self) -> Input {
        self
    }
}

/// Object entries.
struct MapAccess {
    entries: std::vec::IntoIter<(String, Input)>,
    key: String,
    value: Option<Input>,
}

impl<'de> de::MapAccess<'de> for MapAccess {
    type Error = DeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        self.key = key;
        // An unknown field fails here: its path is the key itself.
        seed.deserialize(self.key.as_str().into_deserializer())
            .map(Some)
            .map_err(|e: DeError| e.at(Segment::Key(self.key.clone())))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        let value = self.value.take().unwrap_or(Input::Null);
        seed.deserialize(value)
            .map_err(|e| e.at(Segment::Key(std::mem::take(&mut self.key))))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Array elements.
struct SeqAccess {
    items: std::iter::Enumerate<std::vec::IntoIter<Input>>,
}

impl<'de> de::SeqAccess<'de> for SeqAccess {
    type Error = DeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            None => Ok(None),
            Some((i, item)) => seed
                .deserialize(item)
                .map(Some)
                .map_err(|e| e.at(Segment::Index(i))),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

impl<'de> de::Deserializer<'de> for Input {
    type Error = DeError;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Input::Null => visitor.visit_unit(),
            Input::Bool(b) => visitor.visit_bool(b),
            Input::Num(x) => match whole(x) {
                Some(Ok(u)) => visitor.visit_u64(u),
                Some(Err(i)) => visitor.visit_i64(i),
                None => visitor.visit_f64(x),
            },
            Input::Str(s) => visitor.visit_string(s),
            Input::List(items) => visit_seq(items, visitor),
            Input::Map(entries) => visit_map(entries, visitor),
        }
    }

    // Structs, sequences and maps call only the visitor method their input needs: anything else
    // fails as serde's default visitor methods would (`invalid type: …`), without making every
    // visitor's other methods part of the module (a struct's `visit_seq`, for one).

    /// Structs only from objects (serde would also read one from an array, field by field).
    fn deserialize_struct<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self {
            Input::Map(entries) => visit_map(entries, visitor),
            other => Err(de::Error::invalid_type(other.unexpected(), &visitor)),
        }
    }

    fn deserialize_seq<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Input::List(items) => visit_seq(items, visitor),
            other => Err(de::Error::invalid_type(other.unexpected(), &visitor)),
        }
    }

    fn deserialize_map<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Input::Map(entries) => visit_map(entries, visitor),
            other => Err(de::Error::invalid_type(other.unexpected(), &visitor)),
        }
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Input::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_enum<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        // Unit variants as strings; anything else fails with serde's "invalid type" message.
        match self {
            Input::Str(s) => visitor.visit_enum(s.into_deserializer()),
            other => other.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct tuple
        tuple_struct identifier ignored_any
    }
}

/// A number as the integer it is (`Ok` for 0 and above, `Err` below), if it is whole and
/// below 2^63 in magnitude: integral numbers go in as integers so that integer fields accept
/// them (float fields accept integers too, and the conversion is exact there); `-0` stays a
/// float.
fn whole(x: f64) -> Option<Result<u64, i64>> {
    if x.fract() == 0.0 && x.abs() < 9.2e18 && !(x == 0.0 && x.is_sign_negative()) {
        Some(if x >= 0.0 {
            Ok(x as u64)
        } else {
            Err(x as i64)
        })
    } else {
        None
    }
}

impl Input {
    /// The value as serde names it in an `invalid type` error (what `deserialize_any` would
    /// hand the visitor).
    fn unexpected(&self) -> de::Unexpected<'_> {
        match self {
            Input::Null => de::Unexpected::Unit,
            Input::Bool(b) => de::Unexpected::Bool(*b),
            Input::Num(x) => match whole(*x) {
                Some(Ok(u)) => de::Unexpected::Unsigned(u),
                Some(Err(i)) => de::Unexpected::Signed(i),
                None => de::Unexpected::Float(*x),
            },
            Input::Str(s) => de::Unexpected::Str(s),
            Input::List(_) => de::Unexpected::Seq,
            Input::Map(_) => de::Unexpected::Map,
        }
    }
}

/// An array to a visitor: every element must be taken.
fn visit_seq<'de, V: de::Visitor<'de>>(items: Vec<Input>, visitor: V) -> Result<V::Value, DeError> {
    let len = items.len();
    let mut seq = SeqAccess {
        items: items.into_iter().enumerate(),
    };
    let v = visitor.visit_seq(&mut seq)?;
    if seq.items.len() > 0 {
        return Err(de::Error::invalid_length(len, &"fewer elements"));
    }
    Ok(v)
}

/// An object to a visitor.
fn visit_map<'de, V: de::Visitor<'de>>(
    entries: Vec<(String, Input)>,
    visitor: V,
) -> Result<V::Value, DeError> {
    visitor.visit_map(MapAccess {
        entries: entries.into_iter(),
        key: String::new(),
        value: None,
    })
}
