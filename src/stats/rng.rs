//! A small, documented, seeded random number generator whose draws are bit-identical on every
//! target (x86_64, aarch64, wasm32), so the same seed gives the same Monte Carlo samples in the
//! command line, in Node and in the browser.
//!
//! ## Generator
//! **xoshiro256\*\*** (D. Blackman and S. Vigna, "Scrambled linear pseudorandom number
//! generators", ACM TOMS 47(4), 2021; reference code <https://prng.di.unimi.it/xoshiro256starstar.c>):
//! 256 bits of state, period 2²⁵⁶ − 1, pure 64-bit integer arithmetic. The state is seeded by
//! **SplitMix64** (Steele, Lea and Flood, OOPSLA 2014), as its authors recommend: the four state
//! words are the first four SplitMix64 outputs from the 64-bit seed.
//!
//! [`Rng::stream`] derives an independent generator for a named input from `(seed, key)`:
//! the SplitMix64 seed is `seed ⊕ mix64(key)`, with `mix64` the SplitMix64 output function and
//! `key` the 64-bit FNV-1a hash of the input's name ([`key_of`]). Each uncertain input of a
//! Monte Carlo run draws from its own stream, so its draws do not depend on which other inputs
//! are sampled or in which order.
//!
//! ## Floating point
//! Uniforms are `(x >> 11) · 2⁻⁵³` (53 random bits, in `[0, 1)`). Normals use the ziggurat
//! method ([`Rng::normal`]), which needs `+ − × ÷`, `sqrt` (all correctly rounded under IEEE
//! 754 on every target) and, rarely, `ln` and `exp`. Platform `ln`/`exp` may differ in the last bit between
//! targets (the C library natively, a Rust port of musl in wasm), so this module carries its
//! own [`ln`] and [`exp`]: ports of the FreeBSD/musl (fdlibm) algorithms using only IEEE
//! arithmetic and bit operations. They are accurate to < 1 ulp and, above all, give the same
//! bits everywhere. Rust never fuses `a·b + c` into an FMA unless asked, so the arithmetic is
//! reproducible as written.
//!
//! ```
//! use reo_lca::stats::rng::Rng;
//! let mut a = Rng::new(42);
//! let mut b = Rng::new(42);
//! assert_eq!(a.next_u64(), b.next_u64());
//! let u = a.uniform();
//! assert!((0.0..1.0).contains(&u));
//! ```

