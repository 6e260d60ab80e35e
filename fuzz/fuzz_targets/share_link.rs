//! The share-link decoder: arbitrary text is decoded as a link. A decoded link re-encodes to a
//! link that decodes to the same scenario (or, for an invalid scenario only, is longer than the
//! limit), and its scenario gives a finite comparison or a typed error. A rejected link names a
//! `share…` field. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reo_lca::{share, Error};

#[path = "common.rs"]
#[allow(dead_code)]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match share::decode(text) {
        Ok(d) => {
            let valid = common::compare_and_check(&d.scenario).is_some();
            let link = share::encode(&d.scenario);
            match share::decode(&link) {
                Ok(again) => {
                    assert_eq!(again.scenario, d.scenario, "round trip through {link:?}");
                    assert!(
                        again.notice.is_none(),
                        "a fresh link carries a version notice"
                    );
                }
                Err(e) => {
                    // Re-encoding escapes bytes (one byte can become three), so only a link
                    // above the length limit may fail, and never the link of a valid scenario.
                    assert!(
                        matches!(e, Error::TooLarge { .. }) && link.len() > share::MAX_SHARE_LEN,
                        "re-encoded link {link:?} does not decode: {e}"
                    );
                    assert!(
                        !valid,
                        "the link of a valid scenario is {} bytes long",
                        link.len()
                    );
                }
            }
        }
        Err(e) => {
            common::check_error(&e);
            assert!(e.field().starts_with("share"), "field {:?}", e.field());
        }
    }
});
