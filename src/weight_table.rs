//! A table from hashed feature keys to a row of `W` weights, stored as it is used so a model
//! embedded in the program is read in place, with no loading: both trained models (the
//! labeller's, [`crate::labeller`], and the paragraph topics', [`crate::topics`]) keep their
//! weights in one.
//!
//! Layout (little endian): the weights' scale (f32), slot count and key count (u32), one 32-bit
//! fingerprint per slot (0: empty), then one entry of `W` `i16` weights per slot — open
//! addressing with linear probing at a load of at most 0.6. Why this shape: tagging asks for
//! dozens of keys per character, most of them not in the model (rare n-grams); the
//! fingerprints, 4 bytes a slot, answer those without touching the entries and stay in the
//! processor's cache, and a key that is found touches one short entry. Keys are 64-bit hashes
//! already; the slot and the fingerprint take 50-odd of their bits, so two features are confused
//! about once in four billion lookups, which changes nothing a reader could see. One scale for
//! all weights: the perceptrons' weights are averaged sums of whole steps, so the largest is a
//! few thousand times the smallest that matters, inside what `i16` holds.
use std::borrow::Cow;

/// A read-in-place weight table with `W` weights per key.
pub struct WeightTable<const W: usize> {
    /// What one stored unit of weight is worth.
    scale: f32,
    /// The fingerprints (`u32` each), then the entries (`2 * W` bytes each).
    bytes: Cow<'static, [u8]>,
    /// Where the table starts in `bytes` (after its header) and where its entries start.
    fingerprints_at: usize,
    entries_at: usize,
    slots: usize,
    keys: usize,
}

thread_local! {
    /// [`WeightTable::add_distinct_keys`]'s marks: per slot, the number of the last call that
    /// found it, and the number of this thread's last call.
    static SLOT_STAMPS: std::cell::RefCell<(Vec<u32>, u32)> = const {
        std::cell::RefCell::new((Vec::new(), 0))
    };
}

/// Bytes of the table's header: scale, slot count, key count.
const HEADER: usize = 12;

/// The slot a key's probe starts at (the key is a hash already: its high bits pick the slot).
fn home_slot(key: u64, slots: usize) -> usize {
    ((key as u128 * slots as u128) >> 64) as usize
}

/// Which of four little-endian `u32` lanes equal `want`, and which are 0 (bit `i`: lane `i`),
/// compared at once: nearly every lookup asks this once or twice (SSE2 is part of x86-64).
#[inline]
fn lanes_equal(four: &[u8; 16], want: u32) -> (u32, u32) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is always present on x86-64; the load reads the 16 bytes of `four`.
    unsafe {
        use std::arch::x86_64::*;
        let v = _mm_loadu_si128(four.as_ptr() as *const __m128i);
        let mask = |m: __m128i| _mm_movemask_ps(_mm_castsi128_ps(m)) as u32;
        (
            mask(_mm_cmpeq_epi32(v, _mm_set1_epi32(want as i32))),
            mask(_mm_cmpeq_epi32(v, _mm_setzero_si128())),
        )
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let (mut is_key, mut is_empty) = (0u32, 0u32);
        for lane in 0..4 {
            let f = u32::from_le_bytes(four[4 * lane..4 * lane + 4].try_into().unwrap());
            is_key |= ((f == want) as u32) << lane;
            is_empty |= ((f == 0) as u32) << lane;
        }
        (is_key, is_empty)
    }
}

/// A key's fingerprint: its low bits (the high ones chose the slot), never 0 (the empty mark).
fn fingerprint(key: u64) -> u32 {
    (key as u32).max(1)
}

impl<const W: usize> WeightTable<W> {
    /// Bytes per entry.
    const ENTRY: usize = 2 * W;

    /// Append a table holding `rows` to `out`. Weights are rounded to the table's units.
    pub fn write(rows: &[(u64, [f32; W])], out: &mut Vec<u8>) {
        let largest = rows
            .iter()
            .flat_map(|(_, w)| w.iter().map(|x| x.abs()))
            .fold(0f32, f32::max);
        let scale = if largest > 0.0 {
            largest / 32767.0
        } else {
            1.0
        };
        let slots = (rows.len() * 5 / 3).max(rows.len() + 1);
        let mut fingerprints = vec![0u32; slots];
        let mut entries = vec![0u8; slots * Self::ENTRY];
        for (key, weights) in rows {
            let mut slot = home_slot(*key, slots);
            while fingerprints[slot] != 0 {
                slot = (slot + 1) % slots;
            }
            fingerprints[slot] = fingerprint(*key);
            let entry = &mut entries[slot * Self::ENTRY..(slot + 1) * Self::ENTRY];
            for (t, w) in weights.iter().enumerate() {
                let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
                entry[2 * t..2 * t + 2].copy_from_slice(&q.to_le_bytes());
            }
        }
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&(slots as u32).to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for f in fingerprints {
            out.extend_from_slice(&f.to_le_bytes());
        }
        out.extend_from_slice(&entries);
    }

