// A PolicyView built by hand from a few paragraphs of the bundled policies:
// - tencent.md: Markdown headings (`## `, `#### ` hidden) and `**bold**` (the `**` hidden);
// - kuaishou.txt: PDF text with Kangxi radicals (`⼈` U+2F08 for 人, `⽤` U+2F64 for 用) and a
//   hard line wrap inside a sentence (a soft break);
// plus a paragraph quoting `<script>` and `onerror=` (must render as text) and one with a
// non-BMP character (U+20000, two UTF-16 units) before a data item.
// Spans are found with indexOf on the text, so every offset is UTF-16 as in the contract.
import type { ViewBlock, Mention, Marked, PolicyView, Span } from "../types";

export const TEXT = [
  "## 引言 ",
  "**腾讯云严格遵守法律法规，遵循以下隐私保护原则，为您提供更加安全可靠的服务。**",
  "",
  "#### 1. 安全可靠",
  "我们会收集您的**位置信息**，用于向您推荐附近的服务。",
  "",
  "快手平台服务由北京快手科技有限公司（下称“快手”、“我们”）运营。我们深知个⼈信息对您的重要",
  "性，将收集您的⼈脸信息⽤于实名认证。",
  "",
  '示例条款<script>alert("x")</script>与<img src=x onerror=alert(1)>均为原文文字。',
  "",
  "- 生僻字𠀀之后的手机号码也要正确定位。",
  "",
].join("\n");

/** The span of the `n`th occurrence (0-based) of `s` in TEXT. */
export function at(s: string, n = 0): Span {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = TEXT.indexOf(s, i + 1);
    if (i < 0) throw new Error(`fixture: ${s} #${n} not found`);
  }
  return { start: i, end: i + s.length };
}

const line = (s: string): Span => at(s);
const join = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

const blocks: ViewBlock[] = [
  { kind: "heading", level: 1, span: at("引言"), section: ["引言"] },
  { kind: "paragraph", level: null, span: at("腾讯云严格遵守法律法规，遵循以下隐私保护原则，为您提供更加安全可靠的服务。"), section: ["引言"] },
  { kind: "heading", level: 2, span: at("1. 安全可靠"), section: ["引言", "1. 安全可靠"] },
  { kind: "paragraph", level: null, span: line("我们会收集您的**位置信息**，用于向您推荐附近的服务。"), section: ["引言", "1. 安全可靠"] },
  {
    kind: "paragraph",
    level: null,
    span: join(at("快手平台服务由"), at("实名认证。")),
    section: ["引言", "1. 安全可靠"],
  },
  { kind: "paragraph", level: null, span: line('示例条款<script>alert("x")</script>与<img src=x onerror=alert(1)>均为原文文字。'), section: ["引言", "1. 安全可靠"] },
  { kind: "list_item", level: null, span: at("生僻字𠀀之后的手机号码也要正确定位。"), section: ["引言", "1. 安全可靠"] },
];

const hidden: Span[] = [
  at("## "),
  at("**", 0),
  at("**", 1),
  at("#### "),
  at("**", 2),
  at("**", 3),
  at("- "),
];

// the hard wrap inside "重要\n性"
const softBreak: Span = { start: at("重要\n性").start + 2, end: at("重要\n性").start + 3 };

const mentions: Mention[] = [
  { span: at("位置信息"), data_type: "位置信息", category: "个人位置信息", sensitive: true, reason: "GB/T 35273-2020 附录B：精准定位信息", practice: true },
  { span: at("个⼈信息"), data_type: "个人信息", category: "其他信息", sensitive: false, reason: null, practice: false },
  { span: at("⼈脸信息"), data_type: "人脸信息", category: "个人生物识别信息", sensitive: true, reason: "PIPL 第28条：生物识别", practice: true },
  { span: at("手机号码"), data_type: "手机号码", category: "个人基本资料", sensitive: false, reason: null, practice: false },
];

const marked: Marked[] = [
  { span: at("收集", 0), label: "collect", purposes: [] },
  { span: at("向您推荐附近的服务"), label: "purpose", purposes: ["个性化推荐"] },
  { span: at("收集", 1), label: "collect", purposes: [] },
  { span: at("实名认证"), label: "purpose", purposes: ["实名认证"] },
];

export const POLICY: PolicyView = {
  id: "d71a0972fc283c47",
  app: "腾讯",
  title: "腾讯隐私政策",
  operator: "深圳市腾讯计算机系统有限公司",
  updated: "2023-06-18",
  effective: "2023-06-25",
  text: TEXT,
  blocks,
  hidden,
  soft_breaks: [softBreak],
  bold: [at("腾讯云严格遵守法律法规，遵循以下隐私保护原则，为您提供更加安全可靠的服务。"), at("位置信息")],
  underline: [],
  color: [],
  mentions,
  marked,
  summary: [
    { category: "个人生物识别信息", items: [{ data_type: "人脸信息", sensitive: true, reason: "PIPL 第28条：生物识别", collected: true, purposes: ["实名认证"], count: 1, first: at("⼈脸信息"), clause: at("⼈脸信息") }] },
    { category: "个人位置信息", items: [{ data_type: "位置信息", sensitive: true, reason: "GB/T 35273-2020 附录B：精准定位信息", collected: true, purposes: [], count: 1, first: at("位置信息"), clause: at("位置信息") }] },
    { category: "个人基本资料", items: [{ data_type: "手机号码", sensitive: false, reason: null, collected: false, purposes: [], count: 1, first: at("手机号码"), clause: at("手机号码") }] },
  ],
};
