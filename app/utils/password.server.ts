import { hash, verify } from "@node-rs/argon2";

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * How many password verifications this process ran. Read by the throttling tests, which must
 * prove that parallel tries never get more checks than the limit; costs one increment.
 */
export const passwordVerifications = { count: 0 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  passwordVerifications.count++;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
