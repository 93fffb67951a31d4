//! Bytes → text: turn a file's raw bytes into a `String`, or say clearly why not.
//!
//! Real folders of Chinese privacy policies mix UTF-8 (with or without BOM), GB18030/GBK,
//! UTF-16, Big5, files a crawler has already mangled, and things that are not text at all
//! (PDFs, images). [`decode`] picks the encoding and refuses what it cannot read.
//!
//! # Rules, in order
//! 1. No bytes → [`DecodeProblem::Empty`].
//! 2. A known binary signature at the start (PDF, ZIP/DOCX, PNG, JPEG, GIF, ELF, OLE2/DOC, …)
//!    → [`DecodeProblem::Binary`] naming the format.
//! 3. A BOM decides: UTF-8 (stripped), UTF-16LE/BE (decoded, stripped).
//! 4. Without a BOM, NUL bytes mean either damaged UTF-16 (NUL-heavy and containing `EF BF BD`,
//!    see rule 9 → [`DecodeProblem::Undecodable`]), BOM-less UTF-16 (at least [`UTF16_MIN_NUL`] of the
//!    bytes are NUL and at least [`UTF16_PARITY`] of those sit at the same parity — the shape
//!    of mostly-ASCII UTF-16 text) or binary content.
//! 5. A file where more than [`MAX_CONTROL_FRACTION`] of the bytes are C0 control characters
//!    other than `\t \n \r \f` → binary (text has almost none; random bytes have ~11%).
//! 6. Valid UTF-8 → UTF-8. UTF-8 with only a few invalid bytes — at most
//!    [`UTF8_TOLERANCE`] of the bytes, or only an incomplete character cut off at the very end —
//!    is still UTF-8, with U+FFFD for the bad bytes.
//! 7. Otherwise `chardetng` guesses (UTF-8 not allowed, no TLD hint); GBK is decoded and
//!    reported as GB18030, its superset. Short files (fewer than [`SHORT_EVIDENCE`] non-ASCII
//!    bytes) guessed as something other than GBK/Big5 are guessed again with the ".cn" TLD
//!    prior: on a real crawl, every such guess (EUC-KR, EUC-JP, windows-1250, ISO-8859-5 …)
//!    was a GBK snippet of a few words. If the guess leaves too much damage, GB18030 is tried
//!    as well and the cleaner result kept.
//!    Before guessing, a file whose lines are each either valid UTF-8 or clean GB18030, with
//!    some of both, is decoded line by line (reported as `UTF-8+GB18030`). A guess of a one-byte
//!    code page (windows-1252 …) is kept only when the text reads as such (at most
//!    [`MAX_SINGLE_BYTE_HIGH`] non-ASCII); otherwise GB18030, and if that is damaged too the file
//!    is [`DecodeProblem::Undecodable`] — a one-byte code page decodes any bytes without a
//!    trace, so it must never be the silent fallback for a damaged file.
//! 8. Nothing but whitespace (including U+3000, NBSP, stray BOMs, zero-width and direction
//!    marks) → [`DecodeProblem::Empty`].
//! 9. More than [`MAX_BAD_FRACTION`] of the characters damaged → [`DecodeProblem::Undecodable`].
//!    "Damaged" is U+FFFD in the result, plus — when the file is not UTF-8 — every raw
//!    `EF BF BD` byte run: that is U+FFFD in UTF-8, the trace of an earlier lossy conversion
//!    (the classic "锟斤拷" in GBK), which makes the text unrecoverable.
//!
//! The text is kept exactly as decoded — line endings included — except for a stripped BOM,
//! because later stages compute offsets on it.
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// A file's text and the encoding it was read with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text, BOM removed, otherwise exactly as in the file.
    pub text: String,
    /// "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "Big5", "Shift_JIS", …
    pub encoding: &'static str,
}

/// Which kind of non-text file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BinaryKind {
    Pdf,
    /// ZIP container: also .docx, .xlsx, .epub.
    Zip,
    /// OLE2 compound file: legacy .doc/.xls.
    OfficeLegacy,
    Png,
    Jpeg,
    Gif,
    Webp,
    Gzip,
    Rar,
    SevenZip,
    Elf,
    Sqlite,
    /// No known signature, but NUL bytes or control characters.
    Unknown,
}

