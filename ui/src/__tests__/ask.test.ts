// Ask: the request sent, items with category and sensitivity, evidence that opens the reader.
import { describe, expect, it } from "vitest";
import { AskPanel } from "../components/ask";
import type { Answer } from "../types";
import { APPS_ANSWER, DATA_ANSWER, PURPOSE_ANSWER, RECEIVERS_ANSWER } from "../__fixtures__/data";
import { byText, click, fakeCtx, ipc, settle, typeInto } from "./helpers";

function mount() {
  const ctx = fakeCtx();
  const panel = new AskPanel(ctx);
  document.body.append(panel.el);
  return { panel, ctx };
}

describe("AskPanel", () => {
  it("asks by app and canonical purpose and lists items with their evidence", async () => {
    const calls = ipc({ ask: () => PURPOSE_ANSWER });
    const { panel, ctx } = mount();
    const [app, purpose, action] = panel.el.querySelectorAll("select");
    app.value = "腾讯";
    purpose.value = "个性化推荐";
    action.value = "collect";
    panel.el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(calls[0]).toEqual({ cmd: "ask", args: { request: { app: "腾讯", purpose: "个性化推荐", action: "collect" } } });

    expect(panel.el.querySelector(".answer h2")!.textContent).toBe("腾讯为了“个性化推荐”收集的个人信息");
    expect(panel.el.querySelector(".answer-meta")!.textContent).toContain("共 2 项，其中敏感个人信息 1 项");
    const items = panel.el.querySelectorAll(".answer-item");
    expect(items).toHaveLength(2);
    const first = items[0];
    expect(first.querySelector(".data-type")!.textContent).toBe("位置信息");
    expect(first.querySelector(".category")!.textContent).toBe("个人位置信息");
    expect(first.querySelector(".badge.sens")!.textContent).toBe("敏感");
    expect(first.querySelector(".reason")!.textContent).toBe("敏感原因：GB/T 35273-2020 附录B：精准定位信息");
    expect(first.querySelector("mark.item")!.textContent).toBe("位置信息");
    expect(first.querySelector(".badge.bold")!.textContent).toBe("加粗条款");
    expect(items[1].querySelector(".wording")!.textContent).toBe("原文说法：“设备型号”、“操作系统版本”");
    expect(items[1].querySelector("mark.item")!.textContent).toBe("设备型号");

    click(first.querySelector(".evidence-open"));
    const ev = PURPOSE_ANSWER.kind === "by_purpose" ? PURPOSE_ANSWER.items[0].evidence[0] : null;
    expect(ctx.openPolicy).toHaveBeenCalledWith(ev!.policy_id, { clause: ev!.clause_span, item: ev!.item_span });
  });

  it("says a sensitive-only answer lists only sensitive types", async () => {
    if (PURPOSE_ANSWER.kind !== "by_purpose") throw new Error("fixture");
    const sensitive: Answer = { ...PURPOSE_ANSWER, purpose: "所有用途", sensitive_only: true, items: PURPOSE_ANSWER.items.filter((i) => i.sensitive) };
    ipc({ ask: () => sensitive });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "腾讯收集哪些敏感个人信息");
    await panel.askQuestion();
    expect(panel.el.querySelector(".answer h2")!.textContent).toBe("腾讯收集的敏感个人信息");
    expect(panel.el.querySelector(".answer-meta")!.textContent).toContain("共 1 项");
    expect(panel.el.querySelector(".answer-meta")!.textContent).not.toContain("其中敏感");
  });

  it("answers which apps collect a data type with one card per app and its clauses", async () => {
    ipc({ ask: () => APPS_ANSWER });
    const { panel, ctx } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "哪些应用会收集人脸信息？");
    await panel.askQuestion();
    expect(panel.el.querySelector(".answer h2")!.textContent).toBe("政策写明收集“人脸信息”的应用（2 个）");
    expect(panel.el.querySelector(".answer-meta")!.textContent).toBe("资料库共 4 个应用，其中 3 个的政策提到这类信息");
    const cards = panel.el.querySelectorAll(".answer-apps .answer-item");
    expect([...cards].map((c) => c.querySelector(".app-name")!.textContent)).toEqual(["快手", "花间"]);
    expect(cards[0].querySelector(".wording")).toBeNull();
    expect(cards[1].querySelector(".wording")!.textContent).toBe("政策中的类型：人脸信息、面部特征");
    click(cards[1].querySelector(".evidence-open"));
    const ev = APPS_ANSWER.kind === "apps" ? APPS_ANSWER.apps[1].evidence[0] : null;
    expect(ctx.openPolicy).toHaveBeenCalledWith("huajian", { clause: ev!.clause_span, item: ev!.item_span });
  });

  it("lists who receives the data as a table of receiver, kind, data and purpose", async () => {
    ipc({ ask: () => RECEIVERS_ANSWER });
    const { panel, ctx } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "花间会把我的信息共享给谁？");
    await panel.askQuestion();
    expect(panel.el.querySelector(".answer h2")!.textContent).toBe("花间会把您的信息提供给谁");
    expect(panel.el.querySelector(".answer-meta")!.textContent).toContain("共 2 个接收方，其中 SDK 1 个");
    expect(panel.el.querySelector(".stance")).toBeNull();
    const rows = panel.el.querySelectorAll(".receivers-table tbody tr");
    expect(rows).toHaveLength(2);
    const cells = [...rows[0].children].map((c) => c.textContent);
    expect(cells.slice(0, 4)).toEqual(["高德地图SDK高德软件有限公司", "SDK", "位置信息、设备标识符", "位置服务"]);
    expect(rows[1].querySelector(".badge")!.textContent).toBe("条款提及");
    expect(rows[0].querySelector("mark.item")!.textContent).toBe("高德地图SDK");
    click(rows[0].querySelector(".evidence-open"));
    const ev = RECEIVERS_ANSWER.kind === "receivers" ? RECEIVERS_ANSWER.receivers[0].evidence[0] : null;
    expect(ctx.openPolicy).toHaveBeenCalledWith(ev!.policy_id, { clause: ev!.clause_span, item: ev!.item_span });
    expect(byText(panel.el, ".answer-uses h3", "声明不共享的条款").parentElement!.querySelector(".clause")!.textContent).toBe("我们不会向第三方出售您的个人信息。");
    // The table exports from the answer: the dialog asks for the format.
    click(panel.el.querySelector(".export-receivers"));
    expect(document.querySelector(".modal h2, .modal [role=heading], .modal")!.textContent).toContain("导出共享与SDK表");
  });

  it("sorts the receivers table by a column, and reverses on a second click", async () => {
    ipc({ ask: () => RECEIVERS_ANSWER });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "花间会把我的信息共享给谁？");
    await panel.askQuestion();
    const names = () => [...panel.el.querySelectorAll(".receivers-table tbody .receiver-name")].map((e) => e.textContent);
    expect(names()).toEqual(["高德地图SDK", "关联公司"]);
    const buttons = panel.el.querySelectorAll(".receivers-table tbody .evidence-open").length;
    const sortBy = (label: string) => byText(panel.el, ".receivers-table thead button.sort", label);
    // 类型: SDK, then third parties, then receivers only named in clauses.
    click(sortBy("类型"));
    expect(names()).toEqual(["高德地图SDK", "关联公司"]);
    expect(sortBy("类型").parentElement!.getAttribute("aria-sort")).toBe("ascending");
    click(sortBy("类型"));
    expect(names()).toEqual(["关联公司", "高德地图SDK"]);
    expect(sortBy("类型").parentElement!.getAttribute("aria-sort")).toBe("descending");
    // 信息: most items first; the other column's mark is cleared.
    click(sortBy("信息"));
    expect(names()).toEqual(["高德地图SDK", "关联公司"]);
    expect(sortBy("类型").parentElement!.getAttribute("aria-sort")).toBe("none");
    // The rows keep their clause buttons.
    expect(panel.el.querySelectorAll(".receivers-table tbody .evidence-open")).toHaveLength(buttons);
  });

  it("says when a policy declares it shares with no one, apart from its exceptions", async () => {
    ipc({ ask: () => ({ ...RECEIVERS_ANSWER, stance: "none_except", receivers: [] }) });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "花间会把我的信息共享给谁？");
    await panel.askQuestion();
    expect(panel.el.querySelector(".stance")!.textContent).toBe("政策声明不共享您的个人信息，但列出了例外情形（见下方条款）。");
    expect(panel.el.querySelector(".receivers-table")).toBeNull();
  });

  it("sends free-text purposes and questions in Chinese", async () => {
    const calls = ipc({ ask: () => DATA_ANSWER });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-purpose-text")!, "直播打赏");
    await panel.askStructured();
    expect(calls[0].args.request).toMatchObject({ purpose: "直播打赏" });
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "花间会把我的位置信息共享给谁？");
    await panel.askQuestion();
    expect(calls[1].args).toEqual({ request: { question: "花间会把我的位置信息共享给谁？" } });
    // by_data: purposes and receivers with evidence
    expect(panel.el.querySelector(".answer h2")!.textContent).toContain("花间如何处理“位置信息”");
    const receivers = byText(panel.el, ".answer-uses h3", "提供给以下接收方").parentElement!;
    expect(receivers.querySelector("strong")!.textContent).toBe("高德地图SDK");
    expect(receivers.querySelector("mark.item")!.textContent).toBe("位置信息");
    expect(receivers.querySelector(".badge.share")!.textContent).toBe("共享");
  });

  it("says a data type no clause shares by name goes where personal information in general goes", async () => {
    const general: Answer = {
      ...(DATA_ANSWER as Extract<Answer, { kind: "by_data" }>),
      receivers: [],
      general_receivers: [
        {
          name: "第三方支付机构",
          evidence: [
            {
              policy_id: "huajian",
              section: "三、我们如何共享",
              clause: "为实现支付功能，我们可能会与第三方支付机构共享您的个人信息。",
              clause_span: { start: 200, end: 231 },
              item_span: { start: 212, end: 219 },
              bold: false,
              action: "share",
              page: null,
            },
          ],
        },
      ],
    };
    ipc({ ask: () => general });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "花间会把我的位置信息共享给谁？");
    await panel.askQuestion();
    const heads = [...panel.el.querySelectorAll(".answer-uses h3")].map((h) => h.textContent);
    expect(heads).not.toContain("提供给以下接收方");
    const section = byText(panel.el, ".answer-uses h3", "政策没有单独写明把它提供给谁；它写明会把个人信息（不单列这一类）共享给").parentElement!;
    expect(section.querySelector("strong")!.textContent).toBe("第三方支付机构");
    expect(section.querySelector(".evidence")!.textContent).toContain("与第三方支付机构共享您的个人信息");
  });

  it("answers a yes/no question with its verdict and clause before the details", async () => {
    const clause = {
      policy_id: "kuaishou",
      section: "一、个人信息的收集和使用 › 1.1 注册、登录",
      clause: "我们仅接收设备所提供的验证结果，不收集或存储您的指纹、面容信息。",
      clause_span: { start: 1699, end: 1740 },
      item_span: { start: 1732, end: 1734 },
      bold: false,
      action: "collect" as const,
    };
    ipc({ ask: () => ({ ...DATA_ANSWER, app: "快手", data_type: "指纹", yes_no: { verdict: "no", evidence: [clause] } }) });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "快手会收集我的指纹吗");
    await panel.askQuestion();
    const verdict = panel.el.querySelector(".answer-verdict.verdict-no")!;
    expect(verdict.querySelector("h2")!.textContent).toBe("否：政策声明不会");
    expect(verdict.textContent).toContain("不收集或存储您的指纹");
    expect(panel.el.querySelector(".answer-data h2")!.textContent).toContain("快手如何处理“指纹”");
  });

  it("shows a clause that says the opposite of a 是 (a policy that contradicts itself)", async () => {
    const said = {
      policy_id: "yitici",
      section: "二、我们如何收集和使用个人信息 › （2）你的面部识别特征",
      clause: "你选择使用某些贴纸时，其可能需要收集你的面部识别特征。",
      clause_span: { start: 4100, end: 4128 },
      item_span: { start: 4120, end: 4126 },
      bold: false,
      action: "collect" as const,
      page: null,
    };
    const denied = { ...said, section: "（一）人脸数据政策", clause: "我们不收集人脸数据。", clause_span: { start: 2706, end: 2716 }, item_span: { start: 2711, end: 2715 } };
    ipc({
      ask: () => ({ ...DATA_ANSWER, app: "易提词", data_type: "人脸信息", yes_no: { verdict: "yes", evidence: [said], contradicted_by: [denied] } }),
    });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "易提词会收集我的人脸信息吗");
    await panel.askQuestion();
    const verdict = panel.el.querySelector(".answer-verdict.verdict-yes")!;
    expect(verdict.querySelector("h2")!.textContent).toBe("是：政策写明了");
    expect(verdict.querySelector(".answer-contradiction")!.textContent).toBe("但政策另有条款说不会：");
    expect(verdict.textContent).toContain("我们不收集人脸数据。");
  });

  it("says who collects data only third parties are said to collect, under the verdict", async () => {
    const said = {
      policy_id: "yitici",
      section: "二、我们如何收集和使用个人信息",
      clause: "上述手机厂商PushSDK可能会收集您的电话号码等参数用于推送消息。",
      clause_span: { start: 300, end: 333 },
      item_span: { start: 320, end: 324 },
      bold: false,
      action: "collect" as const,
      page: null,
    };
    ipc({
      ask: () => ({ ...DATA_ANSWER, app: "易提词", data_type: "手机号码", collected_only_by: ["PushSDK", "第三方支付公司"], yes_no: { verdict: "yes", evidence: [said] } }),
    });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "易提词会收集我的电话号码吗");
    await panel.askQuestion();
    const verdict = panel.el.querySelector(".answer-verdict.verdict-yes")!;
    expect(verdict.querySelector(".answer-third-party")!.textContent).toBe("政策只写明第三方（PushSDK、第三方支付公司）会收集或获得它，没有写易提词自己收集。");
    // Once: under the verdict, not again in the body.
    expect(panel.el.querySelectorAll(".answer-third-party").length).toBe(1);
  });

  it("says when a policy names only a broader type than the one asked, and answers 可能", async () => {
    const clause = {
      policy_id: "youxiaoxiang",
      section: "2、信息收集",
      clause: "在您实名认证时，需提供身份证信息、银行卡信息以验证您的身份。",
      clause_span: { start: 300, end: 331 },
      item_span: { start: 311, end: 316 },
      bold: false,
      action: "collect" as const,
      page: null,
    };
    ipc({
      ask: () => ({
        ...DATA_ANSWER,
        app: "游潇湘",
        data_type: "身份证号码",
        broader_type: "身份证件信息",
        yes_no: { verdict: "possibly", evidence: [clause] },
      }),
    });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "游潇湘会收集我的身份证号吗");
    await panel.askQuestion();
    const verdict = panel.el.querySelector(".answer-verdict.verdict-possibly")!;
    expect(verdict.querySelector("h2")!.textContent).toBe("可能：政策没有单独写明“身份证号码”，但写明了包含它的一类“身份证件信息”");
    expect(verdict.textContent).toContain("需提供身份证信息");
    expect(panel.el.querySelector(".answer-broader")!.textContent).toBe(
      "政策没有单独提到“身份证号码”；以下是它写明的更宽一类“身份证件信息”（可能包含前者）。",
    );
  });

  it("answers how to delete an account with the clauses that say so", async () => {
    const clause = {
      policy_id: "kuaishou",
      section: "四、您的权利 › 注销账号",
      clause: "您可以通过“设置-账号与安全-注销账号”申请注销您的账号。",
      clause_span: { start: 20000, end: 20030 },
      item_span: { start: 20000, end: 20030 },
      bold: true,
      action: "collect" as const,
    };
    ipc({ ask: () => ({ kind: "clauses", app: "快手", policy_title: "快手隐私政策", topic: "delete_account", about: "注销账号", clauses: [clause] }) });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "快手账号怎么注销？");
    await panel.askQuestion();
    expect(panel.el.querySelector(".answer-clauses h2")!.textContent).toBe("快手：注销账号");
    expect(panel.el.querySelector(".answer-clauses")!.textContent).toContain("设置-账号与安全-注销账号");
    ipc({ ask: () => ({ kind: "clauses", app: "快手", policy_title: null, topic: "retention", about: "保存期限", clauses: [] }) });
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "快手会保存多久？");
    await panel.askQuestion();
    expect(panel.el.querySelector(".answer-clauses .empty")!.textContent).toBe("政策中没有找到关于“保存期限”的条款。");
  });

  it("shows the error message (e.g. an unknown app)", async () => {
    ipc({
      ask: () => {
        throw "没有“微博”的隐私政策。已知的应用：快手、腾讯";
      },
    });
    const { panel } = mount();
    typeInto(panel.el.querySelector<HTMLInputElement>(".ask-question")!, "微博收集什么？");
    await panel.askQuestion();
    expect(panel.el.querySelector(".ask-error")!.textContent).toBe("没有“微博”的隐私政策。已知的应用：快手、腾讯");
  });
});
