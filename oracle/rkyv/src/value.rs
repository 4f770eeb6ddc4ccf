//! `Value`: what the oracle needs of every Rust type besides rkyv's traits: JSON in the vectors'
//! convention (`conventions` in shared/vectors/rkyv-0.7.json), random values, and the archived
//! field offsets. Implemented here for every primitive and container; the TypeScript generator
//! writes the impls for its structs and enums.

use crate::json::{self, Json};
use crate::rng::Rng;
use rkyv::Archive;
use std::collections::BTreeMap;
use std::fmt::Write;

pub trait Value: Sized {
    fn to_json(&self, out: &mut String);
    fn from_json(j: &Json) -> Result<Self, String>;
    fn random(r: &mut Rng) -> Self;
    /// Byte offsets of the archived fields in declaration order (structs and tuples), as rustc laid
    /// them out; empty for everything else.
    fn archived_offsets() -> Vec<usize> {
        Vec::new()
    }
}

pub fn to_json_string<T: Value>(v: &T) -> String {
    let mut out = String::new();
    v.to_json(&mut out);
    out
}

fn num<T: std::str::FromStr>(j: &Json, what: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    match j {
        Json::Num(text) => text
            .parse::<T>()
            .map_err(|e| format!("{}: {} ({})", what, e, text)),
        other => Err(format!(
            "{}: expected a number, found {}",
            what,
            other.kind()
        )),
    }
}

fn decimal<T: std::str::FromStr>(j: &Json, what: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    match j {
        Json::Str(text) => text
            .parse::<T>()
            .map_err(|e| format!("{}: {} ({})", what, e, text)),
        other => Err(format!(
            "{}: expected a decimal string, found {}",
            what,
            other.kind()
        )),
    }
}

/// Integers that archive as JSON numbers.
macro_rules! small_int {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn to_json(&self, out: &mut String) {
                let _ = write!(out, "{}", self);
            }
            fn from_json(j: &Json) -> Result<Self, String> {
                num(j, stringify!($t))
            }
            fn random(r: &mut Rng) -> Self {
                match r.below(8) {
                    0 => <$t>::MIN,
                    1 => <$t>::MAX,
                    2 => 0,
                    3 => (r.below(256) as $t) & <$t>::MAX,
                    _ => r.next_u64() as $t,
                }
            }
        }
    )*};
}
small_int!(u8, u16, u32, i8, i16, i32);

// size_32: usize/isize archive as u32/i32, so random values stay in that range.
impl Value for usize {
    fn to_json(&self, out: &mut String) {
        let _ = write!(out, "{}", self);
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        let v: u32 = num(j, "usize")?;
        Ok(v as usize)
    }
    fn random(r: &mut Rng) -> Self {
        u32::random(r) as usize
    }
}

impl Value for isize {
    fn to_json(&self, out: &mut String) {
        let _ = write!(out, "{}", self);
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        let v: i32 = num(j, "isize")?;
        Ok(v as isize)
    }
    fn random(r: &mut Rng) -> Self {
        i32::random(r) as isize
    }
}

/// Integers that archive as decimal strings.
macro_rules! big_int {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn to_json(&self, out: &mut String) {
                let _ = write!(out, "\"{}\"", self);
            }
            fn from_json(j: &Json) -> Result<Self, String> {
                decimal(j, stringify!($t))
            }
            fn random(r: &mut Rng) -> Self {
                let wide = ((r.next_u64() as u128) << 64) | r.next_u64() as u128;
                match r.below(8) {
                    0 => <$t>::MIN,
                    1 => <$t>::MAX,
                    2 => 0,
                    3 => (r.below(1000) as $t),
                    _ => wide as $t,
                }
            }
        }
    )*};
}
big_int!(u64, i64, u128, i128);

macro_rules! float {
    ($t:ty, $bits:ty, $specials:expr) => {
        impl Value for $t {
            fn to_json(&self, out: &mut String) {
                if self.is_nan() {
                    out.push_str("\"NaN\"");
                } else if self.is_infinite() {
                    out.push_str(if *self > 0.0 {
                        "\"Infinity\""
                    } else {
                        "\"-Infinity\""
                    });
                } else {
                    // Debug is the shortest round-trip decimal (exponent form when long), valid JSON.
                    let _ = write!(out, "{:?}", self);
                }
            }
            fn from_json(j: &Json) -> Result<Self, String> {
                match j {
                    Json::Str(s) if s == "NaN" => Ok(<$t>::NAN),
                    Json::Str(s) if s == "Infinity" => Ok(<$t>::INFINITY),
                    Json::Str(s) if s == "-Infinity" => Ok(<$t>::NEG_INFINITY),
                    // Through f64 first, as `Math.fround(JSON.parse(text))` does.
                    _ => Ok(num::<f64>(j, stringify!($t))? as $t),
                }
            }
            fn random(r: &mut Rng) -> Self {
                let specials: &[$t] = &$specials;
                let v = if r.below(4) == 0 {
                    specials[r.below(specials.len() as u64) as usize]
                } else {
                    <$t>::from_bits(r.next_u64() as $bits)
                };
                // JSON carries only the canonical NaN.
                if v.is_nan() {
                    <$t>::NAN
                } else {
                    v
                }
            }
        }
    };
}
float!(
    f32,
    u32,
    [
        0.0,
        -0.0,
        1.0,
        0.1,
        -2.5,
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MIN_POSITIVE,
        f32::MAX,
        1e-45
    ]
);
float!(
    f64,
    u64,
    [
        0.0,
        -0.0,
        1.0,
        0.1,
        -2.5,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN_POSITIVE,
        f64::MAX,
        5e-324
    ]
);

