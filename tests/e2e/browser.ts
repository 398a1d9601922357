// Browser-test plumbing: the built app served on a free port against this worker's database,
// and Debian's Chromium driven by playwright-core.
import AxeBuilder from "@axe-core/playwright";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { createUserSession } from "~/utils/session.server";
import { freePort, launchBrowser } from "../local";

export { launchBrowser };

export const ARTIFACTS = path.resolve("tests/artifacts");
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export async function startServer(extraEnv: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!fs.existsSync("build/index.js")) throw new Error("build/index.js is missing: run `npx remix build` (npm test does)");
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["server.js"], {
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: "production",
      APP_URL: url,
      SESSION_SECRET: "e2e-session-secret-0123456789abcdefghij",
      MFA_SECRET_KEY: "0".repeat(64),
      PII_SECRET_KEY: "1".repeat(64),
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  // Up to a minute: a loaded machine can take that long to load the build.
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** Sign a user in without the login form: a real session, its cookie put in the browser. */
export async function login(context: BrowserContext, baseUrl: string, user: { id: string }) {
  const [pair] = (await createUserSession(user.id)).split(";");
  const [name, value] = pair.split("=");
  await context.addCookies([{ name, value, url: baseUrl, httpOnly: true, sameSite: "Lax" }]);
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Wait until the first match is visible (playwright-core has no test-runner assertions). */
export async function expectVisible(locator: Locator, timeout = 10_000) {
  await locator.first().waitFor({ state: "visible", timeout });
}

/** Wait until the first match's text contains (or, with `exact`, equals) the expected text. */
export async function expectText(locator: Locator, expected: string, exact = false, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let last = "";
  while (Date.now() < deadline) {
    last = (
      await locator
        .first()
        .innerText({ timeout })
        .catch(() => "")
    ).trim();
    if (exact ? last === expected : last.includes(expected)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${exact ? "text" : "text containing"} "${expected}", found "${last}"`);
}

/**
 * Every page of every context of this browser reports Content-Security-Policy violations (the
 * app's policy: app/utils/http-guards.server.ts) into `into`; a violation fails the test file.
 */
function watchCspViolations(browser: Browser, into: string[]) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    // Init scripts come from the browser's automation channel, which the page's CSP does not govern.
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    context.on("console", (message) => {
      const text = message.text();
      if (text.startsWith("CSP violation") || text.includes("Content Security Policy"))
        into.push(`${message.page()?.url() ?? "?"}: ${text}`);
    });
    return context;
  };
}

/** The WCAG 2.1 A and AA rules (China's GB/T 37668 follows WCAG). */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Lines describing each axe violation of the page as it is now; empty when there is none.
 * `analyse` is where axe runs: the page itself, or for a page without JavaScript (where axe cannot
 * run) a copy of its document (`copyWithoutScripts`).
 */
async function accessibilityViolations(page: Page, analyse: Page = page): Promise<string[]> {
  const path = new URL(page.url()).pathname;
  const results = await new AxeBuilder({ page: analyse }).withTags(WCAG_TAGS).analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${path} [${page.viewportSize()?.width ?? "?"}px]: ${v.id} (${v.impact}) ${n.target.join(" ")} — ${v.help}`),
  );
}

/**
 * A page of a context without JavaScript cannot run axe ("Frame cannot run scripts"), so its
 * document as it is now (values typed, errors shown) is served once at its own address to a page
 * that may run scripts, with the app's scripts taken out: same styles, same viewport, same DOM.
 */
async function copyWithoutScripts(page: Page, scratch: Page): Promise<Page> {
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, "");
  const url = page.url();
  await scratch.setViewportSize(page.viewportSize() ?? PHONE);
  await scratch.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }), { times: 1 });
  await scratch.goto(url);
  return scratch;
}

/** Fail now if the page as it is has an accessibility violation (WCAG 2.1 A/AA). */
export async function expectAccessible(page: Page) {
  const violations = await accessibilityViolations(page);
  if (violations.length) throw new Error(`accessibility violations (axe):\n${violations.join("\n")}`);
}

/**
 * Which page a URL shows, for analysing each distinct page once: the path with every segment that
 * carries a digit (ids, item codes, tokens) replaced, and the viewport width. The query string is
 * left out (a list's filters and pages are the same page).
 */
