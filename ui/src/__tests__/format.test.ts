import { describe, expect, it } from "vitest";
import { baseName, fileSafe, formatDate, importMessage, parseTags } from "../format";
import { IMPORT_SUMMARY } from "../__fixtures__/data";

describe("format", () => {
  it("writes dates the Chinese way", () => {
    expect(formatDate("2023-06-18")).toBe("2023年6月18日");
    expect(formatDate("2021-11-30")).toBe("2021年11月30日");
    expect(formatDate(null)).toBe("");
    expect(formatDate("2023年")).toBe("2023年");
  });

  it("summarises an import", () => {
    expect(importMessage(IMPORT_SUMMARY)).toBe("已导入 1 个文件，1 个未改变，1 个被拒绝");
    expect(importMessage({ imported: [], unchanged: [], unchanged_ids: [], refused: [] })).toBe("已导入 0 个文件");
  });

  it("splits tags on commas (ASCII or Chinese), 、 and spaces", () => {
    expect(parseTags("位置, 第三方，待核实 、SDK  位置")).toEqual(["位置", "第三方", "待核实", "SDK"]);
    expect(parseTags("  ")).toEqual([]);
    expect(parseTags("#标签")).toEqual(["标签"]);
  });

  it("names files", () => {
    expect(baseName("C:\\Users\\me\\快手.txt")).toBe("快手.txt");
    expect(baseName("/home/me/a b.md")).toBe("a b.md");
    expect(fileSafe("花间视频直播平台 隐私政策/报告")).toBe("花间视频直播平台_隐私政策_报告");
  });
});
