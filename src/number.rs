//! Numbers to decimal text and back, the same in every build.
//!
//! Native builds use Rust's own conversions (`format!`, `str::parse`). In the WebAssembly
//! module those would bring their code and tables (about 10 KB compressed for formatting, 14 KB
//! for parsing), so there the JS host does the decimal arithmetic, which is exact in both:
//!
//! * **Parsing**: the module checks Rust's syntax itself; `parseFloat` of a decimal literal is
//!   the nearest double (round half to even), as Rust's parser gives.
//! * **Shortest digits** ([`display`], [`exp`]): `Number.prototype.toString` gives the shortest
//!   digits that read back to the number, the closest of them to it, as Rust's `{}` and `{:e}`
//!   do; the module lays them out as Rust does (no exponent in [`display`], `1.5e-7` in [`exp`]).
//! * **Fixed digits** ([`fixed`], [`exp_fixed`]): `toFixed` and `toExponential` round the exact
//!   value, as Rust's `{:.N}` and `{:.Ne}` do, but a tie (the value exactly halfway) away from
//!   zero where Rust rounds it to even. Ties are recognised exactly from the bits of the number
//!   and corrected. Above 1e21 or beyond 100 decimals `toFixed` cannot serve; the exact value
//!   is then rounded with the host's `BigInt`.
//!
//! `tests/wasm_text.rs` compares every function with Rust's own on edge cases and random values.

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

/// `x` as `format!("{x}")`: the shortest digits that read back to `x`, without exponent.
///
/// ```
/// use reo_lca::number::display;
/// assert_eq!(display(0.1 + 0.2), "0.30000000000000004");
/// assert_eq!(display(1e21), "1000000000000000000000");
/// assert_eq!(display(-1.5e-7), "-0.00000015");
/// assert_eq!(display(-0.0), "-0");
/// assert_eq!(display(f64::NEG_INFINITY), "-inf");
/// ```
pub fn display(x: f64) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    {
        format!("{x}")
    }
    #[cfg(target_arch = "wasm32")]
    {
        host::special(x, "0").unwrap_or_else(|| {
            let (digits, e) = host::shortest(x);
            let mut s = sign(x).to_string();
            push_plain(&mut s, &digits, e, 0);
            s
        })
    }
}

/// `x` as `format!("{x:e}")`: the shortest digits that read back to `x`, as `d.ddde±n`.
///
/// ```
/// use reo_lca::number::exp;
/// assert_eq!(exp(1e-300), "1e-300");
/// assert_eq!(exp(-2.5e20), "-2.5e20");
/// assert_eq!(exp(1.0), "1e0");
/// assert_eq!(exp(0.0), "0e0");
/// ```
pub fn exp(x: f64) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    {
        format!("{x:e}")
    }
    #[cfg(target_arch = "wasm32")]
    {
        host::special(x, "0e0").unwrap_or_else(|| {
            let (digits, e) = host::shortest(x);
            let mut s = sign(x).to_string();
            push_exp(&mut s, &digits, e - 1);
            s
        })
    }
}

/// `x` as `format!("{x:.decimals$}")`: the exact value rounded to `decimals` places, a tie to
/// even.
///
/// ```
/// use reo_lca::number::fixed;
/// assert_eq!(fixed(2.5, 0), "2");
/// assert_eq!(fixed(0.125, 2), "0.12");
/// assert_eq!(fixed(0.375, 2), "0.38");
/// assert_eq!(fixed(-0.001, 2), "-0.00");
/// assert_eq!(fixed(0.1, 20), "0.10000000000000000555");
/// assert_eq!(fixed(1e21, 1), "1000000000000000000000.0");
/// ```
pub fn fixed(x: f64, decimals: usize) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    {
        format!("{x:.decimals$}")
    }
    #[cfg(target_arch = "wasm32")]
    {
        let zero = if decimals == 0 {
            "0".to_string()
        } else {
            format!("0.{}", "0".repeat(decimals))
        };
        host::special(x, &zero).unwrap_or_else(|| host::fixed(x, decimals))
    }
}

