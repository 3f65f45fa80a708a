//! # kefu-guest
//!
//! The kefu core as a plain WebAssembly module (`wasm32-unknown-unknown`) with **zero
//! imports**, hosted by the `kefu` CLI through wasmtime. All `unsafe` of the guest
//! lives in [`abi`].
//!
//! ## ABI (version [`kefu_core::api::ABI_VERSION`])
//!
//! Exports:
//!
//! | export | signature | meaning |
//! |---|---|---|
//! | `memory` | memory | the guest's linear memory |
//! | `kefu_abi_version` | `() -> i32` | the ABI version; hosts refuse a module whose version they do not know |
//! | `kefu_alloc` | `(len: i32) -> i32` | allocates `len` bytes for the host to write into; 0 when `len` is 0 or allocation fails |
//! | `kefu_free` | `(ptr: i32, len: i32)` | frees a buffer from `kefu_alloc` or from a `kefu_call` result |
//! | `kefu_call` | `(op_ptr, op_len, in_ptr, in_len: i32) -> i64` | runs operation `op` (UTF-8) on the JSON input; returns `(ptr << 32) \| len` of the JSON answer, which the host reads and then frees |
//! | `kefu_call_batch` | `(op_ptr, op_len, in_ptr, in_len, rec_ptr, rec_len: i32) -> i64` | a batch operation (`lint`, `decide`, `scan`) with its records framed beside the input (each a 4-byte little-endian length and its bytes) instead of escaped into it; the same answer as `kefu_call` with `"records"` in the input. Optional for a host: one that does not find it sends `kefu_call` |
//! | `kefu_call_batch_lines` | as `kefu_call_batch` | the same batch answered in lines (`kefu_core::api::call_batch_lines`): `{"type":"success"}` and then each record's result on a line of its own, or the failure envelope. Optional for a host: one that does not find it sends `kefu_call_batch` |
//!
//! A call: the host allocates and writes the operation name and the input, calls
//! `kefu_call`, reads the answer, and frees all three buffers. The answer is the
//! envelope of [`kefu_core::api::call`] (`{"type":"success",...}` or
//! `{"type":"failure","errors":[...]}`); input that is not UTF-8 gets a failure
//! envelope with code `KEFU-CALL-UTF8`. A trap (out of fuel, memory cap) is the host's to
//! report.
#![deny(missing_docs)]

pub mod abi;
