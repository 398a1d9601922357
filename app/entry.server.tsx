import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/utils/nonce";

// server.js takes its guards from the build, so they share the app's limits and messages.
export * as httpGuards from "~/utils/http-guards.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Every inline script of the page carries the nonce its Content-Security-Policy names.
  const nonce = loadContext?.cspNonce ?? "";
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Cleared when the page is out: a pending timer would keep the whole render (the request's
    // React tree and loader data) alive for ABORT_DELAY after the answer, for the GC to carry.
    let abortTimer: ReturnType<typeof setTimeout> | undefined = undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          body.once("finish", () => clearTimeout(abortTimer));
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    abortTimer = setTimeout(abort, ABORT_DELAY);
  });
}

/** Unexpected errors are logged once, with the request id the error page shows. */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  const requestId = (context as { requestId?: string } | undefined)?.requestId ?? "-";
  // A fields object first: in production (server.js routes console to the JSON logger) these
  // become fields of the log line.
  console.error({ requestId, method: request.method, path: new URL(request.url).pathname }, "unhandled error", error);
}

// What server.js (plain JavaScript) needs from the app: the build is its only way in.
export { createLogger, routeConsoleToLogger } from "~/utils/log.server";
export { runWebStartupChecks } from "~/utils/startup.server";