/// `x` as `format!("{x:.decimals$e}")`: the exact value rounded to `decimals + 1` significant
/// digits (a tie to even), as `d.ddde±n`.
///
/// ```
/// use reo_lca::number::exp_fixed;
/// assert_eq!(exp_fixed(1234.5, 3), "1.234e3");
/// assert_eq!(exp_fixed(9.5, 0), "1e1");
/// assert_eq!(exp_fixed(8.5, 0), "8e0");
/// assert_eq!(exp_fixed(0.0, 2), "0.00e0");
/// ```
pub fn exp_fixed(x: f64, decimals: usize) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    {
        format!("{x:.decimals$e}")
    }
    #[cfg(target_arch = "wasm32")]
    {
        let zero = if decimals == 0 {
            "0e0".to_string()
        } else {
            format!("0.{}e0", "0".repeat(decimals))
        };
        host::special(x, &zero).unwrap_or_else(|| host::exp_fixed(x, decimals))
    }
}

/// `-` for a negative number (and negative zero), as Rust writes it.
#[cfg(target_arch = "wasm32")]
fn sign(x: f64) -> &'static str {
    if x.is_sign_negative() {
        "-"
    } else {
        ""
    }
}

/// Appends `0.d₁d₂… × 10^e` without exponent, with at least `decimals` places.
#[cfg(target_arch = "wasm32")]
fn push_plain(s: &mut String, digits: &str, e: i32, decimals: usize) {
    let len = digits.len() as i32;
    let (int, frac): (String, String) = if e <= 0 {
        ("0".into(), format!("{}{digits}", "0".repeat((-e) as usize)))
    } else if e < len {
        (digits[..e as usize].into(), digits[e as usize..].into())
    } else {
        (
            format!("{digits}{}", "0".repeat((e - len) as usize)),
            String::new(),
        )
    };
    s.push_str(&int);
    if !frac.is_empty() || decimals > 0 {
        s.push('.');
        s.push_str(&frac);
        for _ in frac.len()..decimals {
            s.push('0');
        }
    }
}

/// Appends `d₁.d₂… e n` (no point for one digit), as Rust's `{:e}` writes.
#[cfg(target_arch = "wasm32")]
fn push_exp(s: &mut String, digits: &str, n: i32) {
    s.push_str(&digits[..1]);
    if digits.len() > 1 {
        s.push('.');
        s.push_str(&digits[1..]);
    }
    s.push('e');
    s.push_str(&n.to_string());
}

#[cfg(target_arch = "wasm32")]
mod host {
    use js_sys::{BigInt, Number};

    /// The text of NaN, the infinities and zero (`zero`, signed for negative zero), or `None`
    /// for a finite non-zero `x`.
    pub fn special(x: f64, zero: &str) -> Option<String> {
        if x.is_nan() {
            Some("NaN".into())
        } else if x.is_infinite() {
            Some(if x > 0.0 { "inf" } else { "-inf" }.into())
        } else if x == 0.0 {
            Some(format!("{}{zero}", crate::number::sign(x)))
        } else {
            None
        }
    }

    /// The host's text of `x` (a finite number).
    fn js(
        x: f64,
        f: impl Fn(&Number) -> Result<js_sys::JsString, wasm_bindgen::JsValue>,
    ) -> String {
        f(&Number::from(x)).map(String::from).unwrap_or_default()
    }

    /// The shortest digits of `|x|` (finite, non-zero) and the exponent `e` with
    /// `|x| = 0.d₁d₂… × 10^e`, as Rust chooses them: `Number.prototype.toString`, except where
    /// two shortest candidates are equally close to `|x|` (it is exactly halfway between them):
    /// the host takes the one with an even last digit, Rust the upper one if it reads back to
    /// `|x|`.
    pub fn shortest(x: f64) -> (String, i32) {
        let (digits, e) = digits_of(&js(x.abs(), |n| n.to_string_with_radix(10)));
        if is_tie(x, digits.len() as i32 - e) {
            // `toPrecision` rounds a tie up.
            let upper = js(x.abs(), |n| n.to_precision(digits.len() as u8));
            if js_sys::Number::parse_float(&upper) == x.abs() {
                return digits_of(&upper);
            }
        }
        (digits, e)
    }

    /// The digits (without leading and trailing zeros) and the exponent `e` of a number as the
    /// host writes it (`123`, `12.5`, `0.00123`, `1.5e+21`, `1e-7`): `0.d₁d₂… × 10^e`.
    fn digits_of(s: &str) -> (String, i32) {
        let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all = format!("{int}{frac}");
        let lead = all.len() - all.trim_start_matches('0').len();
        let digits = all.trim_matches('0').to_string();
        (digits, int.len() as i32 + exp - lead as i32)
    }

