//! The two types of the ABI itself.

use alloc::string::String;
use bytecheck::CheckBytes;
use rkyv::{Archive, Deserialize, Serialize};

/// A contract id: 32 bytes. Its archive is the same 32 bytes (alignment 1).
#[derive(Archive, Serialize, Deserialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[archive_attr(derive(CheckBytes))]
#[repr(C)]
pub struct ContractId(pub [u8; 32]);

impl ContractId {
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Why an inter-contract call failed, as the `c` import reports it. The archive is an enum
/// with a u8 tag in this order (the TypeScript SDK's `ContractError` cases).
#[derive(Archive, Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
#[archive_attr(derive(CheckBytes))]
pub enum ContractError {
    /// The callee panicked (or trapped) with this message.
    Panic(String),
    OutOfGas,
    DoesNotExist,
    /// Anything else (e.g. the call depth limit).
    Unknown,
}

impl ContractError {
    /// From the `c` import's negative result; the argbuf holds `u32 LE length ‖ UTF-8` for Panic.
    pub(crate) fn from_code(code: i32, argbuf: &[u8]) -> Self {
        match code {
            -1 => {
                let len = u32::from_le_bytes([argbuf[0], argbuf[1], argbuf[2], argbuf[3]]) as usize;
                let len = len.min(argbuf.len() - 4);
                Self::Panic(String::from_utf8_lossy(&argbuf[4..4 + len]).into_owned())
            }
            -2 => Self::OutOfGas,
            -3 => Self::DoesNotExist,
            _ => Self::Unknown,
        }
    }
}

impl core::fmt::Display for ContractError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Panic(m) => write!(f, "Panic: {m}"),
            Self::OutOfGas => f.write_str("OutOfGas"),
            Self::DoesNotExist => f.write_str("DoesNotExist"),
            Self::Unknown => f.write_str("Unknown"),
        }
    }
}
