// The .xlsx template for importing a problem list (layout documented in checklists/README.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildImportTemplate } from "~/models/checklist-import.server";
import { t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";
import { downloadResponse, xlsxFile } from "~/utils/download.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRegulator(request);
  const buffer = await buildImportTemplate();
  return downloadResponse(xlsxFile(buffer, t("checklistImport.templateFileName", { title: t("checklistImport.title") })));
}
