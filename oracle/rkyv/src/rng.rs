//! A seeded generator (splitmix64): the same seed gives the same values on every machine.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A collection length: mostly short, sometimes empty, now and then longer.
    pub fn len(&mut self) -> usize {
        match self.below(8) {
            0 => 0,
            7 => 5 + self.below(6) as usize,
            _ => 1 + self.below(3) as usize,
        }
    }

    /// Mostly ASCII, then 2-, 3- and 4-byte UTF-8 (never a surrogate).
    pub fn char(&mut self) -> char {
        let code = match self.below(8) {
            0..=4 => 0x20 + self.below(0x5f) as u32,
            5 => self.below(0x80) as u32 + if self.below(2) == 0 { 0 } else { 0x80 },
            6 => 0x800 + self.below(0xD800 - 0x800) as u32,
            _ => 0x10000 + self.below(0x10_0000) as u32,
        };
        char::from_u32(code).unwrap_or('?')
    }
}
