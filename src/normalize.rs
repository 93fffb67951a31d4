//! (being written) Normalization for matching: one char in, one char out.

/// Normalize `text` for matching; the result has exactly as many chars as `text`.
pub fn normalize(text: &str) -> String {
    text.to_string()
}
