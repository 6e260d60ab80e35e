//! A writer of NumPy `.npy` files (format version 1.0) for one-dimensional arrays: the header
//! exactly as `numpy.save` writes it (padded with spaces to a multiple of 64 bytes), then the
//! little-endian records.
//!
//! ```
//! use reo_lca::export::npy;
//! let b = npy::f64s(&[1.0, 2.0]);
//! assert_eq!(&b[..8], b"\x93NUMPY\x01\x00");
//! assert_eq!(b.len(), 128 + 16);
//! ```

/// Alignment of the data after the header (numpy's `ARRAY_ALIGN`).
const ALIGN: usize = 64;

/// A `.npy` file of `len` records of dtype `descr` (the dtype's Python repr, e.g. `'<f8'` or
/// `[('row', '<i8'), ('col', '<i8')]`) whose bytes are `body`.
pub fn array(descr: &str, len: usize, body: &[u8]) -> Vec<u8> {
    let dict = format!("{{'descr': {descr}, 'fortran_order': False, 'shape': ({len},), }}");
    // magic (6) + version (2) + header length (2) + dict + padding + '\n'
    let hlen = dict.len() + 1;
    let pad = ALIGN - (10 + hlen) % ALIGN;
    let mut out = Vec::with_capacity(10 + hlen + pad + body.len());
    out.extend_from_slice(b"\x93NUMPY\x01\x00");
    out.extend_from_slice(&((hlen + pad) as u16).to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out.resize(out.len() + pad, b' ');
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// `<f8` values.
pub fn f64s(v: &[f64]) -> Vec<u8> {
    let body: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    array("'<f8'", v.len(), &body)
}

/// `|b1` values.
pub fn bools(v: &[bool]) -> Vec<u8> {
    let body: Vec<u8> = v.iter().map(|&x| u8::from(x)).collect();
    array("'|b1'", v.len(), &body)
}

/// bw_processing's indices dtype `[('row', '<i8'), ('col', '<i8')]`.
pub fn indices(v: &[(i64, i64)]) -> Vec<u8> {
    let body: Vec<u8> = v
        .iter()
        .flat_map(|(r, c)| r.to_le_bytes().into_iter().chain(c.to_le_bytes()))
        .collect();
    array("[('row', '<i8'), ('col', '<i8')]", v.len(), &body)
}

/// One record of bw_processing's uncertainty dtype (stats_arrays' fields, 32-bit floats).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Distribution {
    pub uncertainty_type: u8,
    pub loc: f64,
    pub scale: f64,
    pub shape: f64,
    pub minimum: f64,
    pub maximum: f64,
    pub negative: bool,
}

/// bw_processing's `UNCERTAINTY_DTYPE`: `uncertainty_type |u1`, `loc`, `scale`, `shape`,
/// `minimum`, `maximum` as `<f4` (NaN where unused), `negative |b1`; 22 bytes a record.
pub fn distributions(v: &[Distribution]) -> Vec<u8> {
    let mut body = Vec::with_capacity(v.len() * 22);
    for d in v {
        body.push(d.uncertainty_type);
        for x in [d.loc, d.scale, d.shape, d.minimum, d.maximum] {
            body.extend_from_slice(&(x as f32).to_le_bytes());
        }
        body.push(u8::from(d.negative));
    }
    array(
        "[('uncertainty_type', '|u1'), ('loc', '<f4'), ('scale', '<f4'), ('shape', '<f4'), ('minimum', '<f4'), ('maximum', '<f4'), ('negative', '|b1')]",
        v.len(),
        &body,
    )
}
