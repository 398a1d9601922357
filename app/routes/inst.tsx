import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireInstitutionUser } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireInstitutionUser(request);
  return null;
}

export default function InstitutionLayout() {
  return <Outlet />;
}
