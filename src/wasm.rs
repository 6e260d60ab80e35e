//! WebAssembly façade: each export reads its arguments, calls one core function and writes the
//! result back. No model logic lives here.
//!
//! * **Inputs.** A JS value is first read into a small owned tree ([`Input`]), then into the
//!   core's serde types by [`Input`]'s own deserializer, which tags errors with the key or
//!   index they happened under. Reading the whole object (rather than only the fields a struct
//!   asks for) is what lets `deny_unknown_fields` reject misspelt keys. `undefined` properties
//!   count as absent, `null` as "not given"; structs are read only from objects. Nesting,
//!   lengths and the total number of values are bounded ([`MAX_DEPTH`], [`MAX_LEN`],
//!   [`MAX_VALUES`]) before anything is allocated. Every shape error is a `TypeError` whose
//!   message starts with the field path, e.g.
//!   `overrides.gridSrmw: invalid type: string "a", expected f64`; a size limit is a
//!   `RangeError`.
//! * **Outputs.** One configured serializer, [`SERIALIZER`]: plain objects (never `Map`) and
//!   `None` as `null`, so results look exactly like the CLI's JSON. Bulk numbers of the matrix
//!   export are `Float64Array` (values) and `Uint32Array` (row and column indices).
//! * **Errors.** [`into_js_error`] turns a core [`Error`] into a `RangeError` (bad value),
//!   `TypeError` (bad shape) or `Error` (anything else, such as a singular system), with the
//!   message `"<field>: <reason>"` and the path also in the error's `field` property.
//!
//! A new export is three lines: `from_js` each argument, call the core, `to_js` the result
//! (map core errors with `core`).

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array};
use serde::de::{self, DeserializeOwned, IntoDeserializer};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::analysis::monte_carlo::{
    McOptions, McRun, DEFAULT_ITERATIONS, DEFAULT_SEED, MAX_ITERATIONS,
};
use crate::engine::Triplet;
use crate::error::{Error, ErrorClass};
use crate::export::Side;
use crate::Scenario;

/// The one serializer of the façade: plain objects for maps, `null` for `None`.
const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::new()
    .serialize_maps_as_objects(true)
    .serialize_missing_as_null(true);

/// Deepest nesting of objects and arrays read from JS (a scenario needs 5).
const MAX_DEPTH: usize = 32;
/// Most elements of one array or keys of one object read from JS (the core's own limits on
/// overrides, processes and exchanges are far below and give the precise message).
const MAX_LEN: usize = 100_000;
/// Most values read from one JS argument in all (an object may reference the same large array
/// many times).
const MAX_VALUES: usize = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// A JS error of the given class whose message is `message`, with a `field` property.
fn js_error(class: ErrorClass, field: &str, message: &str) -> JsValue {
    let err: js_sys::Error = match class {
        ErrorClass::Range => js_sys::RangeError::new(message).into(),
        ErrorClass::Type => js_sys::TypeError::new(message).into(),
        ErrorClass::Other => js_sys::Error::new(message),
    };
    let _ = Reflect::set(&err, &JsValue::from_str("field"), &JsValue::from_str(field));
    err.into()
}

/// Maps a core error to `RangeError`, `TypeError` or `Error` (message `"<field>: <reason>"`).
pub fn into_js_error(e: Error) -> JsValue {
    js_error(e.class(), &e.field(), &e.to_string())
}

/// Runs a core call and maps its error.
fn core<T>(r: crate::Result<T>) -> Result<T, JsValue> {
    r.map_err(into_js_error)
}

fn type_error(field: &str, reason: &str) -> JsValue {
    js_error(ErrorClass::Type, field, &format!("{field}: {reason}"))
}

// ---------------------------------------------------------------------------------------------
// Reading JS values
// ---------------------------------------------------------------------------------------------

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

fn path_to_string(path: &[String], root: &str) -> String {
    if path.is_empty() {
        return root.to_string();
    }
    let mut s = String::new();
    for seg in path {
        if !s.is_empty() && !seg.starts_with('[') {
            s.push('.');
        }
        s.push_str(seg);
    }
    s
}

/// Reads JS values into [`Input`] trees within the limits above.
struct Reader<'a> {
    root: &'a str,
    path: Vec<String>,
    values: usize,
}

