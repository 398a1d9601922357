// The .xlsx template for importing a problem list (layout documented in checklists/README.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import contentDisposition from "content-disposition";
import { buildImportTemplate } from "~/models/checklist-import.server";
import { t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRegulator(request);
  const buffer = await buildImportTemplate();
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": contentDisposition(`${t("checklistImport.title")}模板.xlsx`),
      "Cache-Control": "private, no-store",
    },
  });
}
