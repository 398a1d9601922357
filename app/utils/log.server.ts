// Structured logs: one JSON object per line on stdout (pino), with the request id where there
// is one, so journald / a log shipper can index them. server.js builds the same for the web
// process's access log; the worker and the app's error paths use this module.
import { format } from "node:util";
import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger(service: "web" | "worker" | "ops", level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } });
}

/**
 * Send everything written with console.* through the logger as JSON lines too, so a library's
 * or a module's console message does not break the one-object-per-line stream in production.
 */
export function routeConsoleToLogger(logger: Logger) {
  const isFields = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
  const write =
    (level: "info" | "warn" | "error") =>
    (...args: unknown[]) => {
      // console.error({ requestId }, "message", error): a plain object first carries fields.
      const fields = isFields(args[0]) && args.length > 1 ? (args.shift() as Record<string, unknown>) : {};
      const error = args.find((a): a is Error => a instanceof Error);
      const message = format(...args.filter((a) => a !== error));
      logger[level](error ? { ...fields, err: error } : fields, message);
    };
  console.log = write("info");
  console.info = write("info");
  console.warn = write("warn");
  console.error = write("error");
}