impl Reader<'_> {
    fn here(&self) -> String {
        path_to_string(&self.path, self.root)
    }

    fn too_large(&self, len: usize, max: usize) -> JsValue {
        let e = Error::TooLarge {
            field: self.here(),
            len,
            max,
        };
        into_js_error(e)
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
        if let Some(s) = v.as_string() {
            return Ok(Input::Str(s));
        }
        if self.path.len() >= MAX_DEPTH {
            return Err(type_error(
                &self.here(),
                &format!("nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        if Array::is_array(v) {
            let arr: &Array = v.unchecked_ref();
            // The length is checked before anything is read or allocated: a sparse array can
            // claim 2^32 - 1 elements.
            let len = arr.length() as usize;
            if len > MAX_LEN {
                return Err(self.too_large(len, MAX_LEN));
            }
            let mut out = Vec::with_capacity(len);
            for i in 0..len {
                self.path.push(format!("[{i}]"));
                out.push(self.read(&arr.get(i as u32))?);
                self.path.pop();
            }
            return Ok(Input::List(out));
        }
        if v.is_object() && !v.is_function() && !v.is_instance_of::<js_sys::Map>() {
            let entries = Object::entries(v.unchecked_ref());
            let len = entries.length() as usize;
            if len > MAX_LEN {
                return Err(self.too_large(len, MAX_LEN));
            }
            let mut out = Vec::with_capacity(len);
            for pair in entries.iter() {
                let pair: Array = pair.unchecked_into();
                let value = pair.get(1);
                if value.is_undefined() {
                    continue;
                }
                let key = pair.get(0).as_string().unwrap_or_default();
                self.path.push(key.clone());
                out.push((key, self.read(&value)?));
                self.path.pop();
            }
            return Ok(Input::Map(out));
        }
        let got = if v.is_instance_of::<js_sys::Map>() {
            "Map".to_string()
        } else {
            v.js_typeof().as_string().unwrap_or_default()
        };
        Err(type_error(
            &self.here(),
            &format!("unsupported value of type {got}; expected plain data (object, array, string, number, boolean or null)"),
        ))
    }
}

/// A deserialization error with the path at which it happened (innermost segment last).
#[derive(Debug)]
pub struct DeError {
    /// Path segments, collected innermost first while the error travels up.
    rev_path: Vec<String>,
    message: String,
}

impl DeError {
    /// Records that the error happened under `segment` (a key or `[index]`).
    fn at(mut self, segment: String) -> DeError {
        self.rev_path.push(segment);
        self
    }
    fn path(&self) -> Vec<String> {
        self.rev_path.iter().rev().cloned().collect()
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
            rev_path: Vec::new(),
            message: msg.to_string(),
        }
    }
}

/// Rewrites serde's messages for missing and unknown fields so that the path names the field
/// itself, e.g. `inventory.processes[0].outputs: is required`.
fn shape_message(mut path: Vec<String>, msg: &str) -> (Vec<String>, String) {
    if let Some((name, _)) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.split_once('`'))
    {
        path.push(name.to_string());
        return (path, "is required".to_string());
    }
    if let Some((_, expected)) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split_once('`'))
    {
        let expected = expected.trim_start_matches(", ").replace('`', "");
        return (path, format!("unknown field; {expected}"));
    }
    (path, msg.to_string())
}

/// Reads a JS argument into a core type. `root` names the argument in errors about the whole
/// value (e.g. `scenario: invalid type: …`).
pub fn from_js<T: DeserializeOwned>(value: &JsValue, root: &str) -> Result<T, JsValue> {
    let input = Reader {
        root,
        path: Vec::new(),
        values: 0,
    }
    .read(value)?;
    T::deserialize(input).map_err(|e| {
        let (path, reason) = shape_message(e.path(), &e.message);
        type_error(&path_to_string(&path, root), &reason)
    })
}

/// As [`from_js`], but shape errors name the field under `root` (`options.seed`, not `seed`):
/// for option objects whose fields are also named so by the core's checks.
fn from_js_under<T: DeserializeOwned>(value: &JsValue, root: &str) -> Result<T, JsValue> {
    let input = Reader {
        root,
        path: Vec::new(),
        values: 0,
    }
    .read(value)?;
    T::deserialize(input).map_err(|e| {
        let (mut path, reason) = shape_message(e.path(), &e.message);
        path.insert(0, root.to_string());
        type_error(&path_to_string(&path, root), &reason)
    })
}

/// Writes a result as plain JS data with [`SERIALIZER`].
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&SERIALIZER)
        .map_err(|e| js_error(ErrorClass::Other, "", &e.to_string()))
}

impl<'de> IntoDeserializer<'de, DeError> for Input {
    type Deserializer = Input;
    fn into_deserializer(self) -> Input {
        self
    }
}

