// The JSON types of docs/commands.md (the contract between ui/ and src-tauri/).
// Every offset is a UTF-16 code-unit offset, so `text.slice(start, end)` is exact.

export type Span = { start: number; end: number };

export type PolicyFormat = "text" | "markdown" | "html";

export type PolicySummary = {
  id: string;
  app: string | null;
  /** Other names of the app (以下简称…, the package name). */
  aliases: string[];
  title: string | null;
  operator: string | null;
  updated: string | null;
  effective: string | null;
  version: number;
  versions: number;
  format: PolicyFormat;
  chars: number;
  sensitive_count: number;
  /** The sensitive types the policy collects (its data summary). */
  sensitive_types: string[];
  bold_count: number;
  imported_at: string;
};

export type ImportSummary = {
  imported: { path: string; id: string; app: string | null }[];
  unchanged: string[];
  refused: { path: string; reason: string }[];
};

export type ImportProgress = { done: number; total: number; path: string };

export type BlockKind = "heading" | "paragraph" | "list_item" | "table_cell";

/** Where a table cell sits: the policy's `table`-th table, its row and column. */
export type Cell = { table: number; row: number; col: number; header: boolean };

export type Block = {
  kind: BlockKind;
  level: number | null;
  span: Span;
  section: string[];
  /** Set on table cells (`kind` "table_cell"). */
  cell?: Cell;
};

export type Mention = {
  span: Span;
  data_type: string;
  category: string;
  sensitive: boolean;
  reason: string | null;
  practice: boolean;
};

export type MarkLabel = "purpose" | "condition" | "handler" | "collect" | "share";

export type Marked = { span: Span; label: MarkLabel; purposes: string[] };

export type SummaryItem = {
  data_type: string;
  sensitive: boolean;
  reason: string | null;
  /** Collected in a practice; false: only mentioned (a definition, an example, a negation). */
  collected: boolean;
  /** What the policy says it is collected for. */
  purposes: string[];
  count: number;
  /** Where it is first collected (else first mentioned): the item and its clause. */
  first: Span;
  clause: Span;
};

export type CategorySummary = { category: string; items: SummaryItem[] };

export type PolicyView = {
  id: string;
  app: string | null;
  title: string | null;
  operator: string | null;
  updated: string | null;
  effective: string | null;
  text: string;
  blocks: Block[];
  hidden: Span[];
  soft_breaks: Span[];
  bold: Span[];
  underline: Span[];
  color: Span[];
  mentions: Mention[];
  marked: Marked[];
  summary: CategorySummary[];
};

export type SearchQuery = {
  text: string;
  app?: string;
  category?: string;
  sensitive?: boolean;
  bold?: boolean;
  limit?: number;
};

export type SearchHit = {
  policy_id: string;
  app: string | null;
  title: string | null;
  section: string;
  clause: Span;
  snippet: string;
  highlights: Span[];
  score: number;
  bold: boolean;
  sensitive: boolean;
};

export type Facets = { apps: string[]; categories: string[]; purposes: string[] };

export type Action = "collect" | "share";

export type Evidence = {
  policy_id: string;
  section: string;
  clause: string;
  clause_span: Span;
  item_span: Span;
  bold: boolean;
  action: Action;
};

export type DataItem = {
  data_type: string;
  category: string;
  sensitive: boolean;
  reason: string | null;
  wording: string[];
  evidence: Evidence[];
};

export type Use = { name: string; evidence: Evidence[] };

/** The verdict on a yes/no question and the clauses it stands on. */
export type YesNo = { verdict: "yes" | "no" | "only_if" | "not_mentioned"; evidence: Evidence[] };

export type PurposeAnswer = {
  kind: "by_purpose";
  app: string;
  policy_title: string | null;
  purpose: string;
  action: Action | "any";
  items: DataItem[];
  yes_no?: YesNo;
  /** Asked what is collected when the user does something (注册, 转账): what the user does. */
  activity?: string;
  /** Asked which sensitive information: the data the policy itself calls sensitive. */
  declared_sensitive?: DataItem[];
};

export type DataAnswer = {
  kind: "by_data";
  app: string;
  policy_title: string | null;
  data_type: string;
  category: string;
  sensitive: boolean;
  reason: string | null;
  purposes: Use[];
  receivers: Use[];
  evidence: Evidence[];
  yes_no?: YesNo;
};

/** The clauses of the part of a policy a question asks about (注销账号, 保存期限 …). */
export type ClausesAnswer = {
  kind: "clauses";
  app: string;
  policy_title: string | null;
  topic: string;
  about: string;
  clauses: Evidence[];
};

export type ReceiverUse = {
  name: string;
  /** "sdk" | "partner": listed as a record (an SDK table or list); "named": named in a sharing clause. */
  kind: "sdk" | "partner" | "named";
  operator: string | null;
  data_types: string[];
  data: string[];
  purposes: string[];
  link: string | null;
  evidence: Evidence[];
};

export type SharingStance = "shares" | "none_except" | "none" | "silent";

export type ReceiversAnswer = {
  kind: "receivers";
  app: string;
  /** The policy the answer reads (its table exports with `export_receivers`). */
  policy_id: string | null;
  policy_title: string | null;
  stance: SharingStance;
  refusals: Evidence[];
  receivers: ReceiverUse[];
  unnamed: Evidence[];
};

/** One app whose policy collects (or shares) the asked data type. */
export type AppFinding = {
  app: string;
  policy_id: string;
  policy_title: string | null;
  /** The types it names that the asked one covers (精准定位信息 for 位置信息). */
  data_types: string[];
  evidence: Evidence[];
};

/** 哪些应用会收集人脸信息: the apps in the library whose policy does it. */
export type AppsAnswer = {
  kind: "apps";
  data_type: string;
  action: Action;
  apps: AppFinding[];
  /** How many apps' policies name the type at all. */
  apps_checked: number;
  apps_total: number;
};

export type Answer = PurposeAnswer | DataAnswer | ReceiversAnswer | ClausesAnswer | AppsAnswer;

export type AskRequest = {
  question?: string;
  app?: string;
  purpose?: string;
  data?: string;
  action?: Action;
};

export type NoteStatus = "anchored" | "reanchored" | "orphaned";

export type Note = {
  id: number;
  policy_id: string;
  app: string | null;
  policy_title: string | null;
  span: Span;
  quote: string;
  section: string;
  body: string;
  tags: string[];
  created_at: string;
  updated_at: string;
  status: NoteStatus;
};

export type NoteFilter = { policy_id?: string; app?: string; tag?: string; text?: string };

export type NotesFormat = "md" | "csv" | "json";
export type ReportFormat = "md" | "html";
export type ReceiversFormat = "csv" | "md";

export type ExportResult = { path: string; count?: number };
