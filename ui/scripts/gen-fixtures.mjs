#!/usr/bin/env node
// Builds the dev-harness fixtures (ui/src/__fixtures__/generated/*.json) from the bundled
// policies, so `npm run dev` in a plain browser shows realistic data.
//
// Input: the core CLI's output for each policy:
//   policylens show --format json FILE > DIR/NAME.view.json   (the reader's view, as the app's
//                                                               `open_policy` returns it)
//   policylens parse FILE > DIR/NAME.parse.json               (sentences, for the mock search)
//   policylens extract --format json FILE > DIR/NAME.ext.json (practices, for the mock ask)
// plus data/normalize/radicals.tsv and data/lexicon/purposes.tsv.
// Output: the views as they are, and library.json (the list, sentences and practices).
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

// ---- radicals (for the mock search's normalization) --------------------------------------
const radicals = new Map();
for (const line of readFileSync(join(repo, "data/normalize/radicals.tsv"), "utf8").split("\n")) {
  if (!line.trim() || line.startsWith("#")) continue;
  const [from, to] = line.split("\t").map((h) => parseInt(h, 16));
  if (to <= 0xffff) radicals.set(String.fromCharCode(from), String.fromCharCode(to));
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
  const view = JSON.parse(readFileSync(join(inDir, `${name}.view.json`), "utf8"));
  const text = parse.text;
  const t = utf16Table(text);
  const u = (s) => ({ start: t[Math.min(s.start, t.length - 1)], end: t[Math.min(s.end, t.length - 1)] });
  const overlaps = (a, b) => a.start < b.end && b.start < a.end;
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
    aliases: parse.aliases ?? [],
    title: view.title,
    operator: view.operator,
    updated: view.updated,
    effective: view.effective,
    version: 1,
    versions: 1,
    format,
    chars: t[t.length - 1],
    sensitive_count: sensitiveSentences,
    sensitive_types: view.summary.flatMap((c) => c.items).filter((i) => i.collected && i.sensitive).map((i) => i.data_type).sort(),
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
