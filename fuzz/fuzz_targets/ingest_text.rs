//! Bytes → `ingest_bytes("x.txt", …)`: never panics; on Ok every declared span (block hints,
//! emphasis, hidden markup, soft breaks) lies inside the text, blocks are trimmed, ordered and
//! disjoint, emphasis is sorted and deduplicated (see `policylens_fuzz::check_ingested`).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use policylens::ingest::ingest_bytes;

fuzz_target!(|data: &[u8]| {
    if data.len() > policylens_fuzz::MAX_INPUT {
        return;
    }
    if let Ok(ing) = ingest_bytes(Path::new("x.txt"), data) {
        let decoded = policylens_fuzz::decoded_text(data).expect("ingested but not decodable");
        policylens_fuzz::check_ingested(&ing, &decoded);
    }
});