impl Value for bool {
    fn to_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        match j {
            Json::Bool(b) => Ok(*b),
            other => Err(format!("bool: expected a boolean, found {}", other.kind())),
        }
    }
    fn random(r: &mut Rng) -> Self {
        r.below(2) == 1
    }
}

impl Value for char {
    fn to_json(&self, out: &mut String) {
        let mut buf = [0u8; 4];
        json::write_str(out, self.encode_utf8(&mut buf));
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        let s = j.as_str()?;
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(format!("char: expected one character, found {:?}", s)),
        }
    }
    fn random(r: &mut Rng) -> Self {
        r.char()
    }
}

impl Value for () {
    fn to_json(&self, out: &mut String) {
        out.push_str("null");
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        j.expect_null()
    }
    fn random(_: &mut Rng) -> Self {}
}

impl Value for String {
    fn to_json(&self, out: &mut String) {
        json::write_str(out, self);
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        Ok(j.as_str()?.to_owned())
    }
    fn random(r: &mut Rng) -> Self {
        // Up to 12 characters, mostly ASCII: byte lengths straddle the inline limit (7).
        let n = r.below(13);
        (0..n).map(|_| r.char()).collect()
    }
}

impl<T: Value> Value for Vec<T> {
    fn to_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.to_json(out);
        }
        out.push(']');
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        j.as_arr()?
            .iter()
            .enumerate()
            .map(|(i, v)| T::from_json(v).map_err(|e| format!("[{}]: {}", i, e)))
            .collect()
    }
    fn random(r: &mut Rng) -> Self {
        let n = r.len();
        (0..n).map(|_| T::random(r)).collect()
    }
}

impl<T: Value, const N: usize> Value for [T; N] {
    fn to_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.to_json(out);
        }
        out.push(']');
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        let items = j.as_arr_len(N)?;
        let mut out = Vec::with_capacity(N);
        for (i, v) in items.iter().enumerate() {
            out.push(T::from_json(v).map_err(|e| format!("[{}]: {}", i, e))?);
        }
        out.try_into().map_err(|_| "array length".to_string())
    }
    fn random(r: &mut Rng) -> Self {
        std::array::from_fn(|_| T::random(r))
    }
}

impl<T: Value> Value for Option<T> {
    fn to_json(&self, out: &mut String) {
        match self {
            None => out.push_str("null"),
            Some(v) => v.to_json(out),
        }
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        match j {
            Json::Null => Ok(None),
            other => Ok(Some(T::from_json(other)?)),
        }
    }
    fn random(r: &mut Rng) -> Self {
        if r.below(3) == 0 {
            None
        } else {
            Some(T::random(r))
        }
    }
}

impl<T: Value> Value for Box<T> {
    fn to_json(&self, out: &mut String) {
        (**self).to_json(out)
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        Ok(Box::new(T::from_json(j)?))
    }
    fn random(r: &mut Rng) -> Self {
        Box::new(T::random(r))
    }
}

impl<K: Value + Ord, V: Value> Value for BTreeMap<K, V> {
    fn to_json(&self, out: &mut String) {
        out.push('[');
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            k.to_json(out);
            out.push(',');
            v.to_json(out);
            out.push(']');
        }
        out.push(']');
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        let mut map = BTreeMap::new();
        for (i, pair) in j.as_arr()?.iter().enumerate() {
            let kv = pair.as_arr_len(2).map_err(|e| format!("[{}]: {}", i, e))?;
            map.insert(K::from_json(&kv[0])?, V::from_json(&kv[1])?);
        }
        Ok(map)
    }
    fn random(r: &mut Rng) -> Self {
        let n = r.len();
        (0..n).map(|_| (K::random(r), V::random(r))).collect()
    }
}

/// Field offsets of an archived tuple, measured on a real (uninitialised) instance.
macro_rules! tuple {
    ($n:literal: $($t:ident $i:tt),+) => {
        impl<$($t: Value + Archive),+> Value for ($($t,)+) {
            fn to_json(&self, out: &mut String) {
                out.push('[');
                $(
                    if $i > 0 {
                        out.push(',');
                    }
                    self.$i.to_json(out);
                )+
                out.push(']');
            }
            fn from_json(j: &Json) -> Result<Self, String> {
                let items = j.as_arr_len($n)?;
                Ok(($($t::from_json(&items[$i]).map_err(|e| format!("[{}]: {}", $i, e))?,)+))
            }
            fn random(r: &mut Rng) -> Self {
                ($($t::random(r),)+)
            }
            fn archived_offsets() -> Vec<usize> {
                let slot = std::mem::MaybeUninit::<<Self as Archive>::Archived>::uninit();
                let base = slot.as_ptr() as usize;
                // SAFETY: addr_of! computes field addresses without reading the memory.
                vec![$(unsafe { std::ptr::addr_of!((*slot.as_ptr()).$i) as usize - base }),+]
            }
        }
    };
}
tuple!(1: A 0);
tuple!(2: A 0, B 1);
tuple!(3: A 0, B 1, C 2);
tuple!(4: A 0, B 1, C 2, D 3);
tuple!(5: A 0, B 1, C 2, D 3, E 4);
tuple!(6: A 0, B 1, C 2, D 3, E 4, F 5);
tuple!(7: A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple!(8: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
