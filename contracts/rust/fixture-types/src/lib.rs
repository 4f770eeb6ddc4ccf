//! The fixtures' shared argument and return types. `generated.rs` comes from
//! packages/runtime/src/testing/rust-types/fixture-types.ts (`shortcrust codegen --root
//! packages/runtime/src/testing/rust-types`); a codegen test keeps it current.
#![no_std]

mod generated;

pub use generated::*;
