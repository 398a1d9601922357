import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRegulator(request);
  return null;
}

export default function RegulatorLayout() {
  return <Outlet />;
}
