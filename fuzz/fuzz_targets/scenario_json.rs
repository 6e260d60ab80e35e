//! Scenario decoding, validation and solve: arbitrary text is decoded as a JSON scenario and
//! as a bare custom inventory (as the CLI's `--inventory` reads it) with `reo_lca::json`, then
//! compared. Every answer is a comparison with only finite numbers or a typed error naming a
//! field; nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
#[allow(dead_code)]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match reo_lca::json::scenario_from_json(text) {
        Ok(s) => {
            if let Some(c) = common::compare_and_check(&s) {
                // A scenario that solved once solves again to the same numbers.
                let again = reo_lca::compare(&s).expect("a scenario that solved once solves again");
                assert_eq!(again.mined.total.to_bits(), c.mined.total.to_bits());
                assert_eq!(again.recycled.total.to_bits(), c.recycled.total.to_bits());
                // Its share link (links carry no inventory) fits and decodes to it.
                let mut shared = s.clone();
                shared.inventory = None;
                let link = reo_lca::share::encode(&shared);
                let back = reo_lca::share::decode(&link)
                    .unwrap_or_else(|e| panic!("the link of a valid scenario fails: {e}"));
                assert_eq!(back.scenario, shared);
            }
        }
        Err(e) => common::check_error(&e),
    }
    match reo_lca::json::inventory_from_json(text) {
        Ok(inv) => {
            let mut s = reo_lca::Scenario::preset("ionic-missouri");
            s.inventory = Some(inv);
            common::compare_and_check(&s);
        }
        Err(e) => {
            common::check_error(&e);
            assert!(e.field().starts_with("inventory"), "{e}");
        }
    }
});
