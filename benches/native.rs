//! Native timing of `compare()` for every preset, the baseline of the wasm/native ratio.
//!
//! `cargo bench --profile benchmark --bench native` (the release settings of the wasm build, but
//! unwinding; see Cargo.toml). Prints one line per preset, `native <preset> <µs per call>`,
//! which `benches/bench.mjs` reads.
//! Method: one warm-up call, then 7 batches sized to take about 50 ms each; the figure is the
//! fastest batch's time per call (on a shared machine other load only ever adds time, so the
//! minimum is the most repeatable estimate).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    use reo_lca::{catalog, compare, Scenario};

    const BATCHES: usize = 7;
    const BATCH_TARGET: Duration = Duration::from_millis(50);

    println!("# compare() per call, native (fastest of {BATCHES} batches)");
    for p in catalog::presets() {
        let s = Scenario::preset(&p.id);
        compare(&s).expect("preset compares");
        // Size a batch so that it runs for about BATCH_TARGET.
        let t = Instant::now();
        let mut n = 0u32;
        while t.elapsed() < BATCH_TARGET / 5 {
            black_box(compare(black_box(&s)).ok());
            n += 1;
        }
        let per_batch = (n * 5).max(1);
        let fastest = (0..BATCHES)
            .map(|_| {
                let t = Instant::now();
                for _ in 0..per_batch {
                    black_box(compare(black_box(&s)).ok());
                }
                t.elapsed().as_secs_f64() * 1e6 / f64::from(per_batch)
            })
            .fold(f64::INFINITY, f64::min);
        println!("native {} {:.3}", p.id, fastest);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
