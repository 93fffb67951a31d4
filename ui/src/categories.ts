// The 13 categories of personal information of GB/T 35273-2020 附录A, each with a colour
// (see styles/app.css: .cat-0 … .cat-12). Sensitive items (PIPL 第28条, 附录B) are filled with
// their category's colour, other mentions are underlined in it.
export const CATEGORIES = [
  "个人生物识别信息",
  "个人身份信息",
  "个人财产信息",
  "个人健康生理信息",
  "个人位置信息",
  "个人通信信息",
  "联系人信息",
  "个人上网记录",
  "个人基本资料",
  "网络身份标识信息",
  "个人教育工作信息",
  "个人常用设备信息",
  "其他信息",
] as const;

const INDEX = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));

/** The colour slot of a category; unknown categories share the grey of 其他信息. */
export function categoryIndex(category: string): number {
  return INDEX.get(category) ?? CATEGORIES.length - 1;
}

export function categoryClass(category: string): string {
  return `cat-${categoryIndex(category)}`;
}

/** Categories in legend order (the fixed order above), of those present. */
export function orderCategories(present: Iterable<string>): string[] {
  return [...new Set(present)].sort((a, b) => categoryIndex(a) - categoryIndex(b) || a.localeCompare(b, "zh-CN"));
}

/** A short label for the legend: 个人位置信息 → 位置, 联系人信息 → 联系人. */
export function shortCategory(category: string): string {
  const short = category.replace(/^个人/, "").replace(/信息$/, "");
  return short || category;
}