export function pageKey(url: string, width: number | undefined): string {
  const { pathname } = new URL(url);
  const route = pathname
    .split("/")
    .map((segment) => (/\d/.test(segment) ? ":id" : segment))
    .join("/");
  return `${route} @${width ?? "?"}`;
}

/**
 * The pages this run has analysed, shared by every e2e file of the run (they run one after the
 * other in one fork; each file gets fresh modules, so the set lives in a file named for the run's
 * template database, which the global teardown removes with the databases).
 */
function analysedPages() {
  const file = path.join(os.tmpdir(), `${inject("dbTemplate")}_axe_pages.txt`);
  const seen = new Set(fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : []);
  return {
    has: (key: string) => seen.has(key),
    /** Remember a page once its analysis has finished (one cut short by a navigation is not). */
    add(key: string) {
      if (seen.has(key)) return;
      seen.add(key);
      fs.appendFileSync(file, `${key}\n`);
    },
  };
}

/**
 * Every distinct page the browser tests visit (`pageKey`: route and viewport width) is checked
 * with axe once per run, on its first load (a document navigation or a client-side one);
 * violations go into `into` and fail the test file. `page.goto` waits for its page's check and
 * fails the test at once. Later loads of the same page are not analysed again: axe takes far
 * longer than the page, and the rule is "zero violations on every page", not on every load.
 */
function watchAccessibility(browser: Browser, into: string[]) {
  const pages = analysedPages();
  const newContext = browser.newContext.bind(browser);
  // Where the documents of pages without JavaScript are analysed (made on first need).
  let scratch: Promise<Page> | null = null;
  let scratchTurn: Promise<unknown> = Promise.resolve();
  /** Analyse a page without JavaScript through the one scratch page, one document at a time. */
  const analyseCopy = (page: Page) => {
    scratch ??= newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" }).then((c) => c.newPage());
    const turn = scratchTurn
      .catch(() => {})
      .then(async () => accessibilityViolations(page, await copyWithoutScripts(page, await scratch!)));
    scratchTurn = turn;
    return turn;
  };
  browser.newContext = async (options) => {
    const context = await newContext(options);
    const hasScripts = options?.javaScriptEnabled !== false;
    context.on("page", (page) => {
      // One analysis at a time per page (axe refuses to run twice at once).
      let queue: Promise<string[]> = Promise.resolve([]);
      const check = () => {
        queue = queue
          .catch(() => [])
          .then(async () => {
            const key = pageKey(page.url(), page.viewportSize()?.width);
            if (pages.has(key)) return [];
            const found = hasScripts ? await accessibilityViolations(page) : await analyseCopy(page);
            pages.add(key);
            into.push(...found);
            return found;
          })
          // The page navigated on or closed meanwhile: its next load is checked instead.
          .catch(() => []);
        return queue;
      };
      page.on("load", () => void check());
      page.on("framenavigated", (frame) => {
        // Same-document (client-side) navigations fire no load event.
        if (frame !== page.mainFrame()) return;
        void page
          .evaluate(() => document.readyState)
          .then(
            (state) => {
              if (state === "complete") void check();
            },
            () => {},
          );
      });
      const goto = page.goto.bind(page);
      page.goto = async (url, options) => {
        const response = await goto(url, options);
        const found = await check();
        if (found.length) throw new Error(`accessibility violations (axe):\n${found.join("\n")}`);
        return response;
      };
    });
    return context;
  };
}

/** Start the app and a browser for the test file, and stop both after it. */
type AppAndBrowser = {
  server: Awaited<ReturnType<typeof startServer>>;
  browser: Browser;
  /** A new signed-in page (Chinese locale, Beijing time) in its own browser context. */
  pageFor: (user: { id: string }, viewport: { width: number; height: number }) => Promise<Page>;
};

export function useAppAndBrowser() {
  const env = {
    pageFor: async (user, viewport) => {
      const context = await env.browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
      await login(context, env.server.url, user);
      return context.newPage();
    },
  } as AppAndBrowser;
  const cspViolations: string[] = [];
  const a11yViolations: string[] = [];
  beforeAll(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
    watchCspViolations(env.browser, cspViolations);
    watchAccessibility(env.browser, a11yViolations);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
    if (cspViolations.length) throw new Error(`Content-Security-Policy violations:\n${[...new Set(cspViolations)].join("\n")}`);
    if (a11yViolations.length) throw new Error(`accessibility violations (axe):\n${[...new Set(a11yViolations)].join("\n")}`);
  });
  return env;
}
