//! What reaches the terminal. Policy text and file names are data: an escape sequence in a
//! crawled page or a file name must be shown, never obeyed (it could recolour, retitle or
//! rewrite the terminal, or hide the lines before it). The CLI's own colours are the only
//! control sequences it writes.
use std::borrow::Cow;

/// The char shown for `c`: control characters become their visible pictures (`␛` for ESC),
/// C1 controls and bidirectional overrides become `�`; one char for one, so offsets computed
/// on the text still line up.
pub fn clean_char(c: char) -> char {
    match c {
        '\t' | '\n' => c,
        '\r' => ' ',
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\x7f' => '\u{2421}',
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{FFFD}',
        c => c,
    }
}

fn needs_cleaning(c: char) -> bool {
    clean_char(c) != c
}

/// `s` as it may be shown on a terminal (see [`clean_char`]).
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(needs_cleaning) {
        Cow::Owned(s.chars().map(clean_char).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// A path as it may be shown on a terminal.
pub fn path(p: &std::path::Path) -> String {
    clean(&p.display().to_string()).into_owned()
}

/// A writer that shows everything written through it as [`clean`] does: for text output that
/// has no colours of its own (lists, summaries, answers, notes).
pub struct Clean<W: std::io::Write>(pub W);

impl<W: std::io::Write> std::io::Write for Clean<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // `write!` hands over whole `str` pieces, so a piece is valid UTF-8 unless the caller
        // wrote raw bytes; those are passed on as they are.
        match std::str::from_utf8(buf) {
            Ok(s) => {
                self.0.write_all(clean(s).as_bytes())?;
                Ok(buf.len())
            }
            Err(_) => self.0.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        assert_eq!(clean("a\x1b[2Jb"), "a\u{241b}[2Jb");
        assert_eq!(clean("标题\u{9b}31m\x07"), "标题\u{FFFD}31m\u{2407}");
        assert_eq!(clean("\u{202e}txt.exe"), "\u{FFFD}txt.exe");
        assert!(matches!(clean("第一行\n\t第二行"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_clean_writer_cleans_what_is_written() {
        use std::io::Write;
        let mut out = Clean(Vec::new());
        let (app, title) = ("快手\x1b]0;pwned\x07", "标题");
        writeln!(out, "{app}  {title}").unwrap();
        assert_eq!(
            String::from_utf8(out.0).unwrap(),
            "快手\u{241b}]0;pwned\u{2407}  标题\n"
        );
    }
}
