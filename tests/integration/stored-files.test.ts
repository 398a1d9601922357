// The stored-file model (app/models/stored-file.server.ts): permission is checked before a byte
// of an upload is read, so a refused upload leaves nothing in temp or in storage.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evidenceFiles, inspectionAttachments } from "~db/schema";
import { createInspection } from "~/models/inspection.server";
import * as evidenceRoute from "~/routes/inst.assessments.$assessmentId.items.$itemCode.evidence";
import * as attachmentsRoute from "~/routes/reg.inspections.$inspectionId.attachments";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { getEvidenceStorage } from "~/utils/storage.server";
import { BASE_URL, sessionCookieFor } from "../helpers";
import { openDemoCampaign, regionScope } from "./fixtures";

// Each test uploads bytes of its own: stored objects outlive the per-test database reset.
const pdfOf = (label: string) => Buffer.from(`%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n% ${label}\n`);
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let tempDir: string;
let previousTempDir: string | undefined;
beforeEach(async () => {
  previousTempDir = process.env.UPLOAD_TMP_DIR;
  tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "zicha-stored-files-"));
  process.env.UPLOAD_TMP_DIR = tempDir;
});
afterEach(async () => {
  if (previousTempDir === undefined) delete process.env.UPLOAD_TMP_DIR;
  else process.env.UPLOAD_TMP_DIR = previousTempDir;
  await fs.rm(tempDir, { recursive: true, force: true });
});

/** A multipart upload whose body records whether anything read it. */
async function trackedUpload(url: string, user: { id: string }, pdf: Buffer) {
  const form = new FormData();
  form.append("files", new File([new Uint8Array(pdf)], "整改报告.pdf", { type: "application/pdf" }));
  const encoded = new Response(form);
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  const tracker = { bodyRead: false };
  // highWaterMark 0: the stream asks for bytes only when someone reads it.
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        tracker.bodyRead = true;
        controller.enqueue(bytes);
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request(url, {
    method: "POST",
    body,
    duplex: "half",
    headers: { Cookie: await sessionCookieFor(user.id), Origin: BASE_URL, "Content-Type": encoded.headers.get("Content-Type")! },
  } as RequestInit);
  return { request, tracker };
}

async function run(action: (args: never) => unknown, request: Request, params: Record<string, string>) {
  try {
    return (await action({ request, params, context: { requestId: "t", clientIp: "127.0.0.1" } } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const tempFiles = async () => (await fs.readdir(tempDir, { recursive: true })).filter((f) => !f.endsWith("/"));

describe("stored files: permission before bytes", () => {
  it("evidence: another institution's upload is 404 and its body is never read — nothing in temp, nothing stored", async () => {
    const s = await openDemoCampaign();
    const [item] = await db.execute<{ code: string }>(
      sql`select ci.code from checklist_items ci join campaigns c on c.checklist_version_id = ci.version_id
        where c.id = ${s.campaign.id} and ci.applies_to @> array['hospital']::text[] order by ci.position limit 1`,
    );
    const pdf = pdfOf("evidence");
    const SHA = sha256(pdf);
    const url = `${BASE_URL}/inst/assessments/${s.assessmentId}/items/${item.code}/evidence`;
    const params = { assessmentId: s.assessmentId, itemCode: item.code };

    const outsider = await trackedUpload(url, s.pharmacyOfficer, pdf);
    expect((await run(evidenceRoute.action, outsider.request, params)).status).toBe(404);
    expect(outsider.tracker.bodyRead).toBe(false);
    expect(await tempFiles()).toEqual([]);
    expect(await getEvidenceStorage().exists(SHA)).toBe(false);

    // The same upload by the institution's officer goes through (the tracker sees the body read).
    const own = await trackedUpload(url, s.officer, pdf);
    expect((await run(evidenceRoute.action, own.request, params)).status).toBe(302);
    expect(own.tracker.bodyRead).toBe(true);
    expect(await getEvidenceStorage().exists(SHA)).toBe(true);
    expect(await db.$count(evidenceFiles, eq(evidenceFiles.sha256, SHA))).toBe(1);
    expect(await tempFiles()).toEqual([]);
  });

  it("inspection attachments: a regulator outside the inspection's region is refused before the body is read", async () => {
    const s = await openDemoCampaign();
    const created = await createInspection(
      db,
      regionScope(s.wolongRegulator),
      {
        institutionId: s.hospital.id,
        type: "on_site",
        inspectedOn: todayLocal(),
        inspectorNames: "张三",
        inspectorIds: [],
        summary: "",
        sampleId: undefined,
      },
      todayLocal(),
    );
    if (!created.ok) throw new Error(JSON.stringify(created));
    const inspectionId = created.value.id;
    const url = `${BASE_URL}/reg/inspections/${inspectionId}/attachments`;
    const pdf = pdfOf("attachment");
    const SHA = sha256(pdf);

    const outsider = await trackedUpload(url, s.wanchengRegulator, pdf);
    expect((await run(attachmentsRoute.action, outsider.request, { inspectionId })).status).toBe(404);
    expect(outsider.tracker.bodyRead).toBe(false);
    expect(await tempFiles()).toEqual([]);
    expect(await getEvidenceStorage().exists(SHA)).toBe(false);
    expect(await db.$count(inspectionAttachments)).toBe(0);

    const own = await trackedUpload(url, s.wolongRegulator, pdf);
    expect((await run(attachmentsRoute.action, own.request, { inspectionId })).status).toBe(302);
    expect(own.tracker.bodyRead).toBe(true);
    expect(await db.$count(inspectionAttachments, eq(inspectionAttachments.sha256, SHA))).toBe(1);
    expect(await tempFiles()).toEqual([]);
  });
});
