//! Arbitrary bytes → `decode`: never panics; an Ok text is non-blank, at most 1% U+FFFD, and
//! valid UTF-8 is kept exactly; errors are well-formed; decoding is deterministic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use policylens::decode::decode;

fuzz_target!(|data: &[u8]| {
    if data.len() > policylens_fuzz::MAX_INPUT {
        return;
    }
    let result = decode(data);
    policylens_fuzz::check_decode(data, &result);
    assert_eq!(decode(data), result, "decode is not deterministic");
});
