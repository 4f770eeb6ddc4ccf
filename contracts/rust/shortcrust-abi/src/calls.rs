//! Inter-contract calls through the `c` import.

use crate::argbuf::{with_argbuf, ARGBUF_LEN};
use crate::env;
use crate::types::{ContractError, ContractId};
use crate::wrap::{archive_into, ArgSerializer};
use alloc::format;
use alloc::vec::Vec;
use rkyv::validation::validators::DefaultValidator;
use bytecheck::CheckBytes;
use rkyv::{Archive, Deserialize, Infallible, Serialize};

/// Calls `fn_name` of `contract` with `arg` archived, giving the callee 93% of the remaining gas.
/// The callee's return is validated as `R`: bytes that are no valid `R` give
/// `Err(Panic("Callee return value failed validation: …"))`.
pub fn call<A, R>(contract: ContractId, fn_name: &str, arg: &A) -> Result<R, ContractError>
where
    A: for<'a> Serialize<ArgSerializer<'a>>,
    R: Archive,
    R::Archived: for<'a> CheckBytes<DefaultValidator<'a>> + Deserialize<R, Infallible>,
{
    call_with_limit(contract, fn_name, arg, 0)
}

/// [`call`] with a gas limit for the callee: 0, or one at least what remains, means 93% of what
/// remains. A failed callee is reverted and charges this frame its whole limit.
pub fn call_with_limit<A, R>(
    contract: ContractId,
    fn_name: &str,
    arg: &A,
    gas_limit: u64,
) -> Result<R, ContractError>
where
    A: for<'a> Serialize<ArgSerializer<'a>>,
    R: Archive,
    R::Archived: for<'a> CheckBytes<DefaultValidator<'a>> + Deserialize<R, Infallible>,
{
    let arg_len = with_argbuf(|buf| archive_into(arg, &mut buf[..]));
    let ret_len = invoke(&contract, fn_name, arg_len, gas_limit)?;
    with_argbuf(|buf| match rkyv::check_archived_root::<R>(&buf[..ret_len]) {
        Ok(archived) => match archived.deserialize(&mut Infallible) {
            Ok(v) => Ok(v),
            Err(e) => match e {},
        },
        Err(e) => Err(ContractError::Panic(format!(
            "Callee return value failed validation: {e}"
        ))),
    })
}

/// Calls with raw argument bytes and returns the callee's raw return bytes.
pub fn call_raw(contract: ContractId, fn_name: &str, arg: &[u8]) -> Result<Vec<u8>, ContractError> {
    call_raw_with_limit(contract, fn_name, arg, 0)
}

/// [`call_raw`] with a gas limit (see [`call_with_limit`]).
pub fn call_raw_with_limit(
    contract: ContractId,
    fn_name: &str,
    arg: &[u8],
    gas_limit: u64,
) -> Result<Vec<u8>, ContractError> {
    if arg.len() > ARGBUF_LEN {
        panic!("argument of {} bytes exceeds the argument buffer", arg.len());
    }
    with_argbuf(|buf| buf[..arg.len()].copy_from_slice(arg));
    let ret_len = invoke(&contract, fn_name, arg.len(), gas_limit)?;
    Ok(with_argbuf(|buf| buf[..ret_len].to_vec()))
}

/// The `c` import: the return length, or the error it reports.
fn invoke(
    contract: &ContractId,
    fn_name: &str,
    arg_len: usize,
    gas_limit: u64,
) -> Result<usize, ContractError> {
    // SAFETY: the id and name live in this contract's memory for the whole call.
    let code = unsafe {
        env::c(
            contract.0.as_ptr(),
            fn_name.as_ptr(),
            fn_name.len() as u32,
            arg_len as u32,
            gas_limit,
        )
    };
    if code >= 0 {
        Ok((code as usize).min(ARGBUF_LEN))
    } else {
        Err(with_argbuf(|buf| ContractError::from_code(code, &buf[..])))
    }
}