    /// Read the table that starts at `at` in `bytes` and runs to its end.
    pub fn read(bytes: Cow<'static, [u8]>, at: usize) -> Result<Self, String> {
        let field = |i: usize| -> Result<[u8; 4], String> {
            bytes
                .get(at + 4 * i..at + 4 * i + 4)
                .map(|b| b.try_into().unwrap())
                .ok_or_else(|| format!("weight table ends early at byte {}", at + 4 * i))
        };
        let scale = f32::from_le_bytes(field(0)?);
        let slots = u32::from_le_bytes(field(1)?) as usize;
        let keys = u32::from_le_bytes(field(2)?) as usize;
        if slots == 0
            || keys >= slots
            || !scale.is_finite()
            || bytes.len() != at + HEADER + slots * (4 + Self::ENTRY)
        {
            return Err("weight table has the wrong size".into());
        }
        Ok(WeightTable {
            scale,
            fingerprints_at: at + HEADER,
            entries_at: at + HEADER + 4 * slots,
            bytes,
            slots,
            keys,
        })
    }

    /// Number of keys in the table.
    pub fn num_keys(&self) -> usize {
        self.keys
    }

    /// What one stored unit of weight is worth.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// The slot holding `key`, if the table has it (by its fingerprint).
    #[inline]
    pub fn find(&self, key: u64) -> Option<usize> {
        let want = fingerprint(key);
        let mut slot = home_slot(key, self.slots);
        // Four fingerprints at a time while they lie before the table's end: the first that is
        // the key's or empty decides, as the one-at-a-time probe below would (most keys asked
        // for are absent, and a probe runs to the first empty slot: fewer branches to guess).
        while slot + 4 <= self.slots {
            let at = self.fingerprints_at + 4 * slot;
            let four: &[u8; 16] = self.bytes[at..at + 16].try_into().unwrap();
            let (is_key, is_empty) = lanes_equal(four, want);
            let decided = is_key | is_empty;
            if decided != 0 {
                let lane = decided.trailing_zeros();
                return (is_key & (1 << lane) != 0).then_some(slot + lane as usize);
            }
            slot += 4;
        }
        loop {
            let at = self.fingerprints_at + 4 * slot;
            let f = u32::from_le_bytes(self.bytes[at..at + 4].try_into().unwrap());
            if f == want {
                return Some(slot);
            }
            if f == 0 {
                return None;
            }
            slot += 1;
            if slot == self.slots {
                slot = 0;
            }
        }
    }

    /// The weights in `slot`, in stored units.
    #[inline]
    pub fn weights(&self, slot: usize) -> [i16; W] {
        let at = self.entries_at + slot * Self::ENTRY;
        let entry = &self.bytes[at..at + Self::ENTRY];
        std::array::from_fn(|t| i16::from_le_bytes([entry[2 * t], entry[2 * t + 1]]))
    }

    /// The weights of `key` as stored (times the scale), if the table has it.
    pub fn get(&self, key: u64) -> Option<[f32; W]> {
        let q = self.weights(self.find(key)?);
        Some(std::array::from_fn(|t| q[t] as f32 * self.scale))
    }

    /// Add the stored weights of every key of `keys` the table has to `sum`.
    #[inline]
    pub fn add_keys(&self, keys: &[u64], sum: &mut [i32; W]) {
        // Ask for every key's fingerprint first, then for every found entry, then sum: the
        // memory waits overlap instead of adding up.
        for &k in keys {
            self.prefetch_home(k);
        }
        let found: Vec<usize> = keys
            .iter()
            .filter_map(|&k| {
                let slot = self.find(k)?;
                self.prefetch_entry(slot);
                Some(slot)
            })
            .collect();
        for slot in found {
            for (s, q) in sum.iter_mut().zip(self.weights(slot)) {
                *s += q as i32;
            }
        }
    }