impl fmt::Display for BinaryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BinaryKind::Pdf => "这是 PDF 文件：请先提取其中的文字",
            BinaryKind::Zip => "这是 ZIP 压缩包（或 .docx/.xlsx 文档）：请先解压，或另存为文本",
            BinaryKind::OfficeLegacy => "这是旧版 Office 文档（.doc/.xls）：请先另存为文本",
            BinaryKind::Png => "这是 PNG 图片，不是文本",
            BinaryKind::Jpeg => "这是 JPEG 图片，不是文本",
            BinaryKind::Gif => "这是 GIF 图片，不是文本",
            BinaryKind::Webp => "这是 WebP 图片，不是文本",
            BinaryKind::Gzip => "这是 gzip 压缩包：请先解压",
            BinaryKind::Rar => "这是 RAR 压缩包：请先解压",
            BinaryKind::SevenZip => "这是 7z 压缩包：请先解压",
            BinaryKind::Elf => "这是程序（ELF 可执行文件），不是文本",
            BinaryKind::Sqlite => "这是 SQLite 数据库，不是文本",
            BinaryKind::Unknown => "这是二进制内容（含 NUL 字节等），不是文本",
        })
    }
}

/// Why a file's bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum DecodeProblem {
    /// No bytes, or only whitespace.
    Empty,
    /// Not a text file.
    Binary { kind: BinaryKind },
    /// Text, but too damaged in the best encoding found.
    Undecodable {
        encoding: &'static str,
        /// Fraction (0..=1) of the decoded characters that are damaged.
        bad_fraction: f64,
    },
}

impl fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeProblem::Empty => f.write_str("空文件"),
            DecodeProblem::Binary { kind } => write!(f, "{kind}"),
            DecodeProblem::Undecodable {
                encoding,
                bad_fraction,
            } => write!(
                f,
                "无法解码为文本：按 {encoding} 解码有 {:.1}% 的字节无效",
                bad_fraction * 100.0
            ),
        }
    }
}

impl std::error::Error for DecodeProblem {}

/// UTF-8 with at most this fraction of invalid bytes is still read as UTF-8 (with U+FFFD).
pub const UTF8_TOLERANCE: f64 = 0.001;
/// Above this fraction of damaged characters the text is refused as undecodable.
pub const MAX_BAD_FRACTION: f64 = 0.01;
/// Above this fraction of C0 control bytes (other than tab, LF, CR, FF) a file is binary.
pub const MAX_CONTROL_FRACTION: f64 = 0.01;
/// With fewer non-ASCII bytes than this, a non-Chinese guess is re-checked with a ".cn" prior.
pub const SHORT_EVIDENCE: usize = 512;
/// The encoding detector reads the file up to this many non-ASCII bytes (~500 CJK chars):
/// that settles GBK against Big5, EUC-KR or Shift_JIS (the 1,858 policies of the appch crawl
/// decode to the same text as with 4 KiB, which was checked against the whole file), and the detector
/// costs ~40 ns a byte: at 4 KiB it was 2 % of a crawl import's CPU. A wrong guess is still
/// caught by the damage check on the whole decoded text.
pub const DETECTOR_EVIDENCE: usize = 1024;
/// A one-byte code page's reading is kept only when at most this fraction of the visible
/// characters are non-ASCII (French or German text has a few percent; mojibake of Chinese is
/// most of the text).
pub const MAX_SINGLE_BYTE_HIGH: f64 = 0.2;
/// A valid-UTF-8 line counts as UTF-8 evidence in a mixed file with this many non-ASCII chars.
const MIXED_MIN_UTF8_CHARS: usize = 4;
/// BOM-less UTF-16 is considered when at least this fraction of the bytes are NUL …
pub const UTF16_MIN_NUL: f64 = 0.2;
/// … and at least this fraction of the NULs are at the same (even or odd) offset.
pub const UTF16_PARITY: f64 = 0.9;

