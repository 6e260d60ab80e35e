//! Decimal text to numbers, the same in every build.
//!
//! Native builds use Rust's own conversion. In the WebAssembly module that conversion would
//! bring its code and tables (about 14 KB compressed), so the module checks Rust's syntax
//! itself and leaves the conversion of a valid literal to the JS host: `parseFloat` of a
//! decimal literal is the nearest double (round half to even), as Rust's is, so every text
//! gives the same number in both builds.

/// `s` as a number, as `s.parse::<f64>().ok()`: an optional sign, then `inf`, `infinity`,
/// `nan` (any case) or digits with an optional `.` and an optional exponent (`e` or `E`, an
/// optional sign, digits); nothing else, not even spaces.
///
/// ```
/// use reo_lca::number::parse;
/// assert_eq!(parse("0.45"), Some(0.45));
/// assert_eq!(parse("-.5e-3"), Some(-0.0005));
/// assert_eq!(parse("5."), Some(5.0));
/// assert_eq!(parse("+Infinity"), Some(f64::INFINITY));
/// assert!(parse("NaN").is_some_and(f64::is_nan));
/// for bad in ["", ".", "e5", "1e", "1e+", " 1", "0x10", "1_0", "Infinit"] {
///     assert_eq!(parse(bad), None, "{bad:?}");
/// }
/// ```
pub fn parse(s: &str) -> Option<f64> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.parse().ok()
    }
    #[cfg(target_arch = "wasm32")]
    {
        let (negative, body) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let special = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
            Some(f64::INFINITY)
        } else if body.eq_ignore_ascii_case("nan") {
            Some(f64::NAN)
        } else {
            None
        };
        match special {
            Some(x) if negative => Some(-x),
            Some(x) => Some(x),
            None if is_decimal(body) => Some(js_sys::Number::parse_float(s)),
            None => None,
        }
    }
}

/// Whether `s` is `digits [. digits] [e [sign] digits]` with a digit before or after the point.
#[cfg(target_arch = "wasm32")]
fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let int = digits(0);
    let mut i = int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        frac = digits(i + 1);
        i += 1 + frac;
    }
    if int + frac == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digits(i);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}
