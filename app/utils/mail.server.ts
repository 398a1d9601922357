// Outgoing mail over SMTP (nodemailer). Notices are plain Chinese text with a link; the HTML
// part is the same text, escaped, with the link as a button.
import nodemailer, { type Transporter } from "nodemailer";
import { msgs } from "~/utils/i18n";

export type Mailer = Transporter;

/** A pooled SMTP transport (connections are reused across sends) unless the URL says otherwise. */
export function createMailer(smtpUrl: string): Mailer {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has("pool")) url.searchParams.set("pool", "true");
  return nodemailer.createTransport(url.toString());
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function renderNoticeEmail(notice: { subject: string; bodyText: string; linkPath: string }, appUrl: string, linkLabel?: string) {
  const link = new URL(notice.linkPath, appUrl).toString();
  const m = msgs().notices;
  const text = `${notice.bodyText}\n\n${m.emailFooter}\n${link}\n`;
  const paragraphs = notice.bodyText
    .split("\n")
    .map((line) => `<p style="margin:0 0 12px">${escapeHtml(line)}</p>`)
    .join("");
  const html = `<!doctype html><html lang="zh-CN"><body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;color:#1f2933;line-height:1.6">
<div style="max-width:560px;margin:0 auto;padding:16px">
<h2 style="color:#1d4e89;font-size:18px">${escapeHtml(notice.subject)}</h2>${paragraphs}
<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#1d4e89;color:#fff;padding:8px 16px;border-radius:6px;text-decoration:none">${escapeHtml(linkLabel ?? m.openLink)}</a></p>
<p style="color:#5f6b7a;font-size:12px">${escapeHtml(m.emailFooter)}<br>${escapeHtml(link)}</p>
</div></body></html>`;
  return { text, html };
}
