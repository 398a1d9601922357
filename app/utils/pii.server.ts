// Personal information in the clue ledger (PIPL): patients' and complainants' names and ID
// numbers. Each value is kept three ways: sealed with AES-256-GCM (node:crypto; the field name is
// the associated data, so a ciphertext moved to another column does not open), an HMAC-SHA256
// keyed hash for matching the same person across records without decrypting, and a masked
// form for every page. Both keys are derived (HKDF) from PII_SECRET_KEY.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { piiSecretKey } from "~/utils/env.server";

export type PiiField = "patient_name" | "patient_id" | "complainant_name" | "complainant_phone" | "complainant_id";

const SEAL_VERSION = "p1";
let keys: { enc: Buffer; mac: Buffer } | null = null;

function piiKeys() {
  if (!keys) {
    const master = piiSecretKey();
    keys = {
      enc: Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), "zicha-pii-encryption", 32)),
      mac: Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), "zicha-pii-keyed-hash", 32)),
    };
  }
  return keys;
}

/** Seal one value: "p1:iv:ciphertext:tag" (base64 parts). */
export function sealPii(field: PiiField, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", piiKeys().enc, iv);
  cipher.setAAD(Buffer.from(field));
  const ciphertext = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return [SEAL_VERSION, iv.toString("base64"), ciphertext.toString("base64"), cipher.getAuthTag().toString("base64")].join(":");
}

/** Open a sealed value; throws when it was sealed for another field or altered. */
export function openPii(field: PiiField, sealed: string): string {
  const [version, iv, ciphertext, tag] = sealed.split(":");
  if (version !== SEAL_VERSION || !iv || ciphertext === undefined || !tag) throw new Error("unknown sealed value format");
  const decipher = createDecipheriv("aes-256-gcm", piiKeys().enc, Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(field));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
}

/** The keyed hash of a value (hex): equal values of one field hash alike, nothing else can be read from it. */
export function hashPii(field: PiiField, value: string): string {
  return createHmac("sha256", piiKeys().mac).update(`${field}\u0000${value}`).digest("hex");
}
