//! Diagnostics for performance contracts: what a cold command should not have to do.
/// Set (to anything) to have the process report on stderr when it does what a cold command
/// should not have to: load the whole jieba dictionary, extract a stored policy again.
pub const TRACE_ENV: &str = "POLICYLENS_TRACE";

/// Report `what` on stderr when [`TRACE_ENV`] is set.
pub fn trace(what: &str) {
    if std::env::var_os(TRACE_ENV).is_some() {
        eprintln!("policylens: trace: {what}");
    }
}
