//! Which threads share the machine's cores: work that could be spread over threads (a long
//! policy's clauses, a PDF's pages) asks here whether its thread is already one of many.
//!
//! Callers that already work on many policies at once (an import's workers,
//! `Library::analyse`) run on threads marked by [`as_pool_worker`]: there a policy is read on
//! its own thread alone, so the machine's cores are never asked for more threads than it has.
use std::cell::Cell;

thread_local! {
    static POOL_WORKER: Cell<bool> = const { Cell::new(false) };
}

/// Run `work` as one of several threads already sharing the machine's cores.
pub fn as_pool_worker<R>(work: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            POOL_WORKER.with(|w| w.set(self.0));
        }
    }
    let _restore = Restore(POOL_WORKER.with(|w| w.replace(true)));
    work()
}

/// Whether this thread runs inside [`as_pool_worker`].
pub fn is_pool_worker() -> bool {
    POOL_WORKER.with(|w| w.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_holds_inside_and_is_restored_after() {
        assert!(!is_pool_worker());
        as_pool_worker(|| {
            assert!(is_pool_worker());
            as_pool_worker(|| assert!(is_pool_worker()));
            assert!(is_pool_worker());
        });
        assert!(!is_pool_worker());
    }
}
