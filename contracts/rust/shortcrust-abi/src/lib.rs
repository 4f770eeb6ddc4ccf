//! The piecrust contract ABI for Rust contracts (wasm32), written from Shortcrust's reference
//! notes (`piecrust-abi.md`), not from piecrust-uplink.
//!
//! A contract is a `cdylib` that links this crate and exports functions with [`wrap_call`]:
//!
//! ```ignore
//! #[no_mangle]
//! unsafe extern "C" fn read_value(arg_len: u32) -> u32 {
//!     shortcrust_abi::wrap_call(arg_len, |(): ()| unsafe { VALUE })
//! }
//! ```
//!
//! Every byte that crosses between contract and host goes through the argument buffer
//! ([`argbuf`]); every argument and return is an rkyv 0.7 archive (`size_32`, validated with
//! bytecheck on the way in).
#![no_std]

extern crate alloc;

mod argbuf;
mod calls;
mod env;
mod host;
#[cfg(target_family = "wasm")]
mod runtime;
mod types;
mod wrap;

pub use argbuf::{with_argbuf, ARGBUF_LEN};
pub use calls::{call, call_raw, call_raw_with_limit, call_with_limit};
pub use host::{
    callstack, caller, debug_raw, emit, emit_raw, feed, feed_raw, host_query, host_query_raw,
    limit, meta_data, meta_data_raw, owner, panic_raw, self_id, self_owner, spent,
};
pub use types::{ContractError, ContractId};
pub use wrap::{wrap_call, wrap_call_raw};

// What contracts need to derive archives, re-exported so they depend on one crate.
pub use bytecheck;
pub use rkyv;

/// `debug!("x = {}", x)`: formats into the argbuf and hands it to the host's `hdebug` (printed
/// only when the VM enables debugging).
#[macro_export]
macro_rules! debug {
    ($($arg:tt)*) => {
        $crate::debug_raw(&::alloc::format!($($arg)*))
    };
}
