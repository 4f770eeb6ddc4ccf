//! Exported functions: `fn(arg_len) -> ret_len` over the argbuf, rkyv in and out.

use crate::argbuf::{with_argbuf, ARGBUF_LEN};
use alloc::vec::Vec;
use rkyv::ser::serializers::{BufferScratch, BufferSerializer, CompositeSerializer};
use rkyv::ser::Serializer;
use rkyv::validation::validators::DefaultValidator;
use bytecheck::CheckBytes;
use rkyv::{Archive, Deserialize, Infallible, Serialize};

/// Scratch space for serializing (a `Vec`'s element resolvers), as piecrust's 1024 bytes.
pub(crate) const SCRATCH_LEN: usize = 1024;

/// The serializer every archive this crate writes goes through: into a byte buffer, with a fixed
/// scratch, no shared-pointer dedup (`Rc`/`Arc` are not supported, as in piecrust).
pub(crate) type ArgSerializer<'a> = CompositeSerializer<
    BufferSerializer<&'a mut [u8]>,
    BufferScratch<&'a mut [u8; SCRATCH_LEN]>,
    Infallible,
>;

/// Archives `value` at the start of `buf`; the length written. Panics when it does not fit.
pub(crate) fn archive_into<T>(value: &T, buf: &mut [u8]) -> usize
where
    T: for<'a> Serialize<ArgSerializer<'a>>,
{
    let mut scratch = [0u8; SCRATCH_LEN];
    let mut ser = CompositeSerializer::new(
        BufferSerializer::new(buf),
        BufferScratch::new(&mut scratch),
        Infallible,
    );
    if ser.serialize_value(value).is_err() {
        panic!("archive does not fit in the argument buffer");
    }
    ser.pos()
}

/// Validates and deserializes an archive of `T`; the panic message names the type.
pub(crate) fn read_archive<T>(bytes: &[u8]) -> T
where
    T: Archive,
    T::Archived: for<'a> CheckBytes<DefaultValidator<'a>> + Deserialize<T, Infallible>,
{
    match rkyv::check_archived_root::<T>(bytes) {
        Ok(archived) => match archived.deserialize(&mut Infallible) {
            Ok(v) => v,
            Err(e) => match e {},
        },
        Err(_) => panic!("invalid argument: not an archived {}", core::any::type_name::<T>()),
    }
}

/// The body of an exported function: validates and deserializes the argument (`arg_len` bytes
/// of the argbuf) as `A`, runs `f`, archives its `R` into the argbuf and returns the length.
/// Invalid argument bytes panic (piecrust's checked `wrap_call`).
pub fn wrap_call<A, R, F>(arg_len: u32, f: F) -> u32
where
    A: Archive,
    A::Archived: for<'a> CheckBytes<DefaultValidator<'a>> + Deserialize<A, Infallible>,
    R: for<'a> Serialize<ArgSerializer<'a>>,
    F: FnOnce(A) -> R,
{
    let len = (arg_len as usize).min(ARGBUF_LEN);
    let arg: A = with_argbuf(|buf| read_archive::<A>(&buf[..len]));
    let ret = f(arg);
    with_argbuf(|buf| archive_into(&ret, &mut buf[..])) as u32
}

/// An exported function over raw bytes: `f` gets the argument bytes and returns the bytes to
/// hand back (at most 64 KiB).
pub fn wrap_call_raw<F>(arg_len: u32, f: F) -> u32
where
    F: FnOnce(Vec<u8>) -> Vec<u8>,
{
    let len = (arg_len as usize).min(ARGBUF_LEN);
    let arg = with_argbuf(|buf| buf[..len].to_vec());
    let ret = f(arg);
    if ret.len() > ARGBUF_LEN {
        panic!("return of {} bytes exceeds the argument buffer", ret.len());
    }
    with_argbuf(|buf| buf[..ret.len()].copy_from_slice(&ret));
    ret.len() as u32
}
