//! PolicyLens (隐私政策阅读助手): read, search and question Chinese app privacy policies offline.
//!
//! One pipeline, one core:
//! `ingest → normalize → segment → extract → index → search / ask → notes / export`.
//! [`parse::parse_file`] turns a messy real file (PDF text, HTML, Markdown; UTF-8, UTF-16,
//! GB18030, Big5) into a [`document::Policy`] whose every span — block, sentence, bold passage —
//! is a range of char offsets into the original decoded text. [`extract::extract`] finds who
//! collects or shares which personal information for what purpose — a sequence labeller
//! ([`labeller`]) trained on annotated policies ([`train`]) tags the clauses of the paragraphs a
//! topic classifier ([`topics`]) finds to be about practices — and [`ask::ask`] answers
//! "what does app X collect for purpose Y" with the clauses as evidence.
//!
//! ```
//! use std::path::Path;
//! use policylens::{extract::{extract, Label}, parse::{parse_bytes, ParseOptions}};
//!
//! let text = "示例隐私政策\n一、我们如何收集信息\n当您注册时，我们会收集您的手机号码，用于注册登录。\n";
//! let policy = parse_bytes(Path::new("example.txt"), text.as_bytes(), &ParseOptions::default())?;
//! assert_eq!(policy.app.as_deref(), Some("示例"));
//!
//! let extraction = extract(&policy);
//! let data: Vec<&str> = extraction.spans.iter()
//!     .filter(|s| s.label == Label::Data)
//!     .map(|s| policy.slice(s.span))
//!     .collect();
//! assert_eq!(data, ["手机号码"]);
//! # Ok::<(), policylens::error::Error>(())
//! ```
pub mod analyzer;
pub mod ask;
pub mod check;
pub mod classify;
pub mod collected;
pub mod compare;
pub mod corpus;
pub mod decode;
pub mod diff;
pub mod document;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod gold;
pub mod index;
pub mod ingest;
pub mod jieba_dict;
pub mod label;
pub mod labeller;
pub mod lexicon;
pub mod library;
pub mod manifest;
pub mod meta;
pub mod normalize;
pub mod notes;
pub mod parse;
pub mod privacy_label;
pub mod receivers;
pub mod search;
pub mod segment;
pub mod threads;
pub mod topics;
pub mod trace;
pub mod train;
pub mod view;
pub mod weight_table;
