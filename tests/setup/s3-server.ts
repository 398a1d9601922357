// A real S3-protocol server (s3rver) on a free local port, storing into a fresh temp dir.
import fs from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
// @ts-expect-error s3rver ships no type declarations; the little used here is typed below.
import S3rverUntyped from "s3rver";

type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void>; httpServer: Server };
type S3rverOptions = {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
};
const S3rver = S3rverUntyped as new (options: S3rverOptions) => S3rverInstance;

export type TestS3Server = {
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps the bucket on disk. */
  directory: string;
  /** s3rver's fixed credentials. */
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
};

export async function startS3Server(bucket = "zicha-evidence"): Promise<TestS3Server> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "zicha-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    directory,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    async stop() {
      const closed = server.close();
      // SDK clients keep connections alive; without this, close() waits for them to time out.
      server.httpServer.closeAllConnections();
      await closed;
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
