// zod compiles object schemas with `new Function` when it may; the pages' Content-Security-Policy
// forbids eval, and zod's probe for it would be reported as a violation, so zod interprets instead.
// Imported first by app/root.tsx: the setting is read when a schema is built, and the root route
// module is the first the browser evaluates.
import { z } from "zod";

z.config({ jitless: true });
