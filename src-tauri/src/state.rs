//! The app's state: the library (opened once, lazily, off the main thread) and the UTF-16
//! offset tables of recently used policies.
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use policylens::library::Library;

use crate::api::OffsetCache;
use crate::error::{AppError, AppResult};

/// Where the library comes from.
pub enum LibrarySource {
    /// `$POLICYLENS_LIBRARY`, else the platform data folder; the bundled policies are imported
    /// on first use ([`Library::open_default`]).
    Default,
    /// This folder, as it is.
    Dir(PathBuf),
}

struct Inner {
    source: LibrarySource,
    /// Files named on the command line, for the UI to import and open once.
    startup_files: Mutex<Vec<PathBuf>>,
    library: Mutex<Option<Arc<Library>>>,
    offsets: OffsetCache,
}

/// Shared by every command (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

impl AppState {
    pub fn new(source: LibrarySource) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                source,
                startup_files: Mutex::new(Vec::new()),
                library: Mutex::new(None),
                offsets: OffsetCache::default(),
            }),
        }
    }

    /// A state over an already open library.
    pub fn with_library(library: Library) -> AppState {
        let state = AppState::new(LibrarySource::Dir(library.path().to_path_buf()));
        *state.inner.library.lock().unwrap() = Some(Arc::new(library));
        state
    }

    /// The library, opened on first use (blocking: call it off the main thread). An error is
    /// not kept: the next call tries again.
    pub fn library(&self) -> AppResult<Arc<Library>> {
        let mut slot = self.inner.library.lock().map_err(|_| {
            AppError::Internal("政策库的锁在一次出错后不可用了，请重新启动应用".into())
        })?;
        if let Some(library) = slot.as_ref() {
            return Ok(library.clone());
        }
        let library = Arc::new(match &self.inner.source {
            LibrarySource::Default => Library::open_default()?,
            LibrarySource::Dir(dir) => Library::open(dir)?,
        });
        crate::timing::log("library open");
        *slot = Some(library.clone());
        Ok(library)
    }

    /// The files named on the command line ("Open with").
    pub fn set_startup_files(&self, files: Vec<PathBuf>) {
        if let Ok(mut slot) = self.inner.startup_files.lock() {
            *slot = files;
        }
    }

    /// The files named on the command line, once: a reload of the page does not import them
    /// again.
    pub fn take_startup_files(&self) -> Vec<PathBuf> {
        self.inner
            .startup_files
            .lock()
            .map(|mut slot| std::mem::take(&mut *slot))
            .unwrap_or_default()
    }

    pub fn offsets(&self) -> &OffsetCache {
        &self.inner.offsets
    }

    /// Open the library in the background now, so the UI's first call finds it ready.
    pub fn warm_up(&self) {
        let state = self.clone();
        std::thread::spawn(move || {
            let _ = state.library();
        });
    }
}
