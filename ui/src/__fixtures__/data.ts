// Command results for the tests, in the contract's shapes, with text from the bundled policies.
import type { Answer, Facets, ImportReport, Note, PolicyRow, SearchHitView } from "../types";
import { POLICY, at } from "./policy-view";

const KUAISHOU_SNIPPET = "…当您使⽤同城或与设备位置相关的服务时，我们将向您申请授权开启位置权限…";

function find(s: string, word: string, n: number): { start: number; end: number } {
  let i = -1;
  for (let k = 0; k <= n; k++) i = s.indexOf(word, i + 1);
  return { start: i, end: i + word.length };
}

export const POLICIES: PolicyRow[] = [
  {
    id: "8884c540301361de",
    app: "快手",
    aliases: ["快手短视频", "com.smile.gifmaker"],
    title: "快手隐私政策",
    operator: "北京快手科技有限公司",
    updated: "2023-06-18",
    effective: "2023-06-25",
    version: 2,
    versions: 2,
    lineage: "l-kuaishou",
    format: "text",
    chars: 17236,
    sensitive_count: 54,
    sensitive_types: ["人脸信息", "位置信息", "身份证件信息"],
    bold_count: 0,
    imported_at: "2024-11-20T08:30:00Z",
  },
  {
    id: POLICY.id,
    app: "腾讯",
    aliases: [],
    title: "腾讯隐私政策",
    operator: null,
    updated: null,
    effective: null,
    version: 1,
    versions: 1,
    lineage: "l-tencent",
    format: "markdown",
    chars: 6292,
    sensitive_count: 22,
    sensitive_types: ["位置信息"],
    bold_count: 24,
    imported_at: "2024-11-20T08:30:00Z",
  },
];

export const FACETS: Facets = {
  apps: ["快手", "腾讯"],
  categories: ["个人生物识别信息", "个人位置信息", "个人基本资料"],
  purposes: ["注册登录", "实名认证", "个性化推荐", "广告营销"],
};

export const HITS: SearchHitView[] = [
  {
    policy_id: POLICY.id,
    app: "腾讯",
    title: "腾讯隐私政策",
    section: "引言 › 1. 安全可靠",
    clause: at("我们会收集您的**位置信息**，用于向您推荐附近的服务。"),
    snippet: "我们会收集您的位置信息，用于向您推荐附近的服务。",
    highlights: [{ start: 7, end: 11 }],
    score: 7.5,
    bold: true,
    sensitive: true,
  },
  {
    policy_id: "8884c540301361de",
    app: "快手",
    title: "快手隐私政策",
    section: "一、个人信息的收集和使用 › 2.1.1 位置相关的浏览",
    clause: { start: 3001, end: 3060 },
    snippet: KUAISHOU_SNIPPET,
    highlights: [find(KUAISHOU_SNIPPET, "位置", 0), find(KUAISHOU_SNIPPET, "位置", 1)],
    score: 5.1,
    bold: false,
    sensitive: true,
  },
];

export const PURPOSE_ANSWER: Answer = {
  kind: "by_purpose",
  app: "腾讯",
  policy_title: "腾讯隐私政策",
  purpose: "个性化推荐",
  action: "collect",
  items: [
    {
      data_type: "位置信息",
      category: "个人位置信息",
      sensitive: true,
      reason: "GB/T 35273-2020 附录B：精准定位信息",
      wording: ["位置信息"],
      evidence: [
        {
          policy_id: POLICY.id,
          section: "引言 › 1. 安全可靠",
          clause: "我们会收集您的位置信息，用于向您推荐附近的服务。",
          clause_span: at("我们会收集您的**位置信息**，用于向您推荐附近的服务。"),
          item_span: at("位置信息"),
          bold: true,
          action: "collect",
          page: null,
        },
      ],
    },
    {
      data_type: "设备信息",
      category: "个人常用设备信息",
      sensitive: false,
      reason: null,
      wording: ["设备型号", "操作系统版本"],
      evidence: [
        {
          policy_id: POLICY.id,
          section: "引言",
          clause: "我们会收集您的设备型号、操作系统版本。",
          clause_span: { start: 0, end: 19 },
          item_span: { start: 7, end: 11 },
          bold: false,
          action: "collect",
          page: null,
        },
      ],
    },
  ],
};

export const DATA_ANSWER: Answer = {
  kind: "by_data",
  app: "花间",
  policy_title: "花间视频直播平台 隐私政策",
  data_type: "位置信息",
  category: "个人位置信息",
  sensitive: true,
  reason: "GB/T 35273-2020 附录B：精准定位信息",
  purposes: [{ name: "位置服务", evidence: [] }],
  receivers: [
    {
      name: "高德地图SDK",
      evidence: [
        {
          policy_id: "huajian",
          section: "三、我们如何共享",
          clause: "为提供定位服务，我们会向高德地图SDK提供您的位置信息。",
          clause_span: { start: 100, end: 128 },
          item_span: { start: 123, end: 127 },
          bold: false,
          action: "share",
          page: null,
        },
      ],
    },
  ],
  evidence: [],
};

