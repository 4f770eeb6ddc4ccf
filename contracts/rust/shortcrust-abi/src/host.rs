//! The other imports: host queries, session metadata, events, feeds, context, panics, debug.

use crate::argbuf::{with_argbuf, ARGBUF_LEN};
use crate::env;
use crate::types::ContractId;
use crate::wrap::{archive_into, read_archive, ArgSerializer};
use alloc::vec::Vec;
use rkyv::validation::validators::DefaultValidator;
use bytecheck::CheckBytes;
use rkyv::{Archive, Deserialize, Infallible, Serialize};

/// Copies raw bytes to the start of the argbuf (panics when they do not fit); their length.
fn put_raw(bytes: &[u8]) -> u32 {
    if bytes.len() > ARGBUF_LEN {
        panic!("{} bytes exceed the argument buffer", bytes.len());
    }
    with_argbuf(|buf| buf[..bytes.len()].copy_from_slice(bytes));
    bytes.len() as u32
}

fn put<T: for<'a> Serialize<ArgSerializer<'a>>>(value: &T) -> u32 {
    with_argbuf(|buf| archive_into(value, &mut buf[..])) as u32
}

fn take_raw(len: usize) -> Vec<u8> {
    with_argbuf(|buf| buf[..len.min(ARGBUF_LEN)].to_vec())
}

/// Host query `name` with `arg` archived; its result validated as `R` (panics when invalid).
pub fn host_query<A, R>(name: &str, arg: &A) -> R
where
    A: for<'a> Serialize<ArgSerializer<'a>>,
    R: Archive,
    R::Archived: for<'a> CheckBytes<DefaultValidator<'a>> + Deserialize<R, Infallible>,
{
    let arg_len = put(arg);
    // SAFETY: the name lives in this contract's memory during the call.
    let len = unsafe { env::hq(name.as_ptr(), name.len() as u32, arg_len) } as usize;
    with_argbuf(|buf| read_archive::<R>(&buf[..len.min(ARGBUF_LEN)]))
}

/// Host query with raw bytes in and out.
pub fn host_query_raw(name: &str, arg: &[u8]) -> Vec<u8> {
    let arg_len = put_raw(arg);
    // SAFETY: as above.
    let len = unsafe { env::hq(name.as_ptr(), name.len() as u32, arg_len) } as usize;
    take_raw(len)
}

/// Session metadata `name` as a `D`: None when absent, empty, or not a valid archive of `D`.
pub fn meta_data<D>(name: &str) -> Option<D>
where
    D: Archive,
    D::Archived: for<'a> CheckBytes<DefaultValidator<'a>> + Deserialize<D, Infallible>,
{
    let bytes = meta_data_raw(name)?;
    let archived = rkyv::check_archived_root::<D>(&bytes).ok()?;
    match archived.deserialize(&mut Infallible) {
        Ok(v) => Some(v),
        Err(e) => match e {},
    }
}

/// Session metadata `name`'s raw bytes; None when absent (or empty: the host reports length 0).
pub fn meta_data_raw(name: &str) -> Option<Vec<u8>> {
    // SAFETY: the name lives in this contract's memory during the call.
    let len = unsafe { env::hd(name.as_ptr(), name.len() as u32) } as usize;
    if len == 0 {
        None
    } else {
        Some(take_raw(len))
    }
}

/// Emits an event with `topic` and `data` archived (costs 4 gas per topic and data byte).
pub fn emit<D: for<'a> Serialize<ArgSerializer<'a>>>(topic: &str, data: &D) {
    let len = put(data);
    // SAFETY: the topic lives in this contract's memory during the call.
    unsafe { env::emit(topic.as_ptr(), topic.len() as u32, len) }
}

/// Emits an event with raw data bytes.
pub fn emit_raw(topic: &str, data: &[u8]) {
    let len = put_raw(data);
    // SAFETY: as above.
    unsafe { env::emit(topic.as_ptr(), topic.len() as u32, len) }
}

/// Sends `data` archived to the host's feeder channel (an error outside a feeder call).
pub fn feed<D: for<'a> Serialize<ArgSerializer<'a>>>(data: &D) {
    let len = put(data);
    // SAFETY: no pointers.
    unsafe { env::feed(len) }
}

/// Sends raw bytes to the feeder channel.
pub fn feed_raw(data: &[u8]) {
    let len = put_raw(data);
    // SAFETY: no pointers.
    unsafe { env::feed(len) }
}

fn id_at(buf: &[u8], i: usize) -> ContractId {
    let mut id = [0u8; 32];
    id.copy_from_slice(&buf[i * 32..i * 32 + 32]);
    ContractId(id)
}

/// The calling contract, or None when the host called this contract.
pub fn caller() -> Option<ContractId> {
    // SAFETY: no pointers.
    match unsafe { env::caller() } {
        0 => None,
        _ => Some(with_argbuf(|buf| id_at(&buf[..], 0))),
    }
}

/// The contracts on the call stack, immediate caller first (empty for a call from the host).
pub fn callstack() -> Vec<ContractId> {
    // SAFETY: no pointers.
    let n = unsafe { env::callstack() }.max(0) as usize;
    let n = n.min(ARGBUF_LEN / 32);
    with_argbuf(|buf| (0..n).map(|i| id_at(&buf[..], i)).collect())
}

/// This frame's gas limit.
pub fn limit() -> u64 {
    // SAFETY: no pointers.
    unsafe { env::limit() }
}

/// Gas spent so far in this frame.
pub fn spent() -> u64 {
    // SAFETY: no pointers.
    unsafe { env::spent() }
}

/// The owner bytes of `contract`, or None when it does not exist. Owners are arbitrary bytes;
/// unlike piecrust-uplink's `owner::<N>`, the length is not fixed by the caller.
pub fn owner(contract: ContractId) -> Option<Vec<u8>> {
    // SAFETY: the id lives in this contract's memory during the call.
    let len = unsafe { env::owner(contract.0.as_ptr()) };
    if len <= 0 {
        None
    } else {
        Some(take_raw(len as usize))
    }
}

/// This contract's owner (the `owner` import with a null pointer).
pub fn self_owner() -> Vec<u8> {
    // SAFETY: a null pointer asks for this contract's own owner.
    let len = unsafe { env::owner(core::ptr::null()) };
    take_raw(len.max(0) as usize)
}

/// This contract's id.
pub fn self_id() -> ContractId {
    // SAFETY: no pointers.
    unsafe { env::self_id() };
    with_argbuf(|buf| id_at(&buf[..], 0))
}

/// Aborts the call with `message` (the host sees `Panic(message)`); cut to the argbuf's size.
pub fn panic_raw(message: &str) -> ! {
    let bytes = message.as_bytes();
    let len = bytes.len().min(ARGBUF_LEN);
    with_argbuf(|buf| buf[..len].copy_from_slice(&bytes[..len]));
    // SAFETY: no pointers.
    unsafe { env::panic(len as u32) }
}

/// Debug output through `hdebug` (the host shows it only when debugging is on).
pub fn debug_raw(message: &str) {
    let len = put_raw(&message.as_bytes()[..message.len().min(ARGBUF_LEN)]);
    // SAFETY: no pointers.
    unsafe { env::hdebug(len) }
}
