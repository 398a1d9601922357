// A regulator reads an institution's tier and factors, overrides it with a written reason,
// draws an inspection sample and verifies it — on a desktop and on a phone.
import { sql } from "drizzle-orm";
import { describe, it } from "vitest";
import { recomputeRisk } from "~/models/risk.server";
import { db } from "~/utils/db.server";
import { DESKTOP, expectText, expectVisible, PHONE, screenshot, useAppAndBrowser } from "./browser";
import { scenario } from "./scenario";

const app = useAppAndBrowser();

const { pageFor } = app;

describe("risk tiers and sampling in the browser", () => {
  it("tier card, override with reason, sample drawn and verified", async () => {
    const s = await scenario();
    const ids = await db.execute<{ id: string }>(sql`select id from institutions`);
    await recomputeRisk(
      db,
      ids.map((r) => r.id),
      "seed",
    );

    const desk = await pageFor(s.regulator, DESKTOP);
    await desk.goto(`${app.server.url}/reg/risk`);
    await expectVisible(desk.getByRole("heading", { name: "风险分级" }));
    await screenshot(desk, "risk-list-1280");
    await desk.getByRole("link", { name: "查看评分规则" }).click();
    await expectVisible(desk.getByRole("heading", { name: "风险等级与现场检查频次" }));
    await expectVisible(desk.getByRole("cell", { name: "每 3 个月一次" }));
    await screenshot(desk, "risk-rules-1280");
    await desk.goto(`${app.server.url}/reg/risk`);
    await desk.getByRole("link", { name: "南阳卧龙仁和医院" }).click();
    await expectVisible(desk.getByRole("heading", { name: "南阳卧龙仁和医院" }));
    await expectVisible(desk.getByRole("cell", { name: "检查发现未自查上报的问题" }));
    await expectVisible(desk.getByText("尚未检查"));

    await desk.getByLabel("调整为").selectOption("D");
    await desk.getByLabel("调整理由").fill("收到举报线索，核查期间列为重点监管对象");
    await desk.getByRole("button", { name: "保存调整" }).click();
    await expectText(desk.getByRole("status"), "已调整风险等级");
    await expectText(desk.locator(".risk-override"), "收到举报线索");
    await screenshot(desk, "risk-institution-1280");

    const phone = await pageFor(s.regulator, PHONE);
    await phone.goto(`${app.server.url}/reg/risk`);
    await expectVisible(phone.getByText("人工调整").first());
    await screenshot(phone, "risk-list-390");
    await phone.goto(desk.url());
    await expectVisible(phone.getByText("人工调整").first());
    await screenshot(phone, "risk-institution-390");

    await desk.goto(`${app.server.url}/reg/samples/new`);
    await desk.getByLabel("抽查名称").fill("2026年第四季度双随机检查");
    await screenshot(desk, "sample-new-1280");
    await desk.getByRole("button", { name: "抽取" }).click();
    await expectText(desk.getByRole("status"), "已抽取");
    await expectVisible(desk.getByText("重点监管", { exact: true }));
    await desk.getByRole("button", { name: "复核抽取结果" }).click();
    await expectText(desk.locator(".risk-verify"), "复核一致");
    await screenshot(desk, "sample-1280");

    await phone.goto(desk.url());
    await expectVisible(phone.getByText("重点监管", { exact: true }));
    await screenshot(phone, "sample-390");
  });
});