/// SplitMix64 increment (the golden ratio, 2⁶⁴/φ).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64 output function (a bijection on 64-bit words).
///
/// ```
/// // First output of SplitMix64 seeded with 0 is mix64(0 + GOLDEN).
/// assert_eq!(reo_lca::stats::rng::mix64(0x9E37_79B9_7F4A_7C15), 0xE220_A839_7B1D_CDAF);
/// ```
pub fn mix64(z: u64) -> u64 {
    let mut z = z;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// 64-bit FNV-1a hash of a name: the stream key of an uncertain input.
///
/// ```
/// assert_eq!(reo_lca::stats::rng::key_of(""), 0xCBF2_9CE4_8422_2325);
/// ```
pub fn key_of(name: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in name.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// xoshiro256\*\* generator (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// Seeds the four state words with the first four outputs of SplitMix64 started at `seed`.
    /// The state is never all zero (SplitMix64 outputs four distinct words).
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(GOLDEN);
            mix64(x)
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    /// The generator of stream `key` for `seed`: `Rng::new(seed ^ mix64(key))`.
    pub fn stream(seed: u64, key: u64) -> Rng {
        Rng::new(seed ^ mix64(key))
    }

    /// Next 64 random bits (xoshiro256\*\*).
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on `[0, 1)`: `(x >> 11) · 2⁻⁵³`.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform on `(0, 1)`: `((x >> 11) + 0.5) · 2⁻⁵³` (never 0, never 1).
    #[inline]
    pub fn uniform_open(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Standard normal deviate by the ziggurat method (Marsaglia and Tsang, J. Stat. Softw.
    /// 5(8), 2000, in Doornik's ZIGNOR form, 2005) with 256 layers: one 64-bit draw gives the
    /// layer (low 8 bits) and a uniform `u ∈ (−1, 1)` (high 52 bits); `x = u·X[i]` is
    /// returned at once when `|x| < X[i+1]` (≈ 99 % of draws). Otherwise the wedge is tested
    /// against `exp(−x²/2)`, and the base layer samples the tail beyond `R` by Marsaglia's
    /// method (`x = ln U₁ / R`, `y = ln U₂` until `−2y ≥ x²`). The tables are computed once
    /// from `R` and `V` with this module's [`ln`] and [`exp`], so they are the same on every
    /// target.
    #[inline]
    pub fn normal(&mut self) -> f64 {
        let z = ziggurat();
        let bits = self.next_u64();
        let i = (bits & 0xff) as usize;
        let u = 2.0 * (((bits >> 12) as f64 + 0.5) * (1.0 / 4_503_599_627_370_496.0)) - 1.0;
        let x = u * z.x[i];
        if x.abs() < z.x[i + 1] {
            return x;
        }
        self.normal_slow(z, i, u, x)
    }

    /// The rest of [`Rng::normal`] for a candidate `x = u·X[i]` outside the layer's core:
    /// the tail (base layer) or the wedge test, then new candidates until one is accepted.
    #[cold]
    #[inline(never)]
    fn normal_slow(&mut self, z: &Ziggurat, i: usize, u: f64, x: f64) -> f64 {
        let (mut i, mut u, mut x) = (i, u, x);
        loop {
            if i == 0 {
                return self.normal_tail(u < 0.0);
            }
            if z.f[i + 1] + (z.f[i] - z.f[i + 1]) * self.uniform() < exp(-0.5 * x * x) {
                return x;
            }
            let bits = self.next_u64();
            i = (bits & 0xff) as usize;
            u = 2.0 * (((bits >> 12) as f64 + 0.5) * (1.0 / 4_503_599_627_370_496.0)) - 1.0;
            x = u * z.x[i];
            if x.abs() < z.x[i + 1] {
                return x;
            }
        }
    }

    /// A draw from the normal tail beyond `ZIG_R`, with the given sign.
    fn normal_tail(&mut self, negative: bool) -> f64 {
        loop {
            let x = ln(self.uniform_open()) / ZIG_R;
            let y = ln(self.uniform_open());
            if -2.0 * y >= x * x {
                return if negative { x - ZIG_R } else { ZIG_R - x };
            }
        }
    }

    /// Gamma(`shape`, 1) deviate for `shape ≥ 1` by Marsaglia and Tsang (ACM TOMS 26(3), 2000):
    /// `d = shape − 1/3`, `c = 1/√(9d)`; repeat `x ~ N(0,1)`, `v = (1 + c·x)³` until `v > 0` and
    /// `ln u < x²/2 + d − d·v + d·ln v`; return `d·v`. Returns NaN for `shape < 1` or NaN.
    pub fn gamma(&mut self, shape: f64) -> f64 {
        if shape.is_nan() || shape < 1.0 || shape.is_infinite() {
            return f64::NAN;
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let t = 1.0 + c * x;
            if t <= 0.0 {
                continue;
            }
            let v = t * t * t;
            let u = self.uniform_open();
            let x2 = x * x;
            // Squeeze first (saves the logarithms almost always).
            if u < 1.0 - 0.0331 * x2 * x2 {
                return d * v;
            }
            if ln(u) < 0.5 * x2 + d * (1.0 - v + ln(v)) {
                return d * v;
            }
        }
    }

    /// Beta(`a`, `b`) deviate for `a, b ≥ 1`: `X / (X + Y)` with `X ~ Gamma(a)`, `Y ~ Gamma(b)`.
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a);
        let y = self.gamma(b);
        x / (x + y)
    }
}

// ---------------------------------------------------------------------------------------------
// Ziggurat tables (256 layers; R and V as in Marsaglia and Tsang 2000).

/// Start of the tail of the 256-layer normal ziggurat.
const ZIG_R: f64 = 3.654_152_885_361_009;
/// Area of each layer (and of the base layer with the tail).
const ZIG_V: f64 = 0.004_928_673_233_99;

/// Layer edges `x[0] = V/f(R) > x[1] = R > … > x[256] = 0` and `f[i] = exp(−x[i]²/2)`.
struct Ziggurat {
    x: [f64; 257],
    f: [f64; 257],
}

fn ziggurat() -> &'static Ziggurat {
    static Z: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();
    Z.get_or_init(|| {
        let pdf = |x: f64| exp(-0.5 * x * x);
        let mut x = [0.0; 257];
        x[0] = ZIG_V / pdf(ZIG_R);
        x[1] = ZIG_R;
        for i in 2..256 {
            let prev = x[i - 1];
            x[i] = (-2.0 * ln(ZIG_V / prev + pdf(prev))).sqrt();
        }
        x[256] = 0.0;
        let mut f = [0.0; 257];
        for i in 0..257 {
            f[i] = pdf(x[i]);
        }
        Ziggurat { x, f }
    })
}