    /// [`Self::add_keys`] counting each key once however often `keys` holds it.
    pub fn add_distinct_keys(&self, keys: &[u64], sum: &mut [i32; W]) {
        // Fetched a few keys ahead of use: a long block's thousands of prefetches issued at
        // once overran the processor's miss buffers and were evicted before their use.
        const AHEAD: usize = 8;
        for &k in keys.iter().take(AHEAD) {
            self.prefetch_home(k);
        }
        // A slot holds one key: distinct slots are distinct keys. Each slot found is stamped
        // with this call's number, so a key is counted the first time it is found (sorting the
        // slots found instead was a fifth of a block's topic).
        SLOT_STAMPS.with_borrow_mut(|(stamps, call)| {
            if stamps.len() < self.slots {
                stamps.resize(self.slots, 0);
            }
            *call = call.wrapping_add(1);
            if *call == 0 {
                stamps.fill(0);
                *call = 1;
            }
            for (i, &k) in keys.iter().enumerate() {
                if let Some(&next) = keys.get(i + AHEAD) {
                    self.prefetch_home(next);
                }
                let Some(slot) = self.find(k) else { continue };
                if stamps[slot] == *call {
                    continue;
                }
                stamps[slot] = *call;
                for (s, q) in sum.iter_mut().zip(self.weights(slot)) {
                    *s += q as i32;
                }
            }
        });
    }

    /// Ask the processor to load the fingerprint `key`'s probe starts at.
    #[inline]
    pub fn prefetch_home(&self, key: u64) {
        self.prefetch(self.fingerprints_at + 4 * home_slot(key, self.slots));
    }

    /// Ask the processor to load the entry in `slot`.
    #[inline]
    pub fn prefetch_entry(&self, slot: usize) {
        self.prefetch(self.entries_at + slot * Self::ENTRY);
    }

    #[inline]
    fn prefetch(&self, at: usize) {
        debug_assert!(at < self.bytes.len());
        #[cfg(target_arch = "x86_64")]
        // SAFETY: callers pass an offset inside the table; a prefetch never faults and has no
        // effect on the program's state.
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            _mm_prefetch(self.bytes.as_ptr().add(at) as *const i8, _MM_HINT_T0);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = at;
    }
}

