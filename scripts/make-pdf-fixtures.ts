// Regenerates the PDF fixtures of the notice importer tests (checklists/fixtures/pdf):
//   text.pdf     — a corpus notice printed by Chromium: a real text layer with embedded CJK fonts
//   scanned.pdf  — the same page as a picture only, as a scanner would produce it
// Usage: npx tsx scripts/make-pdf-fixtures.ts   (needs Debian's chromium and fonts-noto-cjk)
import fs from "node:fs";
import path from "node:path";
import { launchBrowser } from "../tests/local";

const OUT = path.resolve("checklists/fixtures/pdf");
const SOURCE = path.resolve("checklists/fixtures/corpus/01-shenyang-qa.txt");

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const page = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>
  body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC",serif;font-size:11pt;line-height:1.5;margin:0}
  p{margin:0 0 2pt}</style></head><body>${body}</body></html>`;

const browser = await launchBrowser();
try {
  fs.mkdirSync(OUT, { recursive: true });
  const lines = fs.readFileSync(SOURCE, "utf8").trim().split("\n");
  const html = page(lines.map((l) => `<p>${esc(l)}</p>`).join(""));
  const tab = await browser.newPage({ viewport: { width: 794, height: 1123 } });
  await tab.setContent(html);
  await tab.pdf({ path: path.join(OUT, "text.pdf"), format: "A4", margin: { top: "15mm", bottom: "15mm", left: "15mm", right: "15mm" } });
  // The scan: a greyscale JPEG of the page, alone on a PDF page.
  const shot = await tab.screenshot({ fullPage: true, type: "jpeg", quality: 40 });
  await tab.setContent(page(`<img style="width:100%" src="data:image/jpeg;base64,${shot.toString("base64")}">`));
  await tab.pdf({ path: path.join(OUT, "scanned.pdf"), format: "A4" });
  console.log(
    `written: ${fs
      .readdirSync(OUT)
      .map((f) => `${f} ${fs.statSync(path.join(OUT, f)).size} B`)
      .join(", ")}`,
  );
} finally {
  await browser.close();
}
