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
        return format!("{x}");
    }
    let mag = x.abs().log10().floor() as i32;
    let decimals = (sig as i32 - 1 - mag).max(0) as usize;
    format!("{x:.decimals$}")
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
