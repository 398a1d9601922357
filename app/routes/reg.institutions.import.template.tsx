// The roster template (.xlsx with drop-down lists and notes, or a UTF-8 .csv header).
import { downloadResponse } from "~/utils/download.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getRosterTemplate } from "~/models/roster.server";
import { requireRegulator } from "~/utils/permissions.server";

const querySchema = z.object({ format: z.enum(["xlsx", "csv"]).catch("xlsx") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRegulator(request);
  const { format } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return downloadResponse(await getRosterTemplate(format));
}
