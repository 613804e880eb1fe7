//! Deterministic version-4 UUIDs drawn from a seeded splitmix64 generator.

/// A splitmix64 stream: tiny, fast, and good enough to make ids look random.
#[derive(Debug, Clone)]
pub(crate) struct IdGen {
    state: u64,
}

impl IdGen {
    pub(crate) fn new(seed: u64) -> Self {
        // Mix the seed once so that seeds 0, 1, 2... start far apart.
        Self {
            state: seed ^ 0x6a09_e667_f3bc_c908,
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// The next id: a lowercase, hyphenated RFC 4122 version-4 UUID.
    pub(crate) fn uuid(&mut self) -> String {
        let hi = (self.next_u64() & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
        let lo = (self.next_u64() & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xffff,
            hi & 0xffff,
            lo >> 48,
            lo & 0xffff_ffff_ffff
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_v4_and_seed_dependent() {
        let a = IdGen::new(0).uuid();
        let b = IdGen::new(1).uuid();
        assert_ne!(a, b);
        assert_eq!(a, IdGen::new(0).uuid());
        let bytes: Vec<&str> = a.split('-').collect();
        assert_eq!(
            bytes.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(bytes[2].starts_with('4'));
        assert!(matches!(&bytes[3][..1], "8" | "9" | "a" | "b"));
        assert_eq!(a, a.to_lowercase());
    }
}
