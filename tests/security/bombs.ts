// Decompression bombs built on the fly with a zip library (yazl): a few hundred megabytes of
// zeros inside a real-looking .xlsx or .docx that compresses to well under a megabyte.
import { Readable } from "node:stream";
import yazl from "yazl";

const MiB = 1024 * 1024;

function zeros(bytes: number): Readable {
  const block = Buffer.alloc(MiB);
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, block.length);
      left -= n;
      this.push(n === block.length ? block : block.subarray(0, n));
    },
  });
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`;

async function collect(zip: yazl.ZipFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve, reject) => {
    zip.outputStream.once("end", resolve);
    zip.outputStream.once("error", reject);
  });
  zip.end();
  await done;
  return Buffer.concat(chunks);
}

/**
 * A zip whose `bigEntry` inflates to `unpackedMb` MiB of zeros. With `lie`, its central-directory
 * record declares 1 KiB instead (the local header and data descriptor keep the truth), as a
 * crafted bomb would to pass a check of declared sizes.
 */
export async function buildBomb(opts: { kind: "xlsx" | "docx"; unpackedMb: number; lie?: boolean }): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const bigEntry = opts.kind === "xlsx" ? "xl/worksheets/sheet1.xml" : "word/document.xml";
  zip.addBuffer(Buffer.from(CONTENT_TYPES), "[Content_Types].xml");
  zip.addReadStream(zeros(opts.unpackedMb * MiB), bigEntry, { compressionLevel: 9 });
  const bytes = await collect(zip);
  return opts.lie ? withLyingSize(bytes, opts.kind) : bytes;
}

/** A copy of a bomb from buildBomb whose big entry declares 1 KiB in the central directory. */
export function withLyingSize(bomb: Buffer, kind: "xlsx" | "docx"): Buffer {
  const copy = Buffer.from(bomb);
  declareSize(copy, kind === "xlsx" ? "xl/worksheets/sheet1.xml" : "word/document.xml", 1024);
  return copy;
}

/** Overwrite the uncompressed size in the central-directory record of `name`. */
function declareSize(zip: Buffer, name: string, size: number) {
  const nameBytes = Buffer.from(name);
  for (let at = zip.length - 22; at >= 0; at--) {
    if (zip.readUInt32LE(at) !== 0x02014b50) continue; // central directory file header
    const nameLength = zip.readUInt16LE(at + 28);
    if (nameLength === nameBytes.length && zip.subarray(at + 46, at + 46 + nameLength).equals(nameBytes)) {
      zip.writeUInt32LE(size, at + 24);
      return;
    }
  }
  throw new Error(`no central directory record for ${name}`);
}

/** A zip of many tiny entries. */
export async function buildManyEntries(count: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(CONTENT_TYPES), "[Content_Types].xml");
  for (let i = 0; i < count; i++) zip.addBuffer(Buffer.from("x"), `xl/media/part${i}.xml`, { compress: false });
  return collect(zip);
}