/// Object entries, tagging errors with the key they happened under.
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
            .map_err(|e: DeError| e.at(self.key.clone()))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        let value = self.value.take().unwrap_or(Input::Null);
        seed.deserialize(value)
            .map_err(|e| e.at(std::mem::take(&mut self.key)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Array elements, tagging errors with `[index]`.
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
                .map_err(|e| e.at(format!("[{i}]"))),
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
            // Integral numbers go in as integers so that integer fields accept them; float
            // fields accept integers too, and the conversion is exact below 2^63.
            Input::Num(x)
                if x.fract() == 0.0 && x.abs() < 9.2e18 && !(x == 0.0 && x.is_sign_negative()) =>
            {
                if x >= 0.0 {
                    visitor.visit_u64(x as u64)
                } else {
                    visitor.visit_i64(x as i64)
                }
            }
            Input::Num(x) => visitor.visit_f64(x),
            Input::Str(s) => visitor.visit_string(s),
            Input::List(items) => {
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
            Input::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.into_iter(),
                key: String::new(),
                value: None,
            }),
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

    /// Structs only from objects (serde would also read one from an array, field by field).
    fn deserialize_struct<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self {
            Input::Map(_) => self.deserialize_any(visitor),
            Input::List(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &visitor)),
            other => other.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

// ---------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct Versions {
    engine: &'static str,
    dataset: &'static str,
}

/// Engine and dataset versions: `{ engine: "0.1.0", dataset: "2026.11.1" }`.
#[wasm_bindgen(unchecked_return_type = "Versions")]
pub fn version() -> Result<JsValue, JsValue> {
    to_js(&Versions {
        engine: crate::ENGINE_VERSION,
        dataset: crate::dataset::DATASET_VERSION,
    })
}

/// Compares the mined and recycled routes of a scenario.
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let s: Scenario = from_js(&scenario, "scenario")?;
    to_js(&core(crate::compare(&s))?)
}

