//! Integration tests, compiled into one binary (as ripgrep does). Regression tests are named after
//! what broke.
mod app_names;
mod architecture;
mod check;
mod cli;
mod diff;
mod docx;
mod extract;
mod fuzz_replay;
mod hostile;
mod jieba_subset;
mod library;
mod notes;
mod pdf;
mod pipeline;
mod privacy_label;
mod questions;
mod receivers;
mod robustness;
mod tables;
mod util;
