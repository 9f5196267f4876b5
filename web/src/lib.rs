//! zhibiao in the browser: the library compiled to WebAssembly behind a tiny C ABI, so that the page
//! (`web/page/`) needs no generated glue.
//!
//! # The protocol
//!
//! The page copies a request into memory it got from [`alloc`], calls [`run`] and reads the response
//! it is given a pointer to, then hands both back with [`free`].
//!
//! A **request** is a header and the files' bytes: `u32` (little-endian) length of the header, the
//! header as UTF-8 JSON ([`request::Header`]: the action, the language, the options, and for each
//! file its role — `tree`, `scores`, `scheme` or `previous` —, its name and the byte range of its
//! contents after the header), then the contents.
//!
//! A **response** is `u32` length of the rest, `u32` length of the JSON, the JSON (everything the
//! page shows, [`page::Response`]), then the binary outputs (a result workbook, the templates' zip)
//! one after another; the JSON's `downloads` give each one's name and byte range after the JSON.
//!
//! The browser gives wasm no threads: the page has helper workers read shares of the forms side by
//! side (`read`, each answered with its share's entries as bytes, [`share`]), and gives the shares to
//! the worker that scores (role `share`).
//!
//! A scored run stays in the instance: the page draws its tables from a compact view and asks for a
//! download (`download`, with its `kind`) or a unit's drill-down (`unit`, its place in the ranking)
//! only when the clerk clicks, so a national run does not make 75 MB of json nobody asked for.
//!
//! After a trap, [`last_panic`] points at the panic's message (`u32` length, then UTF-8) for the
//! developer's console.
//!
//! Everything here but the exported functions is plain Rust, tested natively
//! (`cargo test -p zhibiao-web`). A panic on `wasm32-unknown-unknown` aborts the instance (a trap):
//! the page's worker catches it, names the files of the run, and starts a fresh instance.

use std::sync::{Mutex, Once};

pub mod page;
pub mod request;
pub mod response;
pub mod share;

/// Memory for the page to write a request into; `len` bytes, to be given back with [`free`].
// Exported unmangled on wasm only: natively `free` and `alloc` would replace the C library's.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut buffer = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len));
    buffer.as_mut_ptr()
}

/// Gives back memory from [`alloc`] or [`run`]: `len` is the length it was allocated with (for a
/// response, its first `u32` plus 4).
///
/// # Safety
/// `ptr` must come from [`alloc`] or [`run`] with this `len`, and not be freed twice.
// Exported unmangled on wasm only: natively `free` and `alloc` would replace the C library's.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub unsafe extern "C" fn free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller gives back a buffer of exactly this capacity, allocated here.
    drop(unsafe { Vec::from_raw_parts(ptr, 0, len) });
}

/// Runs one request of `len` bytes at `ptr` (which it frees) and returns the response.
///
/// # Safety
/// `ptr` must come from [`alloc`] with this `len`, filled with the request.
// Exported unmangled on wasm only: natively `free` and `alloc` would replace the C library's.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub unsafe extern "C" fn run(ptr: *mut u8, len: usize) -> *mut u8 {
    remember_panics();
    // SAFETY: the caller filled `len` bytes of a buffer of that capacity from `alloc`.
    let request = unsafe { Vec::from_raw_parts(ptr, len, len) };
    // A poisoned lock means a panic, which on wasm has already trapped the instance for good.
    let mut kept = KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let response = page::respond(&request, &mut kept).encode();
    // A boxed slice has exactly its length allocated, which the page reads from its first four bytes.
    Box::into_raw(response.into_boxed_slice()).cast()
}

/// The last scored run of this instance, for the downloads and drill-downs the page asks for later.
static KEPT: Mutex<Option<page::Kept>> = Mutex::new(None);

/// The last panic's message, length first like a response: a panic traps the instance, and the
/// page's worker reads it from the trapped instance's memory for the developer's console.
static LAST_PANIC: Mutex<Vec<u8>> = Mutex::new(Vec::new());

fn remember_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = info.to_string();
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = [&(message.len() as u32).to_le_bytes()[..], message.as_bytes()].concat();
            }
        }))
    });
}

/// Where the last panic's message is (see [`LAST_PANIC`]); null when there was none.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn last_panic() -> *const u8 {
    LAST_PANIC.lock().map_or(std::ptr::null(), |last| if last.is_empty() { std::ptr::null() } else { last.as_ptr() })
}