export const RECEIVERS_ANSWER: Answer = {
  kind: "receivers",
  app: "花间",
  policy_id: "p-huajian",
  policy_title: "花间视频直播平台 隐私政策",
  stance: "shares",
  receivers: [
    {
      name: "高德地图SDK",
      kind: "sdk",
      operator: "高德软件有限公司",
      data_types: ["位置信息"],
      data: ["位置信息", "设备标识符"],
      purposes: ["位置服务"],
      link: "https://lbs.amap.com/pages/privacy/",
      evidence: [
        {
          policy_id: "huajian",
          section: "附录：第三方SDK目录",
          clause: "高德地图SDK 使用目的：定位 收集的信息：位置信息、设备标识符",
          clause_span: { start: 300, end: 333 },
          item_span: { start: 300, end: 307 },
          bold: false,
          action: "share",
          page: null,
        },
      ],
    },
    {
      name: "关联公司",
      kind: "named",
      operator: null,
      data_types: [],
      data: ["个人信息"],
      purposes: [],
      link: null,
      evidence: [],
    },
  ],
  unnamed: [],
  refusals: [
    {
      policy_id: "huajian",
      section: "三、我们如何共享",
      clause: "我们不会向第三方出售您的个人信息。",
      clause_span: { start: 400, end: 417 },
      item_span: { start: 400, end: 417 },
      bold: true,
      action: "share",
      page: null,
    },
  ],
};

export const NOTES: Note[] = [
  {
    id: 1,
    policy_id: POLICY.id,
    app: "腾讯",
    policy_title: "腾讯隐私政策",
    span: at("位置信息"),
    quote: "位置信息",
    section: "引言 › 1. 安全可靠",
    body: "没有写保存期限",
    tags: ["位置", "待核实"],
    created_at: "2024-11-21T02:15:00Z",
    updated_at: "2024-11-21T02:15:00Z",
    status: "anchored",
  },
  {
    id: 2,
    policy_id: POLICY.id,
    app: "腾讯",
    policy_title: "腾讯隐私政策",
    span: at("⼈脸信息"),
    quote: "⼈脸信息",
    section: "引言 › 1. 安全可靠",
    body: "新版本里挪了位置",
    tags: [],
    created_at: "2024-11-21T02:15:00Z",
    updated_at: "2024-11-22T10:00:00Z",
    status: "reanchored",
  },
  {
    id: 3,
    policy_id: POLICY.id,
    app: "腾讯",
    policy_title: "腾讯隐私政策",
    span: { start: 0, end: 0 },
    quote: "我们会在您注销账号后的 180 天内删除您的浏览记录",
    section: "五、保存期限",
    body: "新版本找不到这句话了",
    tags: ["保存期限"],
    created_at: "2024-11-21T02:15:00Z",
    updated_at: "2024-11-21T02:15:00Z",
    status: "orphaned",
  },
];

export const IMPORT_SUMMARY: ImportReport = {
  imported: [{ path: "/home/me/policies/kuaishou.txt", id: "8884c540301361de", app: "快手" }],
  unchanged: ["/home/me/policies/tencent.md"],
  unchanged_ids: ["3b9a2c1d00e4f5a6"],
  refused: [{ path: "/home/me/policies/scan.pdf", reason: "不是文本文件（PDF）" }],
};

/** `哪些应用会收集人脸信息`: two apps, one naming a narrower type. */
export const APPS_ANSWER: Answer = {
  kind: "apps",
  data_type: "人脸信息",
  action: "collect",
  apps: [
    {
      app: "快手",
      policy_id: "kuaishou",
      policy_title: "快手隐私政策",
      data_types: ["人脸信息"],
      evidence: [
        {
          policy_id: "kuaishou",
          section: "1. 账号服务 › 1.2.1 实名认证",
          clause: "您需要提供相关真实身份信息（姓名、身份证号等证件信息及/或人脸信息）。",
          clause_span: { start: 1853, end: 1888 },
          item_span: { start: 1878, end: 1882 },
          bold: false,
          action: "collect",
          page: null,
        },
      ],
    },
    {
      app: "花间",
      policy_id: "huajian",
      policy_title: "花间视频直播平台 隐私政策",
      data_types: ["人脸信息", "面部特征"],
      evidence: [
        {
          policy_id: "huajian",
          section: "（三）我们直接收集与使用的个人信息",
          clause: "在实名认证的过程中，我们需要您提供真实姓名及面部特征值信息。",
          clause_span: { start: 900, end: 930 },
          item_span: { start: 918, end: 922 },
          bold: false,
          action: "collect",
          page: null,
        },
      ],
    },
  ],
  apps_checked: 3,
  apps_total: 4,
};