/// Tidy CSV of a scenario's results: one row per route × stage × elementary flow.
#[wasm_bindgen(js_name = resultsCsv)]
pub fn results_csv(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<String, JsValue> {
    let s: Scenario = from_js(&scenario, "scenario")?;
    Ok(crate::export::results_csv(&core(crate::compare(&s))?))
}

/// The labelled matrices of one side (`"mined"` or `"recycled"`) of a scenario.
#[wasm_bindgen(js_name = exportMatrices, unchecked_return_type = "MatrixExport")]
pub fn export_matrices(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Side")] route: JsValue,
) -> Result<JsValue, JsValue> {
    let s: Scenario = from_js(&scenario, "scenario")?;
    let side: String = from_js(&route, "route")?;
    let side = core(Side::parse(&side, "route"))?;
    let mut m = core(crate::export::export_matrices(&s, side))?;
    let technosphere = std::mem::take(&mut m.technosphere);
    let biosphere = std::mem::take(&mut m.biosphere);
    let vectors = [
        ("characterisation", std::mem::take(&mut m.characterisation)),
        ("demand", std::mem::take(&mut m.demand)),
        ("scaling", std::mem::take(&mut m.scaling)),
        ("inventory", std::mem::take(&mut m.inventory)),
    ];
    let (n_products, n_processes, n_flows) = (m.products.len(), m.processes.len(), m.flows.len());
    let out = to_js(&m)?;
    set(
        &out,
        "technosphere",
        &sparse(&technosphere, n_products, n_processes),
    );
    set(&out, "biosphere", &sparse(&biosphere, n_flows, n_processes));
    for (key, v) in vectors {
        set(&out, key, &Float64Array::from(&v[..]));
    }
    Ok(out)
}

fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// `{ shape: [rows, cols], rows: Uint32Array, cols: Uint32Array, values: Float64Array }`.
fn sparse(t: &[Triplet], n_rows: usize, n_cols: usize) -> JsValue {
    let rows: Vec<u32> = t.iter().map(|x| x.row as u32).collect();
    let cols: Vec<u32> = t.iter().map(|x| x.col as u32).collect();
    let values: Vec<f64> = t.iter().map(|x| x.value).collect();
    let obj: JsValue = Object::new().into();
    let shape = Array::of2(&(n_rows as f64).into(), &(n_cols as f64).into());
    set(&obj, "shape", &shape);
    set(&obj, "rows", &Uint32Array::from(&rows[..]));
    set(&obj, "cols", &Uint32Array::from(&cols[..]));
    set(&obj, "values", &Float64Array::from(&values[..]));
    obj
}

/// The parameters (with values and provenance) and the inventory data a scenario rests on.
#[wasm_bindgen(js_name = inUse, unchecked_return_type = "InUse")]
pub fn in_use(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let s: Scenario = from_js(&scenario, "scenario")?;
    to_js(&core(crate::catalog::in_use(&s))?)
}

/// The scenario (without its custom inventory) as a share-link fragment.
#[wasm_bindgen(js_name = encodeShare)]
pub fn encode_share(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<String, JsValue> {
    let s: Scenario = from_js(&scenario, "scenario")?;
    Ok(crate::share::encode(&s))
}

/// Decodes a share-link fragment (with or without the leading `#`).
#[wasm_bindgen(js_name = decodeShare, unchecked_return_type = "SharedScenario")]
pub fn decode_share(
    #[wasm_bindgen(unchecked_param_type = "string")] link: JsValue,
) -> Result<JsValue, JsValue> {
    let link: String = from_js(&link, "share")?;
    to_js(&core(crate::share::decode(&link))?)
}

/// The built-in presets.
#[wasm_bindgen(unchecked_return_type = "PresetInfo[]")]
pub fn presets() -> Result<JsValue, JsValue> {
    to_js(&crate::catalog::presets())
}

/// Every parameter with its default, range, uncertainty, status and sources.
#[wasm_bindgen(unchecked_return_type = "ParameterInfo[]")]
pub fn parameters() -> Result<JsValue, JsValue> {
    to_js(&crate::catalog::parameters())
}

/// The mined and recycled routes.
#[wasm_bindgen(unchecked_return_type = "RouteInfo[]")]
pub fn routes() -> Result<JsValue, JsValue> {
    to_js(&crate::catalog::routes())
}

/// The recycling sites and their grid parameters.
#[wasm_bindgen(unchecked_return_type = "SiteInfo[]")]
pub fn sites() -> Result<JsValue, JsValue> {
    to_js(&crate::catalog::sites())
}

/// The cited sources.
#[wasm_bindgen(unchecked_return_type = "SourceInfo[]")]
pub fn sources() -> Result<JsValue, JsValue> {
    to_js(&crate::catalog::sources())
}

/// Ids of the price sets (for economic allocation).
#[wasm_bindgen(js_name = priceSets, unchecked_return_type = "string[]")]
pub fn price_sets() -> Result<JsValue, JsValue> {
    to_js(&crate::dataset::price_sets())
}

// ---------------------------------------------------------------------------------------------
// Uncertainty
// ---------------------------------------------------------------------------------------------

/// `options` of [`monte_carlo`] as read from JS: numbers are checked by
/// [`McOptions::from_numbers`], so that a fractional, negative or non-finite seed gets the
/// same message as on the command line.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsMcOptions {
    iterations: Option<f64>,
    seed: Option<f64>,
    common_random_numbers: Option<bool>,
    global_sensitivity: Option<bool>,
}

/// Checks iterations and seed. Every failure is a bad value, hence a `RangeError` (the core
/// calls a fractional number a shape error), named `<prefix>iterations` or `<prefix>seed`.
fn mc_numbers(iterations: f64, seed: f64, prefix: &str) -> Result<McOptions, JsValue> {
    McOptions::from_numbers(iterations, seed).map_err(|e| {
        let field = e.field().replacen("options.", prefix, 1);
        let message = e.to_string().replacen("options.", prefix, 1);
        js_error(ErrorClass::Range, &field, &message)
    })
}

/// Reads an optional seed argument (default 1).
fn read_seed(value: &JsValue, root: &str) -> Result<u64, JsValue> {
    let seed: Option<f64> = from_js(value, root)?;
    let seed = seed.unwrap_or(DEFAULT_SEED as f64);
    let prefix = root.strip_suffix("seed").unwrap_or("");
    Ok(mc_numbers(1.0, seed, prefix)?.seed)
}

/// `{ mined, recycled, reductionPercent }` as `Float64Array`s (copies).
fn samples_js(mined: &[f64], recycled: &[f64], reduction: &[f64]) -> JsValue {
    let obj: JsValue = Object::new().into();
    set(&obj, "mined", &Float64Array::from(mined));
    set(&obj, "recycled", &Float64Array::from(recycled));
    set(&obj, "reductionPercent", &Float64Array::from(reduction));
    obj
}

/// Seeded Monte Carlo of both routes with common random numbers:
/// `{ summary, global, samples: { mined, recycled, reductionPercent } }` (samples as
/// `Float64Array`). `options`: `{ iterations = 10000, seed = 1, globalSensitivity = false,
/// commonRandomNumbers = true }`; iterations above 200,000 are a `RangeError`.
///
/// (Declared in the TypeScript section below, where `options` can be optional.)
#[wasm_bindgen(js_name = monteCarlo, skip_typescript)]
pub fn monte_carlo(scenario: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let s: Scenario = from_js(&scenario, "scenario")?;
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let o: Option<JsMcOptions> = from_js_under(&options, "options")?;
    let o = o.unwrap_or_default();
    let mut opts = mc_numbers(
        o.iterations.unwrap_or(DEFAULT_ITERATIONS as f64),
        o.seed.unwrap_or(DEFAULT_SEED as f64),
        "options.",
    )?;
    opts.common_random_numbers = o.common_random_numbers.unwrap_or(true);
    opts.global_sensitivity = o.global_sensitivity.unwrap_or(false);
    let r = core(crate::analysis::monte_carlo::monte_carlo(&s, &opts))?;
    let out: JsValue = Object::new().into();
    set(&out, "summary", &to_js(&r.summary)?);
    set(&out, "global", &to_js(&r.global)?);
    let m = &r.samples;
    set(
        &out,
        "samples",
        &samples_js(&m.mined, &m.recycled, &m.reduction_percent),
    );
    Ok(out)
}

/// Local sensitivities (adjoint) and the tornado data of a scenario.
#[wasm_bindgen(unchecked_return_type = "Sensitivity")]
pub fn sensitivity(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let s: Scenario = from_js(&scenario, "scenario")?;
    to_js(&core(crate::analysis::sensitivity::sensitivity(&s))?)
}

/// A Monte Carlo run advanced in chunks (e.g. in a Web Worker): the draws equal those of
/// `monteCarlo` with the same seed, however the run is split.
#[wasm_bindgen]
pub struct MonteCarloRun {
    run: McRun,
}

#[wasm_bindgen]
impl MonteCarloRun {
    /// Prepares a run of `scenario` with `seed` (a whole number from 0 to 2^53 − 1; default 1).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] seed: Option<JsValue>,
    ) -> Result<MonteCarloRun, JsValue> {
        let s: Scenario = from_js(&scenario, "scenario")?;
        let seed = read_seed(&seed.unwrap_or(JsValue::UNDEFINED), "seed")?;
        Ok(MonteCarloRun {
            run: core(McRun::new(&s, seed))?,
        })
    }

    /// Runs `n` more iterations (a whole number, 0 or more); returns the number done in all.
    /// More than 200,000 in all is a `RangeError` (nothing is run).
    pub fn step(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<f64, JsValue> {
        let n: f64 = from_js(&n, "n")?;
        if !(n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= MAX_ITERATIONS as f64) {
            let message = format!("n: must be a whole number from 0 to {MAX_ITERATIONS}, got {n}");
            return Err(js_error(ErrorClass::Range, "n", &message));
        }
        Ok(core(self.run.step(n as usize))? as f64)
    }

    /// Iterations done so far.
    #[wasm_bindgen(getter)]
    pub fn iterations(&self) -> f64 {
        self.run.len() as f64
    }

    /// The seed.
    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> f64 {
        self.run.seed() as f64
    }

    /// All samples so far: `{ mined, recycled, reductionPercent }` as `Float64Array`s.
    #[wasm_bindgen(unchecked_return_type = "MonteCarloSamples")]
    pub fn samples(&self) -> JsValue {
        self.samples_from(0)
    }

    /// The samples from iteration `offset` on (to send only the new ones); an offset past the
    /// end gives empty arrays.
    #[wasm_bindgen(js_name = samplesSince, unchecked_return_type = "MonteCarloSamples")]
    pub fn samples_since(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] offset: JsValue,
    ) -> Result<JsValue, JsValue> {
        let offset: f64 = from_js(&offset, "offset")?;
        if !(offset.is_finite() && offset >= 0.0 && offset.fract() == 0.0) {
            let message = format!("offset: must be a whole number, 0 or more, got {offset}");
            return Err(js_error(ErrorClass::Range, "offset", &message));
        }
        Ok(self.samples_from(offset.min(self.run.len() as f64) as usize))
    }

    fn samples_from(&self, k: usize) -> JsValue {
        let (m, r, d) = self.run.samples();
        let k = k.min(m.len());
        samples_js(&m[k..], &r[k..], &d[k..])
    }

    /// Statistics of the samples so far (`RangeError` before the first step).
    #[wasm_bindgen(unchecked_return_type = "MonteCarloSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&core(self.run.summary())?)
    }

    /// Standardised regression coefficients of the samples so far (`Error` while there are
    /// not more iterations than sampled inputs + 2).
    #[wasm_bindgen(js_name = globalSensitivity, unchecked_return_type = "GlobalSensitivity")]
    pub fn global_sensitivity(&self) -> Result<JsValue, JsValue> {
        to_js(&core(self.run.global_sensitivity())?)
    }
}