const REPLACEMENT_UTF8: &[u8] = b"\xEF\xBF\xBD";

/// Decode a file's bytes. Never panics.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeProblem> {
    read(bytes).map(|r| Decoded {
        text: r.text.into_owned(),
        encoding: r.encoding,
    })
}

/// [`decode`], taking the bytes: a file that is already valid UTF-8 (most are) becomes its text
/// without a copy, which is a whole file's size less at the peak of importing a large one.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<Decoded, DecodeProblem> {
    let reading = read(&bytes)?;
    let encoding = reading.encoding;
    // The text as it lies in the file: always a tail of the bytes (only a BOM is cut off).
    let verbatim_from = match &reading.text {
        Cow::Borrowed(t) => {
            let skip = (t.as_ptr() as usize).wrapping_sub(bytes.as_ptr() as usize);
            (skip <= bytes.len() && skip + t.len() == bytes.len()).then_some(skip)
        }
        Cow::Owned(_) => None,
    };
    let Some(skip) = verbatim_from else {
        return Ok(Decoded {
            text: reading.text.into_owned(),
            encoding,
        });
    };
    drop(reading);
    bytes.drain(..skip);
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok(Decoded { text, encoding })
}

/// A reading of some bytes: borrowed when the bytes are the text.
struct Reading<'b> {
    text: Cow<'b, str>,
    encoding: &'static str,
}

impl From<Decoded> for Reading<'_> {
    fn from(d: Decoded) -> Self {
        Reading {
            text: Cow::Owned(d.text),
            encoding: d.encoding,
        }
    }
}

fn read(bytes: &[u8]) -> Result<Reading<'_>, DecodeProblem> {
    if bytes.is_empty() {
        return Err(DecodeProblem::Empty);
    }
    if let Some(kind) = sniff_magic(bytes) {
        return Err(DecodeProblem::Binary { kind });
    }

    let decoded: Reading = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == encoding_rs::UTF_8 {
            let (text, _) = encoding_rs::UTF_8.decode_without_bom_handling(body);
            Reading {
                text,
                encoding: "UTF-8",
            }
        } else {
            decode_utf16(body, enc)?.into()
        }
    } else if let Some(enc) = bomless_utf16(bytes) {
        decode_utf16(bytes, enc)?.into()
    } else {
        if let Some(problem) = damaged_utf16(bytes) {
            return Err(problem);
        }
        if bytes.contains(&0) || control_fraction(bytes) > MAX_CONTROL_FRACTION {
            return Err(DecodeProblem::Binary {
                kind: BinaryKind::Unknown,
            });
        }
        decode_8bit(bytes)?
    };

    if is_blank(&decoded.text) {
        return Err(DecodeProblem::Empty);
    }
    let bad = bad_fraction(&decoded.text, decoded.encoding, bytes);
    if bad > MAX_BAD_FRACTION {
        return Err(DecodeProblem::Undecodable {
            encoding: decoded.encoding,
            bad_fraction: bad,
        });
    }
    Ok(decoded)
}

/// Recognise common binary formats by their first bytes. Also accepts a PNG whose first byte
/// was already replaced by U+FFFD by a lossy converter (seen in real crawls).
fn sniff_magic(b: &[u8]) -> Option<BinaryKind> {
    const MAGIC: &[(&[u8], BinaryKind)] = &[
        (b"%PDF", BinaryKind::Pdf),
        (b"PK\x03\x04", BinaryKind::Zip),
        (b"PK\x05\x06", BinaryKind::Zip),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            BinaryKind::OfficeLegacy,
        ),
        (b"\x89PNG\r\n\x1A\n", BinaryKind::Png),
        (b"\xEF\xBF\xBDPNG\r\n\x1A\n", BinaryKind::Png),
        (b"\xFF\xD8\xFF", BinaryKind::Jpeg),
        (b"GIF87a", BinaryKind::Gif),
        (b"GIF89a", BinaryKind::Gif),
        (b"\x1F\x8B", BinaryKind::Gzip),
        (b"Rar!\x1A\x07", BinaryKind::Rar),
        (b"7z\xBC\xAF\x27\x1C", BinaryKind::SevenZip),
        (b"\x7FELF", BinaryKind::Elf),
        (b"SQLite format 3\0", BinaryKind::Sqlite),
    ];
    for (magic, kind) in MAGIC {
        if b.starts_with(magic) {
            return Some(*kind);
        }
    }
    if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return Some(BinaryKind::Webp);
    }
    None
}