// ---------------------------------------------------------------------------------------------
// Deterministic ln and exp (fdlibm algorithms as in FreeBSD and musl). The constants are
// given by their bit patterns, exactly as in the fdlibm sources.

const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593);
const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04);
const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359);
const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af);
const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de);
const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f);
const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244);

/// Natural logarithm, bit-identical on every target (fdlibm `__ieee754_log`).
///
/// `x = 2ᵏ·(1 + f)` with `√2/2 < 1 + f < √2`; with `s = f/(2 + f)`,
/// `ln(1 + f) = f − f²/2 + s·(f²/2 + R(s²))`, `R` a degree-14 minimax polynomial (error
/// < 2⁻⁵⁸·⁴⁵); then `ln x = k·ln2_hi + (k·ln2_lo + ln(1 + f))`. Error < 1 ulp.
///
/// ```
/// use reo_lca::stats::rng::ln;
/// assert_eq!(ln(1.0), 0.0);
/// assert!((ln(10.0) - std::f64::consts::LN_10).abs() <= f64::EPSILON * 3.0);
/// assert!(ln(-1.0).is_nan() && ln(0.0) == f64::NEG_INFINITY);
/// ```
pub fn ln(x: f64) -> f64 {
    let mut x = x;
    let mut ui = x.to_bits();
    let mut hx = (ui >> 32) as u32;
    let mut k: i32 = 0;
    if hx < 0x0010_0000 || (hx >> 31) != 0 {
        if ui << 1 == 0 {
            return f64::NEG_INFINITY; // ln(±0)
        }
        if (hx >> 31) != 0 {
            return f64::NAN; // ln(negative)
        }
        // subnormal: scale up by 2^54
        k -= 54;
        x *= 18_014_398_509_481_984.0;
        ui = x.to_bits();
        hx = (ui >> 32) as u32;
    } else if hx >= 0x7ff0_0000 {
        return x; // inf or NaN
    } else if hx == 0x3ff0_0000 && ui << 32 == 0 {
        return 0.0;
    }
    // reduce x into [sqrt(2)/2, sqrt(2)]
    hx = hx.wrapping_add(0x3ff0_0000 - 0x3fe6_a09e);
    k += (hx >> 20) as i32 - 0x3ff;
    hx = (hx & 0x000f_ffff) + 0x3fe6_a09e;
    ui = ((hx as u64) << 32) | (ui & 0xffff_ffff);
    x = f64::from_bits(ui);

    let f = x - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    let dk = k as f64;
    s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI
}

const INV_LN2: f64 = f64::from_bits(0x3ff7_1547_652b_82fe);
const P1: f64 = f64::from_bits(0x3fc5_5555_5555_553e);
const P2: f64 = f64::from_bits(0xbf66_c16c_16be_bd93);
const P3: f64 = f64::from_bits(0x3f11_566a_af25_de2c);
const P4: f64 = f64::from_bits(0xbebb_bd41_c5d2_6bf1);
const P5: f64 = f64::from_bits(0x3e66_3769_72be_a4d0);

/// `x · 2ⁿ` by exponent manipulation (musl `scalbn`).
fn scalbn(x: f64, n: i32) -> f64 {
    let x1p1023 = f64::from_bits(0x7fe0_0000_0000_0000); // 2^1023
    let x1p53 = f64::from_bits(0x4340_0000_0000_0000); // 2^53
    let x1p_1022 = f64::from_bits(0x0010_0000_0000_0000); // 2^-1022
    let mut y = x;
    let mut n = n;
    if n > 1023 {
        y *= x1p1023;
        n -= 1023;
        if n > 1023 {
            y *= x1p1023;
            n -= 1023;
            if n > 1023 {
                n = 1023;
            }
        }
    } else if n < -1022 {
        y *= x1p_1022 * x1p53;
        n += 1022 - 53;
        if n < -1022 {
            y *= x1p_1022 * x1p53;
            n += 1022 - 53;
            if n < -1022 {
                n = -1022;
            }
        }
    }
    y * f64::from_bits(((0x3ff + n) as u64) << 52)
}

