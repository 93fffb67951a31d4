// The types of the UI contract. Those of the commands' arguments and results are generated from
// the shell's Rust types (src-tauri, ts-rs) into ./generated/ and only re-exported here; never
// write them by hand (docs/commands.md says how to regenerate them and what the commands do).
export type * from "./generated";

// The format names the export commands accept: their `format` argument is a string the core
// parses (it also takes `markdown` for `md`), so no Rust type declares these.
export type NotesFormat = "md" | "csv" | "json";
export type ReportFormat = "md" | "html";
export type ReceiversFormat = "csv" | "md";
export type CompareFormat = "csv" | "md" | "html" | "json";
export type DiffFormat = "md" | "html" | "json";
export type CheckFormat = "md" | "html" | "json";
export type LabelFormat = "svg" | "md" | "json";
