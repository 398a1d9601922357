// Waiting for what a worker, a queue or a replica does in the background: poll `check` until it
// holds, or fail the test after `timeoutMs`.
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error("condition not met in time");
}
