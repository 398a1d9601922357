// Second-factor primitives: TOTP (RFC 6238) through @oslojs/otp, secrets sealed with
// AES-256-GCM (node:crypto) under MFA_SECRET_KEY, recovery codes stored as SHA-256.
// No protocol code of our own: the library computes and compares the codes.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import QRCode from "qrcode";
import { mfaSecretKey } from "~/utils/env.server";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes of the step before and after the current one are accepted too (clock drift). */
const TOTP_DRIFT_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;

const SEAL_VERSION = "v1";

/**
 * Encrypt a TOTP key for storage. The user id is authenticated data, so a sealed secret copied
 * to another user's row does not open.
 */
export function sealSecret(key: Uint8Array, userId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", mfaSecretKey(), iv);
  cipher.setAAD(Buffer.from(userId));
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return [SEAL_VERSION, iv.toString("base64"), ciphertext.toString("base64"), cipher.getAuthTag().toString("base64")].join(":");
}

export function openSecret(sealed: string, userId: string): Uint8Array {
  const [version, iv, ciphertext, tag] = sealed.split(":");
  if (version !== SEAL_VERSION || !iv || !ciphertext || !tag) throw new Error("unknown sealed secret format");
  const decipher = createDecipheriv("aes-256-gcm", mfaSecretKey(), Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]));
}

/** A new 160-bit TOTP key (RFC 4226 recommends 160 bits). */
export function newTotpKey(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

/** The key as authenticator apps want it typed in: base32, in groups of four. */
export function formatTotpKey(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, "$1 ");
}

export function parseTotpKey(text: string): Uint8Array {
  return decodeBase32IgnorePadding(text.replace(/\s+/g, "").toUpperCase());
}

export function totpStep(now: Date = new Date()): number {
  return Math.floor(now.getTime() / (TOTP_PERIOD_SECONDS * 1000));
}

/**
 * The time step whose code `code` is, within the allowed drift, or null. The caller accepts it
 * only if it is newer than the last step used (replay guard, kept in the database).
 */
export function matchTotpStep(key: Uint8Array, code: string, now: Date = new Date()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = totpStep(now);
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, code)) return step;
  }
  return null;
}

export function totpUri(key: Uint8Array, issuer: string, accountName: string): string {
  return createTOTPKeyURI(issuer, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The enrolment QR code as inline SVG (no image request, nothing for a CSP to block). */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}

/** Ten one-time codes of 60 bits each, shown once as xxxx-xxxx-xxxx (base32, lower case). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    encodeBase32UpperCaseNoPadding(randomBytes(8))
      .slice(0, 12)
      .toLowerCase()
      .replace(/(.{4})(?=.)/g, "$1-"),
  );
}

/** What is stored for a recovery code; spaces, dashes and case do not matter when typed. */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
}

export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, "").toLowerCase();
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z2-7]{12}$/.test(normalizeRecoveryCode(code));
}
