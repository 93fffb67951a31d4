//! Startup and command timings, printed to stderr when `POLICYLENS_TIMING` is set (used by
//! `e2e/measure.py` for the README's speed figures). Each line carries the wall clock in ms since
//! the Unix epoch, so a harness that noted when it started the process can subtract.
use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

static START: OnceLock<Instant> = OnceLock::new();

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("POLICYLENS_TIMING").is_some_and(|v| !v.is_empty()))
}

/// Note the process start (call first thing in `main`).
pub fn start() {
    START.get_or_init(Instant::now);
    log("main");
}

/// `policylens-desktop timing: <epoch ms> +<ms since main> <what>`
pub fn log(what: &str) {
    if !enabled() {
        return;
    }
    let epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0);
    let since = START
        .get()
        .map(|s| s.elapsed().as_secs_f64() * 1000.0)
        .unwrap_or(0.0);
    eprintln!("policylens-desktop timing: {epoch:.1} +{since:.1} {what}");
}