/// Mostly-ASCII UTF-16 without a BOM: many NULs, nearly all at the same parity.
fn bomless_utf16(b: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if b.len() < 4 {
        return None;
    }
    let (even, odd) = nul_parity(b);
    let nul = even + odd;
    if nul == 0 || (nul as f64) < UTF16_MIN_NUL * b.len() as f64 {
        return None;
    }
    if odd as f64 >= UTF16_PARITY * nul as f64 {
        Some(encoding_rs::UTF_16LE) // "A\0": high byte second
    } else if even as f64 >= UTF16_PARITY * nul as f64 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// UTF-16 text that went through a lossy UTF-8 conversion: its BOM and many other bytes became
/// `EF BF BD`, which also shifts the NULs off a single parity. Nothing can be recovered; report
/// it as undecodable UTF-16 rather than as binary.
fn damaged_utf16(b: &[u8]) -> Option<DecodeProblem> {
    let (even, odd) = nul_parity(b);
    let nul = even + odd;
    if nul == 0 || (nul as f64) < UTF16_MIN_NUL * b.len() as f64 {
        return None;
    }
    let damage = count_subslice(b, REPLACEMENT_UTF8);
    if damage == 0 {
        return None;
    }
    Some(DecodeProblem::Undecodable {
        encoding: if odd >= even { "UTF-16LE" } else { "UTF-16BE" },
        bad_fraction: (damage as f64 / (b.len() / 2).max(1) as f64).min(1.0),
    })
}

fn nul_parity(b: &[u8]) -> (usize, usize) {
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &x) in b.iter().enumerate() {
        if x == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    (even, odd)
}

fn decode_utf16(
    body: &[u8],
    enc: &'static encoding_rs::Encoding,
) -> Result<Decoded, DecodeProblem> {
    let (text, _) = enc.decode_without_bom_handling(body);
    // Control characters in the decoded text mean this was not UTF-16 text after all.
    let total = text.chars().count();
    let ctl = text.chars().filter(|&c| is_bad_control(c)).count();
    if total > 0 && ctl as f64 > MAX_CONTROL_FRACTION * total as f64 {
        return Err(DecodeProblem::Binary {
            kind: BinaryKind::Unknown,
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
    })
}

fn is_bad_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\x0C')) || c == '\0'
}

fn control_fraction(b: &[u8]) -> f64 {
    let ctl = b
        .iter()
        .filter(|&&x| x < 0x20 && !matches!(x, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    ctl as f64 / b.len() as f64
}

/// Decode an ASCII-compatible, BOM-less file: UTF-8 if (nearly) valid; a file whose lines are
/// partly UTF-8 and partly GB18030 line by line; else the detector's guess — but a guess of a
/// one-byte code page (windows-1252, ISO-8859-x, KOI8 …) only for text that reads as such:
/// those code pages map every byte to some letter, so they "decode" anything without a trace
/// of damage, and a damaged Chinese file would come out as fluent mojibake.
fn decode_8bit(bytes: &[u8]) -> Result<Reading<'_>, DecodeProblem> {
    let (invalid, tail_only) = utf8_invalid_bytes(bytes);
    if invalid == 0 || tail_only || (invalid as f64) <= UTF8_TOLERANCE * bytes.len() as f64 {
        let (text, _) = encoding_rs::UTF_8.decode_without_bom_handling(bytes);
        return Ok(Reading {
            text,
            encoding: "UTF-8",
        });
    }
    if let Some(mixed) = decode_mixed_lines(bytes) {
        return Ok(mixed.into());
    }

    let (evidence, non_ascii) = detector_evidence(bytes);
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(evidence, evidence.len() == bytes.len());
    let mut guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if non_ascii < SHORT_EVIDENCE && guess != encoding_rs::GBK && guess != encoding_rs::BIG5 {
        // A few dozen non-ASCII bytes are too little evidence: "隐私政策" in GBK is often
        // guessed as EUC-KR or a Cyrillic code page. Ask again with the ".cn" prior, which
        // picks GBK whenever the bytes are valid GBK and keeps the first guess otherwise.
        guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    }
    let first = decode_legacy(bytes, guess);
    let single_byte = guess.is_single_byte();
    if first.encoding == "GB18030"
        || (!single_byte && bad_fraction(&first.text, first.encoding, bytes) <= MAX_BAD_FRACTION)
        || (single_byte && reads_as_single_byte_text(&first.text))
    {
        return Ok(first.into());
    }
    // The guess left damage, or is a one-byte code page that does not read: GB18030 is the most
    // likely encoding of a Chinese file.
    let second = decode_legacy(bytes, encoding_rs::GB18030);
    let (bad_first, bad_second) = (
        bad_fraction(&first.text, first.encoding, bytes),
        bad_fraction(&second.text, second.encoding, bytes),
    );
    if single_byte {
        if bad_second <= MAX_BAD_FRACTION {
            return Ok(second.into());
        }
        // Neither reads: say so, with the damage of the likeliest readings.
        let bad_utf8 = (invalid as f64 / bytes.len() as f64).min(1.0);
        return Err(if bad_utf8 <= bad_second {
            DecodeProblem::Undecodable {
                encoding: "UTF-8",
                bad_fraction: bad_utf8,
            }
        } else {
            DecodeProblem::Undecodable {
                encoding: "GB18030",
                bad_fraction: bad_second,
            }
        });
    }
    Ok(if bad_second < bad_first {
        second
    } else {
        first
    }
    .into())
}

/// Whether text decoded with a one-byte code page reads as text of that code page: mostly
/// ASCII with some accented letters, as in a European-language page. A Chinese file read that
/// way is nearly all high-range letters (`Ã¤Â¸Â­` …).
fn reads_as_single_byte_text(text: &str) -> bool {
    let (mut shown, mut high) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        shown += 1;
        if !c.is_ascii() {
            high += 1;
        }
    }
    (high as f64) <= MAX_SINGLE_BYTE_HIGH * shown as f64
}

/// A file put together from UTF-8 and GBK pieces (a page edited in two editors, files
/// concatenated): each line is decoded as UTF-8 when it is valid UTF-8, else as GB18030. Only
/// taken when the file really has both — lines of valid multi-byte UTF-8 and lines that are not
/// UTF-8 but are clean GB18030 — and the result is less damaged than [`MAX_BAD_FRACTION`].
fn decode_mixed_lines(bytes: &[u8]) -> Option<Decoded> {
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let (mut utf8_lines, mut gb_lines) = (0usize, 0usize);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(s) => {
                // A GBK line is valid UTF-8 only by accident, and then only when short.
                if s.chars().filter(|c| !c.is_ascii()).count() >= MIXED_MIN_UTF8_CHARS {
                    utf8_lines += 1;
                }
                text.push_str(s);
            }
            Err(_) => {
                let (s, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(line);
                if had_errors {
                    return None;
                }
                gb_lines += 1;
                text.push_str(&s);
            }
        }
    }
    if utf8_lines == 0 || gb_lines == 0 {
        return None;
    }
    let decoded = Decoded {
        text,
        encoding: "UTF-8+GB18030",
    };
    (bad_fraction(&decoded.text, decoded.encoding, bytes) <= MAX_BAD_FRACTION).then_some(decoded)
}