    /// `x = m·2^t` with `m` odd (x finite, non-zero).
    fn odd_binary(x: f64) -> (u64, i32) {
        let bits = x.abs().to_bits();
        let field = (bits >> 52) as i32;
        let (mut m, mut t) = if field == 0 {
            (bits & ((1 << 52) - 1), -1074)
        } else {
            ((bits & ((1 << 52) - 1)) | (1 << 52), field - 1075)
        };
        let z = m.trailing_zeros();
        m >>= z;
        t += z as i32;
        (m, t)
    }

    /// Whether `|x|` lies exactly halfway between two multiples of `10^-q` (`2·|x|·10^q` is an
    /// odd integer), where the host rounds away from zero and Rust to even.
    fn is_tie(x: f64, q: i32) -> bool {
        let (m, t) = odd_binary(x);
        if q >= 0 {
            // 2·m·5^q·2^(t+q) is odd only for t + q + 1 = 0.
            t + q + 1 == 0
        } else {
            // 2·m·2^t / 10^k with k = −q: odd only for t = k − 1 and 5^k dividing m.
            let k = -q;
            t == k - 1 && k <= 22 && m % 5u64.pow(k as u32) == 0
        }
    }

    /// The last digit of `s` one lower (it is odd, so no digit borrows).
    fn round_down_tie(s: &mut String) {
        if let Some(pos) = s.rfind(|c: char| c.is_ascii_digit()) {
            let d = s.as_bytes()[pos];
            if (d - b'0') % 2 == 1 {
                s.replace_range(pos..pos + 1, &((d - 1) as char).to_string());
            }
        }
    }

    /// `format!("{x:.n$}")` for a finite non-zero `x`.
    pub fn fixed(x: f64, n: usize) -> String {
        if n <= 100 && x.abs() < 1e21 {
            let mut s = js(x, |v| v.to_fixed(n as u8));
            if is_tie(x, n as i32) {
                round_down_tie(&mut s);
            }
            return s;
        }
        // Digits of round_half_even(|x|·10^n) from the exact value.
        let digits = scaled(x, n as i32);
        let mut s = crate::number::sign(x).to_string();
        let point = digits.len() as i32 - n as i32;
        crate::number::push_plain(&mut s, &digits, point, n);
        s
    }

    /// `format!("{x:.n$e}")` for a finite non-zero `x`.
    pub fn exp_fixed(x: f64, n: usize) -> String {
        if n <= 100 {
            let s = js(x, |v| v.to_exponential(n as u8));
            let (mantissa, e) = s.split_once('e').unwrap_or((&s, "0"));
            let e1: i32 = e.parse().unwrap_or(0);
            let mut m = mantissa.to_string();
            // A tie at the last place of this exponent (a tie one place further on, where the
            // rounding carried into a new leading digit, rounds up under both rules).
            if is_tie(x, n as i32 - e1) {
                round_down_tie(&mut m);
            }
            return format!("{m}e{e1}");
        }
        // More digits than the host writes: the exact value, rounded.
        let mut e0 = shortest(x).1 - 1;
        let mut d = scaled(x, n as i32 - e0);
        if d.len() <= n {
            // |x| is below the power of ten its shortest form was rounded up to.
            e0 -= 1;
            d = scaled(x, n as i32 - e0);
        }
        if d.len() > n + 1 {
            // The rounding carried into a new digit (9.99… → 10.0…).
            d.truncate(n + 1);
            e0 += 1;
        }
        let mut s = crate::number::sign(x).to_string();
        crate::number::push_exp(&mut s, &d, e0);
        s
    }

    /// The decimal digits of `round_half_even(|x| · 10^q)` (x finite, non-zero), exactly, with
    /// the host's `BigInt`.
    fn scaled(x: f64, q: i32) -> String {
        let (m, t) = odd_binary(x);
        let two = BigInt::from(2u32);
        let ten = BigInt::from(10u32);
        let mut num = BigInt::from(m);
        let mut den = BigInt::from(1u32);
        if t >= 0 {
            num = &num * &two.pow(&BigInt::from(t));
        } else {
            den = two.pow(&BigInt::from(-t));
        }
        let scale = ten.pow(&BigInt::from(q.unsigned_abs()));
        if q >= 0 {
            num = &num * &scale;
        } else {
            den = &den * &scale;
        }
        let mut quot = &num / &den;
        let twice = &(&num % &den) * &two;
        let one = BigInt::from(1u32);
        if twice > den || (twice == den && &quot % &two == one) {
            quot = &quot + &one;
        }
        quot.to_string(10).map(String::from).unwrap_or_default()
    }
}
