//! The argument buffer: a 64 KiB region of linear memory whose address the module exports as
//! the immutable i32 global `A`. The host writes arguments there and reads returns from there;
//! every import that passes bytes uses it too.

/// The argbuf's length, fixed by the ABI.
pub const ARGBUF_LEN: usize = 64 * 1024;

/// 16-aligned, so an archive of any rkyv 0.7 type (u128 included) can be validated in place.
#[repr(C, align(16))]
pub struct ArgBuf(pub [u8; ARGBUF_LEN]);

/// Exported under the name `A`: wasm-ld exports a data symbol as an immutable global holding its
/// address, which is what the ABI asks for.
#[no_mangle]
#[used]
static mut A: ArgBuf = ArgBuf([0; ARGBUF_LEN]);

/// Pointer to the argbuf's first byte.
#[inline]
pub(crate) fn ptr() -> *mut u8 {
    // Only the address is taken; no reference to the static is created.
    core::ptr::addr_of_mut!(A) as *mut u8
}

/// Runs `f` with the argbuf as a byte slice. Contracts are single-threaded and the host only
/// touches the argbuf while the contract is inside an import, so one borrow at a time holds as
/// long as `f` does not call an import itself.
pub fn with_argbuf<R>(f: impl FnOnce(&mut [u8; ARGBUF_LEN]) -> R) -> R {
    // SAFETY: see above; `ArgBuf` is `repr(C)` with the array as its only field.
    f(unsafe { &mut *(ptr() as *mut [u8; ARGBUF_LEN]) })
}
