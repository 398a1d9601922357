import { Writable } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
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
  // The pages have no Suspense boundaries of their own: once the shell is out, only the loader
  // data's inline scripts follow, a moment later. So the document is rendered whole and sent as
  // one buffer with its length — one socket write instead of one per chunk (decision 030);
  // crawlers always got it whole; now every client does, byte for byte the same markup.
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // The status as it stood when the shell was out (an error after it, logged, kept it).
    let shellStatus = responseStatusCode;
    // Cleared when the page is out: a pending timer would keep the whole render (the request's
    // React tree and loader data) alive for ABORT_DELAY after the answer, for the GC to carry.
    let abortTimer: ReturnType<typeof setTimeout> | undefined = undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
          shellStatus = responseStatusCode;
        },
        onAllReady() {
          const chunks: Buffer[] = [];
          const body = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              clearTimeout(abortTimer);
              const html = Buffer.concat(chunks);
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              responseHeaders.set("Content-Length", String(html.length));
              resolve(new Response(html, { headers: responseHeaders, status: shellStatus }));
              done();
            },
          });
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