// ---------------------------------------------------------------------------------------------
// TypeScript
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Engine and dataset versions. */
export interface Versions {
  engine: string;
  dataset: string;
}

/** How multi-output processes are split between co-products. */
export type Allocation = "mass" | "economic" | "model";
/** How the recycled route treats its inputs and co-products. */
export type RecyclingRule = "cut-off" | "substitution";
/** GWP100 characterisation set. */
export type GwpSet = "AR6" | "AR5";
/** Side of a comparison. */
export type Side = "mined" | "recycled";
/** Status tag of a figure. */
export type Status = "found" | "foundSecondary" | "derived" | "gap" | "parameter";

/**
 * A scenario: a preset plus what differs from it. Unknown keys are rejected (TypeError);
 * `null` or `undefined` means "as in the preset".
 */
export interface Scenario {
  /** Preset id, e.g. "ionic-missouri" (see presets()). */
  preset: string;
  /** Functional-unit oxide: "Nd2O3", "Pr6O11", "Dy2O3", "Tb4O7", "NdPrOxide" or "Sm2O3". */
  oxide?: string | null;
  /** Mined baseline route id (see routes()). */
  baseline?: string | null;
  /** Recycled route id (see routes()). */
  recycled?: string | null;
  /** Recycling site id (see sites()). */
  site?: string | null;
  allocation?: Allocation | null;
  recyclingRule?: RecyclingRule | null;
  gwp?: GwpSet | null;
  /** Price set id (see priceSets()). */
  priceSet?: string | null;
  /** The stated reduction to check, in percent. */
  claimPercent?: number | null;
  /** Parameter values by id (see parameters()). */
  overrides?: Record<string, number>;
  /** A custom inventory replacing the recycled route. */
  inventory?: CustomInventory | null;
}

