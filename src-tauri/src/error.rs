//! The shell's error type: whatever goes wrong reaches the UI as a rejected promise whose value is
//! the error's message (a string), as docs/commands.md promises.
use serde::{Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The core library (import, search, ask, notes, export …; a question that cannot be
    /// answered is the core's `Error::Ask`).
    #[error(transparent)]
    Core(#[from] policylens::error::Error),
    /// Bad arguments from the UI.
    #[error("{0}")]
    Invalid(String),
    /// A background task died (a bug).
    #[error("内部错误：{0}")]
    Internal(String),
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;