/// Exponential, bit-identical on every target (fdlibm `__ieee754_exp`).
///
/// `x = k·ln2 + r` with `|r| ≤ ln2/2`; `exp(r) = 1 + r + r·c(r)/(2 − c(r))` with
/// `c(r) = r − r²·P(r²)`, `P` a degree-5 minimax polynomial; then `exp(x) = 2ᵏ·exp(r)`.
/// Error < 1 ulp.
///
/// ```
/// use reo_lca::stats::rng::exp;
/// assert_eq!(exp(0.0), 1.0);
/// assert!((exp(1.0) - std::f64::consts::E).abs() <= f64::EPSILON * 3.0);
/// assert_eq!(exp(-1000.0), 0.0);
/// assert_eq!(exp(1000.0), f64::INFINITY);
/// ```
#[inline]
pub fn exp(x: f64) -> f64 {
    let mut x = x;
    let hx_full = (x.to_bits() >> 32) as u32;
    let sign = (hx_full >> 31) as i32;
    let hx = hx_full & 0x7fff_ffff;
    if hx >= 0x4086_232b {
        // |x| >= 708.39...
        if x.is_nan() {
            return x;
        }
        if x > f64::from_bits(0x4086_2e42_fefa_39ef) {
            // 709.78…: exp overflows
            return f64::INFINITY;
        }
        if x < f64::from_bits(0xc087_4910_d52d_3051) {
            // −745.13…: exp underflows to 0
            return 0.0;
        }
    }
    let (hi, lo, k): (f64, f64, i32);
    if hx > 0x3fd6_2e42 {
        // |x| > 0.5 ln2
        let kk = if hx >= 0x3ff0_a2b2 {
            // |x| >= 1.5 ln2
            (INV_LN2 * x + if sign == 0 { 0.5 } else { -0.5 }) as i32
        } else {
            1 - sign - sign
        };
        let kf = kk as f64;
        hi = x - kf * LN2_HI;
        lo = kf * LN2_LO;
        x = hi - lo;
        k = kk;
    } else if hx > 0x3e30_0000 {
        // |x| > 2^-28
        k = 0;
        hi = x;
        lo = 0.0;
    } else {
        return 1.0 + x;
    }
    let xx = x * x;
    let c = x - xx * (P1 + xx * (P2 + xx * (P3 + xx * (P4 + xx * P5))));
    let y = 1.0 + (x * c / (2.0 - c) - lo + hi);
    if k == 0 {
        y
    } else {
        scalbn(y, k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xoshiro_reference_state() {
        // Reference output for state {1, 2, 3, 4} (computed from the reference C code).
        let mut r = Rng { s: [1, 2, 3, 4] };
        assert_eq!(r.next_u64(), 11520);
        assert_eq!(r.next_u64(), 0);
        assert_eq!(r.next_u64(), 1_509_978_240);
        assert_eq!(r.next_u64(), 1_215_971_899_390_074_240);
    }

    #[test]
    fn ln_exp_within_one_ulp_of_platform() {
        let mut r = Rng::new(7);
        for _ in 0..200_000 {
            let e = r.uniform() * 1400.0 - 700.0;
            let x = exp(e);
            let d = (x - e.exp()).abs();
            assert!(d <= e.exp() * f64::EPSILON, "exp({e})");
            let y = r.uniform_open() * 10f64.powi((r.next_u64() % 40) as i32 - 20);
            let d = (ln(y) - y.ln()).abs();
            assert!(d <= y.ln().abs() * f64::EPSILON + 1e-300, "ln({y})");
        }
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
        assert!(ln(f64::NAN).is_nan() && exp(f64::NAN).is_nan());
        assert!((ln(f64::MIN_POSITIVE / 4.0) - (f64::MIN_POSITIVE / 4.0).ln()).abs() < 1e-12);
    }

    #[test]
    fn ziggurat_tables_are_decreasing_and_finite() {
        let z = ziggurat();
        for i in 0..256 {
            assert!(
                z.x[i].is_finite() && z.x[i] > z.x[i + 1],
                "x[{i}] = {}",
                z.x[i]
            );
        }
        assert!(z.x[255] > 0.0 && z.x[255] < 0.3, "x[255] = {}", z.x[255]);
        // Each layer has area V: x[i]·(f[i+1] − f[i]) = V, the top one included.
        for i in 1..256 {
            let a = z.x[i] * (z.f[i + 1] - z.f[i]);
            assert!((a - ZIG_V).abs() < 1e-9, "layer {i}: {a}");
        }
    }
}
