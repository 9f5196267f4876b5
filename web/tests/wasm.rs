//! The built page runs in the browsers the README names: its wasm uses nothing beyond WebAssembly 2.0
//! (reference types, bulk memory, SIMD and the rest), which Chromium 96, Firefox 89 and Safari 16.4
//! have. A newer Rust could turn another proposal on by default and shut older browsers out unseen.

use std::path::Path;
use wasmparser::{Validator, WasmFeatures};

#[test]
fn the_pages_wasm_needs_nothing_beyond_webassembly_2() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-unknown-unknown/web/zhibiao_web.wasm");
    let Ok(wasm) = std::fs::read(&path) else {
        // CI builds the page first; elsewhere the test says it did not run.
        assert!(std::env::var_os("CI").is_none(), "{} is missing: run `bash web/build.sh` first", path.display());
        eprintln!("not run: {} is missing (`bash web/build.sh` builds it)", path.display());
        return;
    };
    if let Err(e) = Validator::new_with_features(WasmFeatures::WASM2).validate_all(&wasm) {
        panic!("{} needs more than WebAssembly 2.0: {e}", path.display());
    }
}
