// Dates, numbers and messages in 简体中文.
import type { ImportReport } from "./types";

/** "2023-06-18" → "2023年6月18日"; anything else is returned as given. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return "";
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(date.trim());
  if (!m) return date;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** An RFC 3339 timestamp → local "2024年11月24日 09:44"; unparseable input as given. */
export function formatTimestamp(ts: string | null | undefined): string {
  if (!ts) return "";
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 17236 → "17,236" */
export function formatCount(n: number): string {
  return n.toLocaleString("zh-CN");
}

/** "已导入 3 个文件，2 个未改变，1 个被拒绝" (parts that are zero are left out, except the first). */
export function importMessage(s: ImportReport): string {
  const parts = [`已导入 ${s.imported.length} 个文件`];
  if (s.unchanged.length) parts.push(`${s.unchanged.length} 个未改变`);
  if (s.refused.length) parts.push(`${s.refused.length} 个被拒绝`);
  return parts.join("，");
}

export const ACTION_LABEL: Record<string, string> = { collect: "收集", share: "共享", any: "收集或共享" };

/** The file name of a path (either separator). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Tags from what the user typed: separated by commas (ASCII or Chinese), 、 or spaces. */
export function parseTags(input: string): string[] {
  const seen = new Set<string>();
  for (const t of input.split(/[\s,，、;；]+/)) {
    const tag = t.trim().replace(/^#/, "");
    if (tag) seen.add(tag);
  }
  return [...seen];
}

/** A name for an export file: safe characters only. */
export function fileSafe(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 60) || "export";
}
