// GET /readyz — readiness for the load balancer and systemd: 200 when PostgreSQL, Redis and
// evidence storage answer, 503 otherwise. No session: the body says only which dependency
// failed (details go to the log, with the request id). /healthz (liveness) is in server.js.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkReadiness } from "~/models/health.server";
import { sqlClient } from "~/utils/db.server";
import { getQueueConnection } from "~/utils/queue.server";
import { getEvidenceStorage } from "~/utils/storage.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const readiness = await checkReadiness({
    sql: sqlClient,
    // The producer connection the queues share (fails fast when Redis is away).
    redis: async () => getQueueConnection(),
    storage: getEvidenceStorage(),
  });
  const failed = Object.entries(readiness.checks).filter(([, c]) => !c.ok);
  if (failed.length > 0) {
    const requestId = (context as { requestId?: string }).requestId;
    console.error({ requestId, failed: Object.fromEntries(failed) }, "not ready");
  }
  const body = {
    status: readiness.ok ? "ready" : "not ready",
    checks: Object.fromEntries(Object.entries(readiness.checks).map(([name, c]) => [name, { ok: c.ok, ms: c.ms }])),
  };
  return new Response(JSON.stringify(body), {
    status: readiness.ok ? 200 : 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