/** A user-supplied inventory; it must produce the functional-unit oxide. */
export interface CustomInventory {
  name?: string | null;
  processes: CustomProcess[];
}

export interface CustomProcess {
  id: string;
  name?: string | null;
  /** Life-cycle stage label (default "custom"). */
  stage?: string | null;
  outputs: CustomExchange[];
  inputs?: CustomExchange[];
  emissions?: CustomExchange[];
}

export interface CustomExchange {
  /** A product id (built-in or the inventory's own) or, for emissions, an elementary flow id. */
  flow: string;
  /** Amount per unit of operation; finite and >= 0. */
  amount: number;
}

export interface StageImpact {
  stage: string;
  /** kg CO2-eq per kg of functional unit. */
  impact: number;
}

export interface FlowImpact {
  flow: string;
  name: string;
  unit: string;
  amount: number;
  impact: number;
}

export interface StageFlow {
  stage: string;
  flow: string;
  amount: number;
  unit: string;
  impact: number;
}

export interface Contribution {
  stage: string;
  process: string;
  item: string;
  /** "input" or "emission". */
  kind: string;
  amount: number;
  unit: string;
  impact: number;
}

export interface AllocationUsed {
  process: string;
  requested: Allocation;
  rule: Allocation;
  factor: number;
  /** [product, factor] pairs of all co-products; they sum to 1. */
  factors: [string, number][];
  note: string | null;
}

/** A solved route. */
export interface RouteResult {
  route: string;
  label: string;
  kind: Side;
  /** kg CO2-eq per kg of functional unit. */
  total: number;
  fossil: number;
  biogenic: number;
  byStage: StageImpact[];
  byFlow: FlowImpact[];
  stageFlows: StageFlow[];
  contributions: Contribution[];
  allocations: AllocationUsed[];
  dataGaps: string[];
  note: string;
  condition: number;
}

export interface BreakEven {
  parameter: string;
  label: string;
  unit: string;
  current: number;
  /** Value at which the reduction equals the stated one, or null if none in range. */
  value: number | null;
  range: [number, number];
  note: string;
}

export interface AllocationCase {
  allocation: Allocation;
  mined: number;
  recycled: number;
  reductionPercent: number | null;
  holds: boolean;
}

export interface ClaimCheck {
  statedPercent: number;
  reductionPercent: number | null;
  holds: boolean;
  verdict: string;
  breakEvens: BreakEven[];
  byAllocation: AllocationCase[];
}

export interface GridUsed {
  parameter: string;
  value: number;
  unit: string;
}

/** The result of compare(). */
export interface Comparison {
  engineVersion: string;
  datasetVersion: string;
  preset: string;
  functionalUnit: string;
  oxide: string;
  gwp: string;
  allocation: Allocation;
  recyclingRule: string;
  priceSet: string;
  baseline: string;
  baselineLabel: string;
  site: string;
  siteLabel: string;
  grid: GridUsed;
  mined: RouteResult;
  recycled: RouteResult;
  /** (mined - recycled) / mined * 100, or null when the mined total is not positive. */
  reductionPercent: number | null;
  claim: ClaimCheck;
  overridden: string[];
  warnings: string[];
}

