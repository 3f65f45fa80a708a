//! The raw exports. Every pointer here was handed out by `kefu_alloc` (or by
//! `kefu_call` for answers) and comes back with its length, so each buffer is a boxed
//! slice whose layout we know exactly.
#![allow(unsafe_code)]

use kefu_core::api;

/// The ABI version (see the crate docs).
#[no_mangle]
pub extern "C" fn kefu_abi_version() -> u32 {
    api::ABI_VERSION
}

/// Allocates `len` bytes for the host; returns 0 for `len == 0`.
#[no_mangle]
pub extern "C" fn kefu_alloc(len: u32) -> u32 {
    if len == 0 {
        return 0;
    }
    let buf: Box<[u8]> = vec![0u8; len as usize].into_boxed_slice();
    Box::into_raw(buf) as *mut u8 as usize as u32
}

/// Frees a buffer from `kefu_alloc` or a `kefu_call` answer.
///
/// # Safety
/// `ptr` and `len` must describe a buffer this module handed out and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn kefu_free(ptr: u32, len: u32) {
    if ptr == 0 || len == 0 {
        return;
    }
    let slice = std::ptr::slice_from_raw_parts_mut(ptr as usize as *mut u8, len as usize);
    // SAFETY: the host returns exactly the (ptr, len) pair we gave out, once.
    drop(unsafe { Box::from_raw(slice) });
}

/// Reads a host-written buffer as a byte slice.
///
/// # Safety
/// `(ptr, len)` must lie inside a buffer from `kefu_alloc`.
unsafe fn bytes<'a>(ptr: u32, len: u32) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    // SAFETY: see the function's contract.
    unsafe { std::slice::from_raw_parts(ptr as usize as *const u8, len as usize) }
}

fn answer_ptr(answer: String) -> u64 {
    let answer: Box<[u8]> = answer.into_bytes().into_boxed_slice();
    let len = answer.len() as u64;
    let ptr = Box::into_raw(answer) as *mut u8 as usize as u64;
    (ptr << 32) | len
}

const NOT_UTF8: &str = r#"{"type":"failure","errors":[{"code":"KEFU-CALL-UTF8","message":"operation, input or a record is not valid UTF-8"}]}"#;

/// The records of a batch, each framed as a 4-byte little-endian length and its bytes;
/// `None` when the frames do not add up or a record is not UTF-8.
fn records(mut framed: &[u8]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    while !framed.is_empty() {
        let (len, rest) = framed.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        let (record, rest) = (rest.get(..len)?, rest.get(len..)?);
        out.push(std::str::from_utf8(record).ok()?.to_owned());
        framed = rest;
    }
    Some(out)
}

/// The body of both batch exports: the three buffers read, `call` run on them (a
/// failure envelope when one is not UTF-8 or the frames do not add up), its answer
/// handed back.
///
/// # Safety
/// The three `(ptr, len)` pairs must lie inside buffers from `kefu_alloc`.
unsafe fn batch(
    (op_ptr, op_len): (u32, u32),
    (in_ptr, in_len): (u32, u32),
    (rec_ptr, rec_len): (u32, u32),
    call: fn(&str, &str, Vec<String>) -> String,
) -> u64 {
    // SAFETY: the host wrote these buffers through kefu_alloc.
    let (op, input, framed) = unsafe { (bytes(op_ptr, op_len), bytes(in_ptr, in_len), bytes(rec_ptr, rec_len)) };
    let answer = match (std::str::from_utf8(op), std::str::from_utf8(input), records(framed)) {
        (Ok(op), Ok(input), Some(records)) => call(op, input, records),
        _ => NOT_UTF8.to_owned(),
    };
    answer_ptr(answer)
}

/// Runs a batch operation (`lint`, `decide`, `scan`) with its records beside the input,
/// framed (4-byte little-endian length, then the bytes), so that no record is escaped
/// into the input's JSON and parsed back: the answer of `kefu_call` with `"records"`
/// in the input. Returns `(answer_ptr << 32) | answer_len`.
///
/// # Safety
/// The three `(ptr, len)` pairs must lie inside buffers from `kefu_alloc`.
#[no_mangle]
pub unsafe extern "C" fn kefu_call_batch(
    op_ptr: u32,
    op_len: u32,
    in_ptr: u32,
    in_len: u32,
    rec_ptr: u32,
    rec_len: u32,
) -> u64 {
    // SAFETY: the caller's contract is `batch`'s.
    unsafe { batch((op_ptr, op_len), (in_ptr, in_len), (rec_ptr, rec_len), api::call_batch) }
}

/// [`kefu_call_batch`] answering in lines (`kefu_core::api::call_batch_lines`): the
/// header line, then each record's result on a line of its own, so that the host finds
/// them without reading the answer through. Returns `(answer_ptr << 32) | answer_len`.
///
/// # Safety
/// The three `(ptr, len)` pairs must lie inside buffers from `kefu_alloc`.
#[no_mangle]
pub unsafe extern "C" fn kefu_call_batch_lines(
    op_ptr: u32,
    op_len: u32,
    in_ptr: u32,
    in_len: u32,
    rec_ptr: u32,
    rec_len: u32,
) -> u64 {
    // SAFETY: the caller's contract is `batch`'s.
    unsafe { batch((op_ptr, op_len), (in_ptr, in_len), (rec_ptr, rec_len), api::call_batch_lines) }
}

/// Runs one operation; returns `(answer_ptr << 32) | answer_len`.
///
/// # Safety
/// Both `(ptr, len)` pairs must lie inside buffers from `kefu_alloc`.
#[no_mangle]
pub unsafe extern "C" fn kefu_call(op_ptr: u32, op_len: u32, in_ptr: u32, in_len: u32) -> u64 {
    // SAFETY: the host wrote these buffers through kefu_alloc.
    let (op, input) = unsafe { (bytes(op_ptr, op_len), bytes(in_ptr, in_len)) };
    let answer = match (std::str::from_utf8(op), std::str::from_utf8(input)) {
        (Ok(op), Ok(input)) => api::call(op, input),
        _ => NOT_UTF8.to_owned(),
    };
    answer_ptr(answer)
}
