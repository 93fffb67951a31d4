pub mod classify;
pub mod error;
pub mod eval;
pub mod gold;
pub mod lexicon;
pub mod normalize;