/// `bytes` (a model embedded in the program) copied once into memory the kernel may back with
/// 2 MB pages, for a process that tags a lot. Read in place, the labeller's 8 MB table is spread
/// over 2,000 4 KB pages of the program's file mapping; the lookups of a char's features land
/// on random ones, and each page not in the processor's TLB costs a page-table walk on top of
/// the cache miss — on 2 MB pages four entries cover the table (the 50,000-char extraction
/// benchmark: ~10 % less time). Costs a copy (~2 ms for 8 MB), which a short text's tagging
/// does not pay back, so callers ask for it only once they have much to tag. Elsewhere than
/// Linux, or when the memory cannot be had, the bytes are used in place.
pub fn in_huge_pages(bytes: &'static [u8]) -> &'static [u8] {
    #[cfg(target_os = "linux")]
    {
        const HUGE_PAGE: usize = 2 << 20;
        let size = bytes.len().div_ceil(HUGE_PAGE) * HUGE_PAGE;
        let Ok(layout) = std::alloc::Layout::from_size_align(size, HUGE_PAGE) else {
            return bytes;
        };
        if size == 0 {
            return bytes;
        }
        // SAFETY: `layout` has a non-zero size; the allocation is checked, advised (madvise
        // only sets how the kernel backs the range), filled with `bytes.len()` bytes and never
        // freed, so the slice lives as long as the program.
        unsafe {
            let copy = std::alloc::alloc(layout);
            if copy.is_null() {
                return bytes;
            }
            libc::madvise(copy.cast(), size, libc::MADV_HUGEPAGE);
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), copy, bytes.len());
            std::slice::from_raw_parts(copy, bytes.len())
        }
    }
    #[cfg(not(target_os = "linux"))]
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_lanes_are_compared_as_one_at_a_time() {
        let lanes = [
            [7u32, 0, 7, 3],
            [0, 0, 0, 0],
            [1, 2, 3, u32::MAX],
            [u32::MAX; 4],
        ];
        for four in lanes {
            let bytes: [u8; 16] = std::array::from_fn(|i| four[i / 4].to_le_bytes()[i % 4]);
            for want in [7, 3, u32::MAX, 1] {
                let bit =
                    |p: &dyn Fn(u32) -> bool| (0..4).fold(0, |m, i| m | ((p(four[i]) as u32) << i));
                assert_eq!(
                    lanes_equal(&bytes, want),
                    (bit(&|f| f == want), bit(&|f| f == 0)),
                    "{four:?} {want}"
                );
            }
        }
    }

    fn random_rows<const W: usize>(n: usize) -> Vec<(u64, [f32; W])> {
        let mut x = 0x1234_5678_9abc_def0u64;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let mut w = [0f32; W];
                w[i % W] = (i % 97) as f32 - 48.0;
                w[0] += 1.5;
                (x, w)
            })
            .collect()
    }

    #[test]
    fn every_written_key_is_found_with_its_weights() {
        let rows = random_rows::<17>(5000);
        let mut bytes = b"head".to_vec();
        WeightTable::<17>::write(&rows, &mut bytes);
        let table = WeightTable::<17>::read(Cow::Owned(bytes), 4).unwrap();
        assert_eq!(table.num_keys(), 5000);
        for (key, weights) in &rows {
            let got = table.get(*key).expect("key found");
            for (g, w) in got.iter().zip(weights) {
                assert!((g - w).abs() < 0.01, "{key:x}: {g} vs {w}");
            }
        }
        assert!(table.get(42).is_none());
        assert!(table.get(u64::MAX).is_none());
    }

    #[test]
    fn sums_are_the_stored_weights_of_the_keys_found() {
        let rows = random_rows::<16>(100);
        let mut bytes = Vec::new();
        WeightTable::<16>::write(&rows, &mut bytes);
        let table = WeightTable::<16>::read(Cow::Owned(bytes), 0).unwrap();
        let keys = [rows[3].0, 42, rows[7].0];
        let mut sum = [0i32; 16];
        table.add_keys(&keys, &mut sum);
        for (t, got) in sum.iter().enumerate() {
            let want = rows[3].1[t] + rows[7].1[t];
            assert!((*got as f32 * table.scale() - want).abs() < 0.01);
        }
    }

    /// The probe as it was written first, one fingerprint at a time.
    fn find_one_at_a_time<const W: usize>(table: &WeightTable<W>, key: u64) -> Option<usize> {
        let want = fingerprint(key);
        let mut slot = home_slot(key, table.slots);
        loop {
            let at = table.fingerprints_at + 4 * slot;
            let f = u32::from_le_bytes(table.bytes[at..at + 4].try_into().unwrap());
            if f == want {
                return Some(slot);
            }
            if f == 0 {
                return None;
            }
            slot = (slot + 1) % table.slots;
        }
    }

    #[test]
    fn four_fingerprints_at_a_time_find_what_one_at_a_time_finds() {
        // Small tables, so that many probes start in the last three slots and wrap around.
        for n in [1, 2, 3, 5, 9, 40, 1000] {
            let rows = random_rows::<16>(n);
            let mut bytes = Vec::new();
            WeightTable::<16>::write(&rows, &mut bytes);
            let table = WeightTable::<16>::read(Cow::Owned(bytes), 0).unwrap();
            let mut x = 0x9e37_79b9_7f4a_7c15u64;
            let absent = (0..5000).map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            });
            for key in rows.iter().map(|(k, _)| *k).chain(absent) {
                assert_eq!(table.find(key), find_one_at_a_time(&table, key), "{n} rows");
            }
            for (key, _) in &rows {
                assert!(table.find(*key).is_some());
            }
        }
    }

    #[test]
    fn distinct_sums_count_a_repeated_key_once() {
        let rows = random_rows::<16>(100);
        let mut bytes = Vec::new();
        WeightTable::<16>::write(&rows, &mut bytes);
        let table = WeightTable::<16>::read(Cow::Owned(bytes), 0).unwrap();
        let (mut once, mut repeated) = ([0i32; 16], [0i32; 16]);
        table.add_keys(&[rows[3].0, 42, rows[7].0], &mut once);
        table.add_distinct_keys(
            &[rows[7].0, rows[3].0, 42, rows[7].0, rows[3].0],
            &mut repeated,
        );
        assert_eq!(once, repeated);
        // Calls on tables of other sizes in between, and the same keys asked again: each call
        // counts its own keys once.
        let big_rows = random_rows::<16>(1000);
        let mut big_bytes = Vec::new();
        WeightTable::<16>::write(&big_rows, &mut big_bytes);
        let big = WeightTable::<16>::read(Cow::Owned(big_bytes), 0).unwrap();
        for _ in 0..3 {
            let (mut big_once, mut big_repeated) = ([0i32; 16], [0i32; 16]);
            big.add_keys(&[big_rows[900].0], &mut big_once);
            big.add_distinct_keys(&[big_rows[900].0, big_rows[900].0], &mut big_repeated);
            assert_eq!(big_once, big_repeated);
            let mut again = [0i32; 16];
            table.add_distinct_keys(&[rows[3].0, rows[7].0, rows[3].0, 42], &mut again);
            assert_eq!(once, again);
        }
    }

    #[test]
    fn a_table_of_the_wrong_size_is_refused() {
        let mut bytes = Vec::new();
        WeightTable::<16>::write(&random_rows::<16>(10), &mut bytes);
        let short = bytes[..bytes.len() - 1].to_vec();
        assert!(WeightTable::<16>::read(Cow::Owned(short), 0).is_err());
        assert!(WeightTable::<16>::read(Cow::Borrowed(b"nonsense"), 0).is_err());
        // A table read with the wrong width does not fit its bytes either.
        assert!(WeightTable::<17>::read(Cow::Owned(bytes), 0).is_err());
    }
}