export interface ProductLabel {
  id: string;
  name: string;
  unit: string;
}

export interface ProcessLabel {
  id: string;
  name: string;
  stage: string;
  allocation: string | null;
}

export interface FlowLabel {
  id: string;
  name: string;
  unit: string;
  origin: "fossil" | "biogenic";
}

/** A sparse matrix as 0-based triplets; duplicates add up. */
export interface SparseMatrix {
  shape: [number, number];
  rows: Uint32Array;
  cols: Uint32Array;
  values: Float64Array;
}

/** The labelled matrices of one solved route (format "reo-lca-matrices/1"). */
export interface MatrixExport {
  format: string;
  engineVersion: string;
  datasetVersion: string;
  route: string;
  functionalUnit: string;
  gwp: string;
  allocation: string;
  products: ProductLabel[];
  processes: ProcessLabel[];
  flows: FlowLabel[];
  /** A: products x processes. */
  technosphere: SparseMatrix;
  /** B: flows x processes. */
  biosphere: SparseMatrix;
  /** GWP100 factor per flow. */
  characterisation: Float64Array;
  /** Final demand per product. */
  demand: Float64Array;
  /** Scaling per process (solution of A s = f). */
  scaling: Float64Array;
  /** Inventory per flow (B s). */
  inventory: Float64Array;
  /** kg CO2-eq per functional unit. */
  score: number;
}

export interface PresetInfo {
  id: string;
  label: string;
  recycled: string;
  site: string;
  baseline: string;
  oxide: string;
  allocation: string;
  recyclingRule: string;
  claimPercent: number;
  note: string;
}

/** Uncertainty of a parameter. */
export type Distribution =
  | { kind: "fixed" }
  | { kind: "lognormal"; gsd: number }
  | { kind: "normal"; sd: number }
  | { kind: "uniform"; low: number; high: number }
  | { kind: "triangular" | "pert"; min: number; mode: number; max: number };

export interface ParameterInfo {
  id: string;
  group: string;
  label: string;
  unit: string;
  default: number;
  min: number;
  max: number;
  uncertainty: Distribution;
  status: Status;
  year: number | null;
  sources: string[];
  note: string;
}

export interface RouteInfo {
  id: string;
  kind: Side;
  label: string;
  oxides: string[];
  available: boolean;
  note: string;
}

export interface SiteInfo {
  id: string;
  label: string;
  gridParameter: string;
}

export interface SourceInfo {
  key: string;
  citation: string;
  url: string;
  licence: string;
}

export interface FactorInUse {
  id: string;
  label: string;
  group: string;
  value: number;
  default: number;
  unit: string;
  status: Status;
  year: number | null;
  sources: string[];
  note: string;
  /** "mined", "recycled" or "both". */
  usedBy: string;
}

export interface DataInUse {
  source: string;
  exchanges: number;
  statuses: Status[];
}

/** What a scenario's result rests on. */
export interface InUse {
  parameters: FactorInUse[];
  data: DataInUse[];
}

/** A decoded share link. */
export interface SharedScenario {
  scenario: Scenario;
  engineVersion: string;
  datasetVersion: string;
  /** Set when the link was made with another engine or dataset version. */
  notice: string | null;
}

/** Options of monteCarlo(). Unknown keys are rejected (TypeError). */
export interface MonteCarloOptions {
  /** Whole number from 1 to 200000 (default 10000); above the cap is a RangeError. */
  iterations?: number | null;
  /** Whole number from 0 to 2^53 - 1 (default 1); the same seed gives the same draws everywhere. */
  seed?: number | null;
  /** Standardised regression coefficients as well (default false; about doubles the time). */
  globalSensitivity?: boolean | null;
  /** One draw per input and iteration serves both routes (default true). */
  commonRandomNumbers?: boolean | null;
}

/** One value per iteration. reductionPercent is NaN where the mined total is not positive. */
export interface MonteCarloSamples {
  mined: Float64Array;
  recycled: Float64Array;
  reductionPercent: Float64Array;
}

export interface Stats {
  deterministic: number | null;
  mean: number;
  sd: number;
  stdError: number;
  median: number;
  p5: number;
  p95: number;
  min: number;
  max: number;
}

export interface RouteStats {
  route: string;
  label: string;
  kind: Side;
  /** kg CO2-eq per kg at the deterministic inputs. */
  deterministic: number;
  mean: number;
  sd: number;
  stdError: number;
  median: number;
  p5: number;
  p95: number;
  min: number;
  max: number;
  meanVsDeterministicPercent: number;
}

