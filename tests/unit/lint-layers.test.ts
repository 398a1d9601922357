// The layer rules of eslint.config.js, each tried on a small bad snippet (and the allowed
// counterpart), so that a rule that stops matching fails here rather than silently.
import fs from "node:fs/promises";
import path from "node:path";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const eslint = new ESLint({ cwd: root });

/** Lint `code` as if it were the file at `filePath` (relative to the repository); the rule ids it breaks. */
async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  expect(result.messages.filter((m) => m.ruleId === null)).toEqual([]); // parse errors, ignored files
  return [...new Set(result.messages.map((m) => m.ruleId!))].sort();
}

const LAYER = "import-x/no-restricted-paths";
const STYLE = "no-restricted-imports";

describe("layer rules", { timeout: 60_000 }, () => {
  it("routes never import db/", async () => {
    expect(await rulesBroken("app/routes/lint-fixture.tsx", `import { users } from "~db/schema";\nexport const x = users;\n`)).toContain(
      LAYER,
    );
  });

  it("routes never import jobs/ (they enqueue through ~/utils/queue.server)", async () => {
    expect(
      await rulesBroken(
        "app/routes/lint-fixture.tsx",
        `import { enqueueEmails } from "~jobs/producers";\nexport const x = enqueueEmails;\n`,
      ),
    ).toContain(LAYER);
    expect(
      await rulesBroken("app/routes/lint-fixture.tsx", `import { enqueue } from "~/utils/queue.server";\nexport const x = enqueue;\n`),
    ).toEqual([]);
  });

  it("routes never import another route", async () => {
    const broken = await rulesBroken(
      "app/routes/lint-fixture.tsx",
      `import { loader } from "~/routes/reg._index";\nexport const x = loader;\n`,
    );
    expect(broken).toEqual(expect.arrayContaining([LAYER, STYLE]));
  });

  it("components never import *.server modules, db/ or jobs/", async () => {
    const file = "app/components/lint-fixture.tsx";
    expect(await rulesBroken(file, `import { db } from "~/utils/db.server";\nexport const x = db;\n`)).toContain(LAYER);
    expect(await rulesBroken(file, `import { users } from "~db/schema";\nexport const x = users;\n`)).toContain(LAYER);
    expect(await rulesBroken(file, `import { QUEUE_NAMES } from "~jobs/queues";\nexport const x = QUEUE_NAMES;\n`)).toContain(LAYER);
    expect(await rulesBroken(file, `import { formatFen } from "~/utils/money";\nexport const x = formatFen;\n`)).toEqual([]);
  });

  it("list definitions never import *.server modules, db/ or jobs/ (the kit's server helpers may)", async () => {
    const file = "app/lists/lint-fixture.tsx";
    expect(await rulesBroken(file, `import { db } from "~/utils/db.server";\nexport const x = db;\n`)).toContain(LAYER);
    expect(await rulesBroken(file, `import { users } from "~db/schema";\nexport const x = users;\n`)).toContain(LAYER);
    expect(await rulesBroken(file, `import { QUEUE_NAMES } from "~jobs/queues";\nexport const x = QUEUE_NAMES;\n`)).toContain(LAYER);
    expect(await rulesBroken(file, `import { defineList } from "~/lists/define-list";\nexport const x = defineList;\n`)).toEqual([]);
    expect(
      await rulesBroken("app/lists/lint-fixture.server.ts", `import { db } from "~/utils/db.server";\nexport const x = db;\n`),
    ).toEqual([]);
  });

  it("schemas never import *.server modules, db/ or jobs/", async () => {
    const file = "app/schemas/lint-fixture.ts";
    expect(await rulesBroken(file, `import { env } from "~/utils/env.server";\nexport const x = env;\n`)).toContain(LAYER);
    expect(await rulesBroken(file, `import { users } from "~db/schema";\nexport const x = users;\n`)).toContain(LAYER);
    expect(await rulesBroken(file, `import { QUEUE_NAMES } from "~jobs/queues";\nexport const x = QUEUE_NAMES;\n`)).toContain(LAYER);
  });

  it("domain rules never import models or server modules", async () => {
    const file = "app/domain/lint-fixture.ts";
    expect(await rulesBroken(file, `import { recordAudit } from "~/models/audit.server";\nexport const x = recordAudit;\n`)).toContain(
      LAYER,
    );
  });

  it("db/ never imports the app, jobs/ or seeds/", async () => {
    const file = "db/schema/lint-fixture.ts";
    expect(
      await rulesBroken(file, `import { INSTITUTION_KINDS } from "~/domain/vocabulary";\nexport const x = INSTITUTION_KINDS;\n`),
    ).toContain(LAYER);
    expect(await rulesBroken(file, `import { QUEUE_NAMES } from "~jobs/queues";\nexport const x = QUEUE_NAMES;\n`)).toContain(LAYER);
    expect(await rulesBroken(file, `import { seedRisk } from "../../seeds/risk";\nexport const x = seedRisk;\n`)).toContain(LAYER);
  });

  it("seeds may import models (and the app never imports seeds)", async () => {
    expect(
      await rulesBroken(
        "seeds/lint-fixture.ts",
        `import { createCampaign } from "~/models/campaign.server";\nexport const x = createCampaign;\n`,
      ),
    ).toEqual([]);
    expect(
      await rulesBroken("app/models/lint-fixture.server.ts", `import { seedRisk } from "../../seeds/risk";\nexport const x = seedRisk;\n`),
    ).toContain(LAYER);
  });

  it("models return data: no redirect, data() or download response built in a model", async () => {
    const file = "app/models/lint-fixture.server.ts";
    expect(await rulesBroken(file, `import { redirect } from "@remix-run/node";\nexport const x = redirect;\n`)).toContain(STYLE);
    expect(
      await rulesBroken(file, `import { downloadResponse } from "~/utils/download.server";\nexport const x = downloadResponse;\n`),
    ).toContain(STYLE);
    expect(await rulesBroken(file, `import { xlsxFile } from "~/utils/download.server";\nexport const x = xlsxFile;\n`)).toEqual([]);
  });

  it("one import style: no relative imports inside app/, aliases across top-level folders", async () => {
    expect(
      await rulesBroken(
        "app/models/lint-fixture.server.ts",
        `import { recordAudit } from "./audit.server";\nexport const x = recordAudit;\n`,
      ),
    ).toContain(STYLE);
    expect(await rulesBroken("jobs/lint-fixture.ts", `import { db } from "../app/utils/db.server";\nexport const x = db;\n`)).toContain(
      STYLE,
    );
    expect(await rulesBroken("jobs/lint-fixture.ts", `import { db } from "~/utils/db.server";\nexport const x = db;\n`)).toEqual([]);
  });
});

describe("import cycles", { timeout: 60_000 }, () => {
  const dir = path.join(root, "tests/unit/.lint-cycle-tmp");
  beforeAll(async () => {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, "a.ts"), `import { b } from "./b";\nexport const a = () => b();\n`);
    await fs.writeFile(path.join(dir, "b.ts"), `import { a } from "./a";\nexport const b = () => a;\n`);
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("two modules that import each other are refused", async () => {
    const [result] = await eslint.lintFiles([path.join(dir, "a.ts")]);
    expect(result.messages.map((m) => m.ruleId)).toContain("import-x/no-cycle");
  });
});
