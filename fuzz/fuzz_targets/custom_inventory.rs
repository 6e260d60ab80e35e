//! Custom inventories built from the fuzzer's bytes out of a small vocabulary of ids (built-in
//! oxides, background products, the inventory's own intermediates, elementary flows, and ids
//! that do not exist) and of awkward amounts (0, tiny, huge, nearly equal, NaN, ±∞), so that
//! loops, singular and near-singular technosphere matrices, missing producers and unknown
//! flows are reached often. Every answer must be finite or a typed error; nothing may panic.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use reo_lca::model::scenario::{CustomExchange, CustomInventory, CustomProcess};
use reo_lca::Scenario;

#[path = "common.rs"]
#[allow(dead_code)]
mod common;

const PRESETS: &[&str] = &[
    "ionic-missouri",
    "ionic-belfast-ndpr",
    "sprecher-hdd",
    "smco-missouri",
];
const OXIDES: &[&str] = &["Dy2O3", "Nd2O3", "Pr6O11", "NdPrOxide", "Sm2O3", "Tb4O7"];
const PRODUCTS: &[&str] = &[
    "Dy2O3",
    "Nd2O3",
    "Pr6O11",
    "Sm2O3",
    "Tb4O7",
    "NdPrOxide",
    "a",
    "b",
    "c",
    "loop",
    "hcl_100",
    "electricity_site",
    "oxalic_acid",
    "magnet_feed",
    "rec_liquor",
    "bo_ore",
    "",
    "no_such_product",
];
const FLOWS: &[&str] = &[
    "co2_fossil",
    "co2_biogenic",
    "ch4_fossil",
    "n2o",
    "ghg_co2e",
    "so2",
    "unobtainium",
];
const AMOUNTS: &[f64] = &[
    0.0,
    1.0,
    1.0,
    1.0,
    0.5,
    2.0,
    1.0 + 1e-9,
    1.0 - 1e-9,
    1.0 + 1e-15,
    1e-12,
    1e-300,
    f64::MIN_POSITIVE,
    5e-324,
    1e12,
    1e12 + 1.0,
    1e300,
    -1.0,
    -0.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.3333333333333333,
    1e8,
    1e-8,
];

fn pick<'a>(u: &mut Unstructured, xs: &'a [&'a str]) -> Result<&'a str> {
    Ok(xs[u.choose_index(xs.len())?])
}

fn amount(u: &mut Unstructured) -> Result<f64> {
    if u.ratio(1, 8)? {
        Ok(f64::from_bits(u.arbitrary::<u64>()?))
    } else {
        Ok(AMOUNTS[u.choose_index(AMOUNTS.len())?])
    }
}

fn exchanges(u: &mut Unstructured, pool: &[&str], max: usize) -> Result<Vec<CustomExchange>> {
    let n = u.int_in_range(0..=max)?;
    (0..n)
        .map(|_| {
            Ok(CustomExchange {
                flow: pick(u, pool)?.to_string(),
                amount: amount(u)?,
            })
        })
        .collect()
}

fn scenario(u: &mut Unstructured) -> Result<Scenario> {
    let mut s = Scenario::preset(pick(u, PRESETS)?);
    if u.arbitrary()? {
        s.oxide = Some(pick(u, OXIDES)?.to_string());
    }
    if u.arbitrary()? {
        s.allocation = Some(pick(u, &["mass", "economic", "model"])?.to_string());
    }
    let n = u.int_in_range(0..=6)?;
    let ids = ["p0", "p1", "p2", "p3", "p4", "p0", ""];
    let mut processes = Vec::with_capacity(n);
    for i in 0..n {
        processes.push(CustomProcess {
            id: if u.ratio(1, 10)? {
                pick(u, &ids)?.to_string()
            } else {
                format!("p{i}")
            },
            name: None,
            stage: if u.arbitrary()? {
                Some(pick(u, &["custom", "background", "x"])?.to_string())
            } else {
                None
            },
            outputs: exchanges(u, PRODUCTS, 3)?,
            inputs: exchanges(u, PRODUCTS, 4)?,
            emissions: exchanges(u, FLOWS, 2)?,
        });
    }
    s.inventory = Some(CustomInventory {
        name: None,
        processes,
    });
    Ok(s)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(s) = scenario(&mut u) else {
        return;
    };
    if let Some(c) = common::compare_and_check(&s) {
        assert_eq!(c.recycled.route, "custom");
    }
});
