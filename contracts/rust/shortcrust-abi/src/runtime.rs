//! What a wasm32 `no_std` cdylib needs from its runtime: a global allocator and a panic handler.

use crate::argbuf::{ptr, ARGBUF_LEN};
use crate::env;
use core::fmt::Write;

#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// Writes formatted text into the argbuf; fails (and the message is replaced) past 64 KiB.
struct ArgbufWriter {
    len: usize,
}

impl Write for ArgbufWriter {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(core::fmt::Error)?;
        if end > ARGBUF_LEN {
            return Err(core::fmt::Error);
        }
        // SAFETY: in bounds of the argbuf; nothing else holds it while panicking.
        unsafe { core::ptr::copy_nonoverlapping(s.as_ptr(), ptr().add(self.len), s.len()) };
        self.len = end;
        Ok(())
    }
}

/// `panic!("x")` aborts the call with `Panic("x")`: the message alone (no location), as piecrust.
#[panic_handler]
fn on_panic(info: &core::panic::PanicInfo) -> ! {
    let mut w = ArgbufWriter { len: 0 };
    if write!(w, "{}", info.message()).is_err() {
        w.len = 0;
        let _ = w.write_str("PANIC INFO TOO LONG");
    }
    // SAFETY: no pointers.
    unsafe { env::panic(w.len as u32) }
}
