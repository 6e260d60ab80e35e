//! Every sort of the crate, in one place. The standard library's sorts are generic: each
//! `sort_by` with its own element type and closure is a separate copy of the sorting code
//! (several KB each in the WebAssembly module). Here one stable merge sort over indices, with
//! the comparison passed as `&mut dyn FnMut`, serves every sort of records, and `f64` slices
//! (a Monte Carlo run's samples, thousands of values) use one `sort_unstable_by`.
//!
//! The results are those of `slice::sort_by` with the same comparison: a stable sort's output
//! is determined by the comparison alone (a total preorder: `total_cmp` of keys, `Ord` of
//! tuples), whichever algorithm runs.
//!
//! ```
//! use reo_lca::order;
//! let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd')];
//! order::sort_by_key(&mut v, |x| x.0);
//! assert_eq!(v, [(0, 'd'), (1, 'b'), (2, 'a'), (2, 'c')]);
//! let mut xs = [3.0, -0.0, 0.0, -1.5];
//! order::sort_f64(&mut xs);
//! assert_eq!(xs.map(f64::to_bits), [-1.5f64, -0.0, 0.0, 3.0].map(f64::to_bits));
//! ```

use std::cmp::Ordering;

/// Sorts `xs` ascending by [`f64::total_cmp`]. Values that compare equal under `total_cmp`
/// have the same bits, so this equals the stable `sort_by(f64::total_cmp)`.
pub fn sort_f64(xs: &mut [f64]) {
    xs.sort_unstable_by(f64::total_cmp);
}

/// The stable sorting permutation of `n` elements: `order[k]` is the index of the element that
/// comes `k`-th. `less(a, b)`: whether element `a` goes strictly before element `b`.
pub fn stable_order(n: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut buf = order.clone();
    // Bottom-up merge sort: runs of `width` merged pairwise from `order` into `buf`, then the
    // two swap roles.
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut buf[start..end] {
                // The right element is taken only when strictly before the left one: stable.
                let right = i >= mid || (j < end && less(order[j], order[i]));
                if right {
                    *slot = order[j];
                    j += 1;
                } else {
                    *slot = order[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut buf);
        width *= 2;
    }
    order
}

/// The stable order of elements by small whole-number keys (`keys[k] < buckets`): a counting
/// sort, linear in the number of elements, without comparisons. `order` lists the elements
/// (indices into `keys`) in their current order; ties keep it.
pub fn bucket_order(order: &[usize], keys: &[usize], buckets: usize) -> Vec<usize> {
    // start[b]: where bucket b begins in the output, advanced as elements are placed.
    let mut start = vec![0usize; buckets + 1];
    for &k in order {
        start[keys[k] + 1] += 1;
    }
    for b in 1..=buckets {
        start[b] += start[b - 1];
    }
    let mut out = vec![0usize; order.len()];
    for &k in order {
        let b = keys[k];
        out[start[b]] = k;
        start[b] += 1;
    }
    out
}

/// Sorts `v` stably by `cmp`, as `slice::sort_by`.
pub fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = stable_order(v.len(), &mut |a, b| cmp(&v[a], &v[b]) == Ordering::Less);
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// Sorts `v` stably by `key`, as `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably by `key`, largest first (by [`f64::total_cmp`]), as
/// `sort_by(|a, b| key(b).total_cmp(&key(a)))`.
pub fn sort_by_f64_desc<T>(v: &mut Vec<T>, mut key: impl FnMut(&T) -> f64) {
    sort_by(v, |a, b| key(b).total_cmp(&key(a)));
}

/// Sorts `v` ascending and removes repeated values (as `sort_unstable` then `dedup`).
pub fn sort_dedup(v: &mut Vec<usize>) {
    sort_by(v, usize::cmp);
    v.dedup();
}
