//! The share-link decoder: arbitrary text is decoded as a link. A decoded link re-encodes to a
//! link that decodes to the same scenario, and its scenario gives a finite comparison or a
//! typed error. A rejected link names a `share…` field. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reo_lca::share;

#[path = "common.rs"]
#[allow(dead_code)]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match share::decode(text) {
        Ok(d) => {
            let link = share::encode(&d.scenario);
            let again = share::decode(&link)
                .unwrap_or_else(|e| panic!("re-encoded link {link:?} does not decode: {e}"));
            assert_eq!(again.scenario, d.scenario, "round trip through {link:?}");
            assert!(
                again.notice.is_none(),
                "a fresh link carries a version notice"
            );
            common::compare_and_check(&d.scenario);
        }
        Err(e) => {
            common::check_error(&e);
            assert!(e.field().starts_with("share"), "field {:?}", e.field());
        }
    }
});