export interface ComparisonStats {
  claimPercent: number;
  reductionPercent: Stats;
  undefinedReductions: number;
  difference: Stats;
  /** Share (0 to 1) of iterations with recycled < mined. */
  pRecycledLower: number;
  pRecycledLowerStdError: number;
  /** Share (0 to 1) of iterations with a reduction >= claimPercent. */
  pReductionAtLeastClaim: number;
  pReductionAtLeastClaimStdError: number;
}

/** Running means with 95 % half-widths at one checkpoint. */
export interface Checkpoint {
  iterations: number;
  minedMean: number;
  minedHalfWidth: number;
  recycledMean: number;
  recycledHalfWidth: number;
  differenceMean: number;
  differenceHalfWidth: number;
  pRecycledLower: number;
}

export interface UncertainInput {
  kind: "parameter" | "exchange";
  id: string;
  label: string;
  unit: string;
  value: number;
  distribution: Distribution;
  mean: number;
  p5: number;
  p95: number;
  usedBy: "mined" | "recycled" | "both";
}

export interface MonteCarloSummary {
  engineVersion: string;
  datasetVersion: string;
  preset: string;
  oxide: string;
  seed: number;
  iterations: number;
  commonRandomNumbers: boolean;
  mined: RouteStats;
  recycled: RouteStats;
  comparison: ComparisonStats;
  convergence: Checkpoint[];
  sampled: UncertainInput[];
  fixedByScenario: string[];
  /** Why the means differ from the deterministic values (lognormal skew). */
  explanation: string;
  notes: string[];
}

export interface SrcRow {
  id: string;
  kind: "parameter" | "exchange";
  mined: number;
  recycled: number;
  reductionPercent: number | null;
}

export interface GlobalSensitivity {
  method: string;
  iterations: number;
  r2Mined: number;
  r2Recycled: number;
  r2ReductionPercent: number | null;
  inputs: SrcRow[];
}

/** The result of monteCarlo(). */
export interface MonteCarloResult {
  summary: MonteCarloSummary;
  /** Set when options.globalSensitivity and there are enough iterations. */
  global: GlobalSensitivity | null;
  samples: MonteCarloSamples;
}

export interface ExchangeSensitivity {
  id: string;
  amount: number;
  unit: string;
  derivative: number;
  elasticity: number;
  method: string;
}

export interface RouteSensitivity {
  route: string;
  total: number;
  exchanges: ExchangeSensitivity[];
}

export interface ParameterSensitivity {
  id: string;
  label: string;
  unit: string;
  value: number;
  dMined: number;
  dRecycled: number;
  elasticityMined: number;
  elasticityRecycled: number;
  dReductionPercent: number | null;
  /** Percentage points of reduction per +1 % of the parameter. */
  reductionPointsPerPercent: number | null;
}

/** One tornado bar: the comparison with one parameter at its 5th and 95th percentiles. */
export interface TornadoBar {
  id: string;
  label: string;
  unit: string;
  value: number;
  distribution: Distribution;
  low: number;
  high: number;
  minedLow: number | null;
  minedHigh: number | null;
  recycledLow: number | null;
  recycledHigh: number | null;
  reductionLow: number | null;
  reductionHigh: number | null;
  /** Percentage points. */
  swing: number;
}

export interface Tornado {
  baseReductionPercent: number | null;
  claimPercent: number;
  bounds: string;
  /** Largest swing first. */
  bars: TornadoBar[];
}

/** The result of sensitivity(). */
export interface Sensitivity {
  engineVersion: string;
  datasetVersion: string;
  preset: string;
  oxide: string;
  reductionPercent: number | null;
  mined: RouteSensitivity;
  recycled: RouteSensitivity;
  parameters: ParameterSensitivity[];
  tornado: Tornado;
  fixedByScenario: string[];
  method: string[];
}

/**
 * Seeded Monte Carlo of both routes with common random numbers. Options: iterations (1 to
 * 200000, default 10000), seed (0 to 2^53 - 1, default 1), globalSensitivity (default false),
 * commonRandomNumbers (default true). Bad options throw a RangeError or TypeError naming
 * "options.<key>".
 */
export function monteCarlo(scenario: Scenario, options?: MonteCarloOptions): MonteCarloResult;

/**
 * The errors thrown by this package: RangeError (bad value), TypeError (bad shape) or Error,
 * with the message "<field>: <reason>" and the field path in `field`.
 */
export interface ReoLcaError extends Error {
  field: string;
}
"#;
