#!/usr/bin/env node
// Builds the dev-harness fixtures (ui/src/__fixtures__/generated/*.json) from the bundled
// policies, so `npm run dev` in a plain browser shows realistic data.
//
// Input: the core CLI's document model and extraction (char offsets), produced by
//   policylens parse FILE > DIR/NAME.parse.json
//   policylens extract --format json FILE > DIR/NAME.ext.json
// plus data/lexicon/data_types.tsv, data/normalize/radicals.tsv and policies/manifest.toml.
// Output: a PolicyView per policy in the contract's shape (UTF-16 offsets), as the real
// `open_policy` would return it — approximately: mentions the extractor did not tie to a
// practice are found again here by a plain lexicon scan.
//
// Usage: node scripts/gen-fixtures.mjs /tmp/fx   (run from ui/)
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const inDir = process.argv[2] ?? "/tmp/fx";
const outDir = join(here, "..", "src", "__fixtures__", "generated");
mkdirSync(outDir, { recursive: true });

// ---- lexicon ------------------------------------------------------------------------------
const types = new Map(); // canonical → {category, sensitive, reason}
const phrases = new Map(); // phrase → canonical
for (const line of readFileSync(join(repo, "data/lexicon/data_types.tsv"), "utf8").split("\n")) {
  if (!line.trim() || line.startsWith("#") || line.startsWith("canonical\t")) continue;
  const [canonical, , category, sensitive, reason, synonyms] = line.split("\t");
  types.set(canonical, { category, sensitive: sensitive === "yes", reason: reason || null });
  for (const p of [canonical, ...(synonyms ?? "").split("|")]) {
    if (p && p.length >= 2 && !phrases.has(p)) phrases.set(p, canonical);
  }
}
const maxPhrase = Math.max(...[...phrases.keys()].map((p) => p.length));

const radicals = new Map();
for (const line of readFileSync(join(repo, "data/normalize/radicals.tsv"), "utf8").split("\n")) {
  if (!line.trim() || line.startsWith("#")) continue;
  const [from, to] = line.split("\t").map((h) => parseInt(h, 16));
  if (to <= 0xffff) radicals.set(String.fromCharCode(from), String.fromCharCode(to));
}
const normalizeChar = (c) => radicals.get(c) ?? c;

// ---- manifest -----------------------------------------------------------------------------
const manifest = new Map();
{
  let cur = null;
  for (const line of readFileSync(join(repo, "policies/manifest.toml"), "utf8").split("\n")) {
    if (line.startsWith("[[policy]]")) cur = {};
    const m = /^(\w+)\s*=\s*"(.*)"\s*$/.exec(line);
    if (m && cur) {
      cur[m[1]] = m[2];
      if (m[1] === "file") manifest.set(m[2], cur);
    }
  }
}

// ---- conversion ---------------------------------------------------------------------------
function utf16Table(text) {
  const table = [];
  let at = 0;
  for (const c of text) {
    table.push(at);
    at += c.length;
  }
  table.push(at);
  return table;
}

const files = [
  ["kuaishou", "kuaishou.txt", "text"],
  ["kuaishou-shop", "kuaishou-shop.txt", "text"],
  ["huajian", "huajian.txt", "text"],
  ["tencent", "tencent.md", "markdown"],
];

