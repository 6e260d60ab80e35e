//! Text helpers shared by every message and report: significant-digit formatting and the one
//! truncation of user-supplied text quoted in messages.

/// Longest piece of user-supplied text (an id, a key, a value) quoted in a message, in
/// characters; longer text is cut and ends with `…`.
pub const QUOTE_LEN: usize = 60;

/// Formats `x` with `sig` significant digits, without exponent for ordinary magnitudes.
///
/// ```
/// assert_eq!(reo_lca::text::format_sig(0.0123456, 3), "0.0123");
/// assert_eq!(reo_lca::text::format_sig(61.0, 3), "61.0");
/// ```
pub fn format_sig(x: f64, sig: usize) -> String {
    if x == 0.0 || !x.is_finite() {
        return crate::number::display(x);
    }
    let mag = x.abs().log10().floor() as i32;
    let decimals = (sig as i32 - 1 - mag).max(0) as usize;
    crate::number::fixed(x, decimals)
}

/// A number as written in messages: the shortest text that reads back to it, in exponent form
/// outside `[1e-4, 1e15)` unless it is a whole number below 1e16 (never 300 zeros), and `NaN`,
/// `Infinity`, `-Infinity` as JavaScript writes them.
///
/// ```
/// use reo_lca::text::short;
/// assert_eq!(short(0.45), "0.45");
/// assert_eq!(short(1e-300), "1e-300");
/// assert_eq!(short(-2.5e20), "-2.5e20");
/// assert_eq!(short(f64::INFINITY), "Infinity");
/// assert_eq!(short(200000.0), "200000");
/// assert_eq!(short(9007199254740991.0), "9007199254740991");
/// ```
pub fn short(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if x == 0.0 || (1e-4..1e15).contains(&x.abs()) || (x.fract() == 0.0 && x.abs() < 1e16) {
        crate::number::display(x)
    } else {
        crate::number::exp(x)
    }
}

/// Longest message of an error, in characters (then `…`).
pub const MAX_MESSAGE: usize = 600;

/// Most names listed in a message (then "and N more").
pub const MAX_LISTED: usize = 5;

/// `items` joined by ", ", at most [`MAX_LISTED`] of them, then "and N more".
///
/// ```
/// let v: Vec<String> = (1..=7).map(|i| i.to_string()).collect();
/// assert_eq!(reo_lca::text::list(&v), "1, 2, 3, 4, 5 and 2 more");
/// ```
pub fn list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(MAX_LISTED).map(|s| truncate(s)).collect();
    match items.len().saturating_sub(MAX_LISTED) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// User-supplied text as quoted in a message: at most [`QUOTE_LEN`] characters, `…` when cut.
///
/// ```
/// assert_eq!(reo_lca::text::truncate("short"), "short");
/// assert_eq!(reo_lca::text::truncate(&"x".repeat(100)).chars().count(), 61);
/// ```
pub fn truncate(s: &str) -> String {
    if s.chars().count() > QUOTE_LEN {
        format!("{}…", s.chars().take(QUOTE_LEN).collect::<String>())
    } else {
        s.to_string()
    }
}

/// `impl Display` for enums that have an `as_str()`: they print as they serialize.
macro_rules! display_as_str {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}
pub(crate) use display_as_str;
