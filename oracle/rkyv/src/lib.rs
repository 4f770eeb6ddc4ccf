//! The oracle's runtime: a line protocol over stdin/stdout that answers, for any type registered
//! in a dispatch table, what Rust's rkyv 0.7 does with it (see ../README.md for the protocol).
//!
//! Every answer is one line, fields separated by tabs (JSON output never holds a raw tab):
//! `ok\t…` or `err\t<message>`.

pub mod json;
pub mod rng;
pub mod value;

pub use bytecheck::CheckBytes;
pub use json::Json;
pub use rkyv::{Archive, Deserialize, Serialize};
pub use rng::Rng;
pub use value::Value;

use rkyv::ser::serializers::AllocSerializer;
use rkyv::validation::validators::DefaultValidator;
use rkyv::{AlignedVec, Infallible};
use std::io::{BufRead, Write};
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What the protocol can ask of one registered type.
pub trait Handler: Sync {
    fn check(&self, bytes: &[u8]) -> Result<(), String>;
    /// check, deserialize, serialize again: (canonical bytes, value as JSON).
    fn roundtrip(&self, bytes: &[u8]) -> Result<(Vec<u8>, String), String>;
    /// JSON → value → archive.
    fn archive(&self, json: &str) -> Result<Vec<u8>, String>;
    /// `count` random values: (archive, JSON) each.
    fn random(&self, seed: u64, count: usize) -> Vec<(Vec<u8>, String)>;
    /// (size, align, field offsets) of the archived type.
    fn layout(&self) -> (usize, usize, Vec<usize>);
}

pub struct Typed<T>(PhantomData<fn() -> T>);

impl<T> Typed<T> {
    pub const NEW: Self = Typed(PhantomData);
}

/// Extra zero bytes behind the copy that `check` reads: rkyv 0.7.39 does not bound an inline
/// string's length (up to 127) and reads past the archive; with this tail it reads zeros instead
/// of foreign memory.
const SLACK: usize = 128;

/// A 16-aligned copy (rkyv checks real addresses), followed by `SLACK` zeros.
fn aligned_copy(bytes: &[u8]) -> AlignedVec {
    let mut v = AlignedVec::with_capacity(bytes.len() + SLACK);
    v.extend_from_slice(bytes);
    v.extend_from_slice(&[0u8; SLACK]);
    v
}

fn serialize<T: Serialize<AllocSerializer<256>>>(value: &T) -> Vec<u8> {
    // Byte-identical to piecrust's BufferSerializer from position 0 (see the vectors' `serializer`).
    rkyv::to_bytes::<_, 256>(value)
        .expect("AllocSerializer is infallible")
        .to_vec()
}

impl<T> Handler for Typed<T>
where
    T: Value + Archive + Serialize<AllocSerializer<256>>,
    T::Archived: for<'a> CheckBytes<DefaultValidator<'a>> + Deserialize<T, Infallible>,
{
    fn check(&self, bytes: &[u8]) -> Result<(), String> {
        let buf = aligned_copy(bytes);
        rkyv::check_archived_root::<T>(&buf[..bytes.len()])
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn roundtrip(&self, bytes: &[u8]) -> Result<(Vec<u8>, String), String> {
        let buf = aligned_copy(bytes);
        let archived =
            rkyv::check_archived_root::<T>(&buf[..bytes.len()]).map_err(|e| e.to_string())?;
        let value: T = archived.deserialize(&mut Infallible).expect("Infallible");
        Ok((serialize(&value), value::to_json_string(&value)))
    }

    fn archive(&self, text: &str) -> Result<Vec<u8>, String> {
        let value = T::from_json(&json::parse(text)?)?;
        Ok(serialize(&value))
    }

    fn random(&self, seed: u64, count: usize) -> Vec<(Vec<u8>, String)> {
        let mut r = Rng::new(seed);
        (0..count)
            .map(|_| {
                let value = T::random(&mut r);
                (serialize(&value), value::to_json_string(&value))
            })
            .collect()
    }

    fn layout(&self) -> (usize, usize, Vec<usize>) {
        (
            std::mem::size_of::<T::Archived>(),
            std::mem::align_of::<T::Archived>(),
            T::archived_offsets(),
        )
    }
}

pub type Table = &'static [(&'static str, &'static dyn Handler)];

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

pub fn unhex(s: &str) -> Result<Vec<u8>, String> {
    if s.len() % 2 != 0 {
        return Err("odd hex length".into());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| format!("hex: {}", e)))
        .collect()
}

/// One answer line's error: newlines and tabs flattened so the protocol stays line-based.
fn err(message: &str) -> String {
    format!("err\t{}", message.replace(['\n', '\r', '\t'], " "))
}

/// Answers one request line.
pub fn answer(table: Table, line: &str) -> String {
    let parts: Vec<&str> = line.split('\t').collect();
    let find = |name: &str| table.iter().find(|(n, _)| *n == name).map(|(_, h)| *h);
    let needs = |n: usize| parts.len() == n;
    match parts[0] {
        "types" => format!(
            "ok\t{}",
            table.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(",")
        ),
        "rustc" => format!("ok\t{}", env!("ORACLE_RUSTC_VERSION")),
        cmd @ ("check" | "roundtrip" | "archive" | "random" | "layout") => {
            let Some(h) = parts.get(1).and_then(|n| find(n)) else {
                return err(&format!("unknown type {:?}", parts.get(1).unwrap_or(&"")));
            };
            let run = AssertUnwindSafe(|| -> Result<String, String> {
                match cmd {
                    "check" if needs(3) => h.check(&unhex(parts[2])?).map(|_| "ok".to_string()),
                    "roundtrip" if needs(3) => {
                        let (bytes, json) = h.roundtrip(&unhex(parts[2])?)?;
                        Ok(format!("ok\t{}\t{}", hex(&bytes), json))
                    }
                    "archive" if needs(3) => Ok(format!("ok\t{}", hex(&h.archive(parts[2])?))),
                    "random" if needs(4) => {
                        let seed: u64 = parts[2].parse().map_err(|e| format!("seed: {}", e))?;
                        let count: usize = parts[3].parse().map_err(|e| format!("count: {}", e))?;
                        let mut out = String::from("ok");
                        for (bytes, json) in h.random(seed, count) {
                            out.push('\t');
                            out.push_str(&hex(&bytes));
                            out.push('\t');
                            out.push_str(&json);
                        }
                        Ok(out)
                    }
                    "layout" if needs(2) => {
                        let (size, align, offsets) = h.layout();
                        let offsets: Vec<String> = offsets.iter().map(|o| o.to_string()).collect();
                        Ok(format!("ok\t{}\t{}\t{}", size, align, offsets.join(",")))
                    }
                    _ => Err(format!("wrong number of fields for {}", cmd)),
                }
            });
            match catch_unwind(run) {
                Ok(Ok(line)) => line,
                Ok(Err(message)) => err(&message),
                Err(panic) => {
                    let text = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    err(&format!("panic: {}", text))
                }
            }
        }
        other => err(&format!("unknown command {:?}", other)),
    }
}

/// Serves requests from stdin until it closes.
pub fn serve(table: Table) {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let reply = answer(table, line);
        if writeln!(out, "{}", reply)
            .and_then(|_| out.flush())
            .is_err()
        {
            break;
        }
    }
}