const summaries = [];
const extras = {};
for (const [name, file, format] of files) {
  const parse = JSON.parse(readFileSync(join(inDir, `${name}.parse.json`), "utf8"));
  const ext = JSON.parse(readFileSync(join(inDir, `${name}.ext.json`), "utf8"));
  const meta = manifest.get(file) ?? {};
  const text = parse.text;
  const t = utf16Table(text);
  const u = (s) => ({ start: t[Math.min(s.start, t.length - 1)], end: t[Math.min(s.end, t.length - 1)] });

  const hidden = parse.hidden.map(u);
  const softBreaks = parse.soft_breaks.map(u);
  const emphasis = (kind) => parse.emphasis.filter((e) => e.kind === kind).map((e) => u(e.span));

  // Mentions: the extractor's practice data spans, then a lexicon scan for the rest.
  const practiceSpans = ext.spans.filter((s) => s.label === "data");
  const mentions = [];
  const taken = [];
  const overlaps = (a, b) => a.start < b.end && b.start < a.end;
  const addMention = (span, canonical, practice) => {
    const ty = types.get(canonical);
    if (!ty || taken.some((s) => overlaps(s, span))) return;
    taken.push(span);
    mentions.push({ span, canonical, ty, practice });
  };
  for (const s of practiceSpans) {
    if (s.data_type) addMention({ start: s.start, end: s.end }, s.data_type, true);
  }
  // the lexicon scan works on chars (normalized radicals), spans in chars
  const chars = Array.from(text).map(normalizeChar);
  const hiddenChars = [...parse.hidden, ...parse.soft_breaks];
  for (let i = 0; i < chars.length; ) {
    let found = 0;
    for (let len = Math.min(maxPhrase, chars.length - i); len >= 2; len--) {
      const p = chars.slice(i, i + len).join("");
      const canonical = phrases.get(p);
      if (canonical) {
        const span = { start: i, end: i + len };
        if (!hiddenChars.some((h) => overlaps(h, span))) {
          const practice = practiceSpans.some((d) => overlaps(d, span));
          addMention(span, canonical, practice);
        }
        found = len;
        break;
      }
    }
    i += found || 1;
  }
  mentions.sort((a, b) => a.span.start - b.span.start);

  const summary = new Map();
  for (const m of mentions) {
    const key = m.ty.category;
    if (!summary.has(key)) summary.set(key, new Map());
    const items = summary.get(key);
    const item = items.get(m.canonical) ?? {
      data_type: m.canonical,
      sensitive: m.ty.sensitive,
      reason: m.ty.reason,
      count: 0,
      first: u(m.span),
    };
    item.count++;
    items.set(m.canonical, item);
  }
  const summaryList = [...summary.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([category, items]) => ({
      category,
      items: [...items.values()].sort((a, b) => Number(b.sensitive) - Number(a.sensitive) || b.count - a.count),
    }))
    .sort((a, b) => Number(b.items.some((i) => i.sensitive)) - Number(a.items.some((i) => i.sensitive)));

  const view = {
    id: parse.id,
    app: meta.app ?? parse.app,
    title: meta.title ?? parse.title,
    operator: meta.operator ?? parse.operator,
    updated: meta.updated ?? parse.updated,
    effective: meta.effective ?? parse.effective,
    text,
    blocks: parse.blocks.map((b) => ({
      kind: b.kind.type,
      level: b.kind.type === "heading" ? b.kind.level : null,
      span: u(b.span),
      section: b.section,
    })),
    hidden,
    soft_breaks: softBreaks,
    bold: emphasis("bold"),
    underline: emphasis("underline"),
    color: emphasis("color"),
    mentions: mentions.map((m) => ({
      span: u(m.span),
      data_type: m.canonical,
      category: m.ty.category,
      sensitive: m.ty.sensitive,
      reason: m.ty.reason,
      practice: m.practice,
    })),
    marked: ext.spans
      .filter((s) => s.label !== "data" && s.label !== "subject")
      .map((s) => ({ span: u(s), label: s.label, purposes: s.purposes })),
    summary: summaryList,
  };
  writeFileSync(join(outDir, `${name}.view.json`), JSON.stringify(view));

  // Sentences (clauses) for the mock search, practices for the mock ask.
  const sentences = parse.sentences.map((s) => {
    const block = parse.blocks[s.block];
    return { span: u(s.span), section: block.section.join(" › ") };
  });
  const sensitiveSentences = sentences.filter((s) =>
    view.mentions.some((m) => m.sensitive && overlaps(m.span, s.span)),
  ).length;
  const boldSentences = sentences.filter((s) => view.bold.some((b) => overlaps(b, s.span))).length;
  const practices = ext.practices.map((p) => ({
    action: p.action,
    sentence: p.sentence,
    data: p.data.map((i) => ext.spans[i]).filter((s) => s.data_type).map((s) => ({ span: u(s), data_type: s.data_type, text: s.text })),
    purpose: p.purpose == null ? null : { span: u(ext.spans[p.purpose]), purposes: ext.spans[p.purpose].purposes, text: ext.spans[p.purpose].text },
    receiver: p.receiver == null ? null : ext.spans[p.receiver].text,
  }));
  extras[parse.id] = { sentences, practices };
  summaries.push({
    id: parse.id,
    app: view.app,
    title: view.title,
    operator: view.operator,
    updated: view.updated,
    effective: view.effective,
    version: 1,
    versions: 1,
    format,
    chars: t[t.length - 1],
    sensitive_count: sensitiveSentences,
    bold_count: boldSentences,
    imported_at: "2024-11-20T08:30:00Z",
  });
}
const purposes = readFileSync(join(repo, "data/lexicon/purposes.tsv"), "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.startsWith("#") && !l.startsWith("canonical\t"))
  .map((l) => l.split("\t")[0]);
// the radicals the corpus uses (for the mock search's normalization)
const used = {};
for (const [, file] of files) {
  for (const c of readFileSync(join(repo, "policies", file), "utf8")) if (radicals.has(c)) used[c] = radicals.get(c);
}
writeFileSync(join(outDir, "library.json"), JSON.stringify({ policies: summaries, extras, purposes, radicals: used }));
console.log(`wrote ${summaries.length} policies to ${outDir}`);