/// The prefix of `bytes` the detector reads (up to [`DETECTOR_EVIDENCE`] non-ASCII bytes) and
/// how many non-ASCII bytes it holds.
fn detector_evidence(bytes: &[u8]) -> (&[u8], usize) {
    let mut non_ascii = 0;
    for (i, b) in bytes.iter().enumerate() {
        if !b.is_ascii() {
            non_ascii += 1;
            if non_ascii == DETECTOR_EVIDENCE {
                return (&bytes[..=i], non_ascii);
            }
        }
    }
    (bytes, non_ascii)
}

fn decode_legacy(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Decoded {
    // encoding_rs decodes GBK with the GB18030 decoder anyway; name it after its superset.
    let (enc, name) = if enc == encoding_rs::GBK || enc == encoding_rs::GB18030 {
        (encoding_rs::GB18030, "GB18030")
    } else {
        (enc, enc.name())
    };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: name,
    }
}

/// Count the bytes of invalid UTF-8 sequences; also tell whether the only problem is an
/// incomplete character at the very end (a truncated file).
fn utf8_invalid_bytes(mut b: &[u8]) -> (usize, bool) {
    let mut invalid = 0usize;
    let mut errors_in_middle = false;
    loop {
        match std::str::from_utf8(b) {
            Ok(_) => return (invalid, !errors_in_middle),
            Err(e) => {
                let valid = e.valid_up_to();
                match e.error_len() {
                    Some(n) => {
                        invalid += n;
                        errors_in_middle = true;
                        b = &b[valid + n..];
                    }
                    None => {
                        invalid += b.len() - valid;
                        return (invalid, !errors_in_middle);
                    }
                }
            }
        }
    }
}

