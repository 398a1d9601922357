// The batch template (.xlsx with a notes sheet, or a UTF-8 .csv header).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getClueTemplate } from "~/models/clue-import.server";
import { downloadResponse } from "~/utils/download.server";
import { requireRegulator } from "~/utils/permissions.server";

const querySchema = z.object({ format: z.enum(["xlsx", "csv"]).catch("xlsx") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRegulator(request);
  const { format } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return downloadResponse(await getClueTemplate(format));
}