/// Whitespace only, counting U+3000, NBSP, stray BOMs and invisible format characters
/// (zero-width spaces and joiners, direction marks, word joiner) as whitespace.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{202A}'..='\u{202E}')
    })
}

/// Damaged fraction of the decoded characters (see the module doc, rule 9).
fn bad_fraction(text: &str, encoding: &str, raw: &[u8]) -> f64 {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\u{FFFD}' {
            bad += 1;
        }
    }
    if encoding != "UTF-8" {
        bad += count_subslice(raw, REPLACEMENT_UTF8);
    }
    if total == 0 {
        return 0.0;
    }
    (bad as f64 / total as f64).min(1.0)
}

fn count_subslice(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A few sentences from a real policy (seed 003), long enough for encoding detection.
    const PARAGRAPH: &str = "本《隐私政策》（简称“本政策”）仅适用于重庆缘缘网络科技有限公司及其关联方（简称“我们”）作为运营者的花间视频直播平台产品或服务，包括花间网站和花间移动应用（简称“产品”），不适用于有单独的隐私权政策且未纳入本政策的第三方产品或服务。您使用我们的产品时，我们将于您同意本政策及《用户服务协议》后，按照本政策收集、使用、存储、传输、转让（如适用）及对外提供您的个人信息。同时，我们会通过本政策向您说明，我们如何为您提供访问、更新、管理和保护您的个人信息的服务。本政策与您使用我们的产品关系紧密，我们建议您仔细阅读并理解本政策全部内容，做出您认为适当的选择。\r\n";

    fn ok(bytes: &[u8]) -> Decoded {
        decode(bytes).unwrap_or_else(|e| panic!("expected text, got: {e}"))
    }

    #[test]
    fn utf8_plain() {
        let d = ok(PARAGRAPH.as_bytes());
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, PARAGRAPH, "text (and CRLF) kept exactly");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(PARAGRAPH.as_bytes());
        let d = ok(&b);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, PARAGRAPH);
    }

    #[test]
    fn utf8_truncated_last_char_still_utf8() {
        let b = PARAGRAPH.as_bytes();
        let cut = &b[..b.len() - 4]; // drops "\r\n" and cuts "。" (3 bytes) in the middle
        let d = ok(cut);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn utf8_with_rare_bad_byte_still_utf8() {
        let text = PARAGRAPH.repeat(5); // ~3.7 KB: one bad byte is < 0.1%
        let at = text.char_indices().nth(300).unwrap().0;
        let mut b = text.into_bytes();
        b.insert(at, 0xFF);
        let d = ok(&b);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text.matches('\u{FFFD}').count(), 1);
    }

    fn utf16(le: bool, bom: bool) -> Vec<u8> {
        let mut b = Vec::new();
        if bom {
            b.extend_from_slice(if le { b"\xFF\xFE" } else { b"\xFE\xFF" });
        }
        for u in "Privacy Policy 隐私政策\n"
            .encode_utf16()
            .chain(PARAGRAPH.encode_utf16())
        {
            b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        b
    }

    #[test]
    fn utf16_with_bom() {
        for (le, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
            let d = ok(&utf16(le, true));
            assert_eq!(d.encoding, name);
            assert!(d.text.starts_with("Privacy Policy 隐私政策\n"));
            assert!(d.text.ends_with(PARAGRAPH));
        }
    }

    #[test]
    fn utf16_without_bom_mostly_ascii() {
        let mut b = Vec::new();
        for u in "<html><body>Privacy Policy: we collect little.</body></html>\n"
            .repeat(5)
            .encode_utf16()
        {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = ok(&b);
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(d.text.starts_with("<html>"));
    }

    #[test]
    fn gbk_comes_out_as_gb18030() {
        let (b, _, unmappable) = encoding_rs::GBK.encode(PARAGRAPH);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&b).is_err());
        let d = ok(&b);
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, PARAGRAPH);
    }

    /// The same sentences in traditional characters, all of them in Big5.
    const TRADITIONAL: &str = "本《隱私政策》僅適用於我們作為運營者的產品或服務，不適用於有單獨的隱私權政策的第三方產品或服務。您使用我們的產品時，我們將按照本政策收集、使用、存儲、傳輸及對外提供您的個人信息。同時，我們會通過本政策向您說明，我們如何為您提供訪問、更新、管理和保護您的個人信息的服務。我們建議您仔細閱讀並理解本政策全部內容，做出您認為適當的選擇。\n";

    #[test]
    fn big5_is_detected() {
        let (b, _, unmappable) = encoding_rs::BIG5.encode(TRADITIONAL);
        assert!(!unmappable);
        let d = ok(&b);
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text, TRADITIONAL);
    }

    #[test]
    fn long_files_are_detected_from_their_beginning_and_decoded_whole() {
        // Both texts are far longer than the detector's evidence; the tail (after the cut)
        // must still be decoded with the detected encoding.
        for (text, enc, name) in [
            (PARAGRAPH, encoding_rs::GBK, "GB18030"),
            (TRADITIONAL, encoding_rs::BIG5, "Big5"),
        ] {
            let long = format!("{}结尾。\n", text.repeat(200)).replace('结', "結");
            let long = if name == "Big5" {
                long
            } else {
                long.replace('結', "结")
            };
            let (b, _, unmappable) = enc.encode(&long);
            assert!(!unmappable, "{name}");
            let (evidence, non_ascii) = detector_evidence(&b);
            assert_eq!(non_ascii, DETECTOR_EVIDENCE, "{name}");
            assert!(
                evidence.len() < b.len() / 2,
                "{name}: the detector reads a prefix"
            );
            let d = ok(&b);
            assert_eq!(d.encoding, name);
            assert_eq!(d.text, long, "{name}");
        }
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert_eq!(decode(b""), Err(DecodeProblem::Empty));
        assert_eq!(decode(b" \r\n\t \n"), Err(DecodeProblem::Empty));
        assert_eq!(
            decode("\u{3000}\n\u{3000}".as_bytes()),
            Err(DecodeProblem::Empty)
        );
        assert_eq!(decode(b"\xEF\xBB\xBF\n"), Err(DecodeProblem::Empty));
        assert_eq!(decode("\u{200E}".as_bytes()), Err(DecodeProblem::Empty));
        assert_eq!(decode(b"\xA1\xA1"), Err(DecodeProblem::Empty)); // GBK U+3000
        assert_eq!(decode(b"\xFF\xFE \0\n\0"), Err(DecodeProblem::Empty));
        assert_eq!(DecodeProblem::Empty.to_string(), "空文件");
    }

    #[test]
    fn nul_bytes_are_binary() {
        let mut b = PARAGRAPH.as_bytes().to_vec();
        b.extend_from_slice(b"\0\x01\x02\0abc");
        let e = decode(&b).unwrap_err();
        assert_eq!(
            e,
            DecodeProblem::Binary {
                kind: BinaryKind::Unknown
            }
        );
        assert_eq!(e.to_string(), "这是二进制内容（含 NUL 字节等），不是文本");
    }

    #[test]
    fn control_characters_are_binary() {
        let b: Vec<u8> = (0..400u32)
            .map(|i| [b'a', 0x01, b'b', 0x1B][i as usize % 4])
            .collect();
        assert!(matches!(
            decode(&b),
            Err(DecodeProblem::Binary {
                kind: BinaryKind::Unknown
            })
        ));
    }

    #[test]
    fn magic_numbers() {
        let e = decode(b"%PDF-1.7\n%\xC2\xB3 1 0 obj <<>>").unwrap_err();
        assert_eq!(
            e,
            DecodeProblem::Binary {
                kind: BinaryKind::Pdf
            }
        );
        assert_eq!(e.to_string(), "这是 PDF 文件：请先提取其中的文字");
        for (b, k) in [
            (&b"PK\x03\x04rest"[..], BinaryKind::Zip),
            (b"\x89PNG\r\n\x1A\n\0\0", BinaryKind::Png),
            (b"\xEF\xBF\xBDPNG\r\n\x1A\n\0\0", BinaryKind::Png),
            (b"\xFF\xD8\xFF\xE0", BinaryKind::Jpeg),
            (b"GIF89a....", BinaryKind::Gif),
            (b"\x7FELF\x02\x01", BinaryKind::Elf),
        ] {
            assert_eq!(decode(b), Err(DecodeProblem::Binary { kind: k }));
        }
    }

    #[test]
    fn lossy_mangled_text_is_undecodable() {
        // GBK text that went through a lossy UTF-8 conversion: mostly U+FFFD, valid UTF-8.
        let (gbk, _, _) = encoding_rs::GBK.encode(PARAGRAPH);
        let mangled = String::from_utf8_lossy(&gbk).into_owned();
        let e = decode(mangled.as_bytes()).unwrap_err();
        match &e {
            DecodeProblem::Undecodable {
                encoding,
                bad_fraction,
            } => {
                assert_eq!(*encoding, "UTF-8");
                assert!(*bad_fraction > 0.1);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(e
            .to_string()
            .starts_with("无法解码为文本：按 UTF-8 解码有 "));
        assert!(e.to_string().ends_with("% 的字节无效"));
    }

    #[test]
    fn display_undecodable() {
        let e = DecodeProblem::Undecodable {
            encoding: "GB18030",
            bad_fraction: 0.123,
        };
        assert_eq!(
            e.to_string(),
            "无法解码为文本：按 GB18030 解码有 12.3% 的字节无效"
        );
    }

    #[test]
    fn random_garbage_is_refused() {
        // Deterministic pseudo-random bytes (xorshift).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let b: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        assert!(decode(&b).is_err());
        let no_nul: Vec<u8> = b.iter().map(|&c| c.max(0x80)).collect();
        let _ = decode(&no_nul); // high bytes only: must not panic, may decode to something
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = decode(&bytes);
        }

        #[test]
        fn taking_the_bytes_reads_them_as_borrowing_does(
            s in "\\PC{0,200}",
            bom in any::<bool>(),
            cut in 0usize..600,
            junk in any::<u8>(),
        ) {
            let mut b = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
            b.extend_from_slice(s.as_bytes());
            let at = cut.min(b.len());
            b.insert(at, junk);
            prop_assert_eq!(decode_owned(b.clone()), decode(&b));
        }

        #[test]
        fn never_panics_near_text(s in "\\PC{0,200}", cut in 0usize..600, junk in any::<u8>()) {
            let mut b = s.into_bytes();
            let at = cut.min(b.len());
            b.insert(at, junk);
            if let Ok(d) = decode(&b) {
                prop_assert!(!d.text.is_empty());
            }
        }
    }
}
