import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { recordAuthEvent, requestMeta } from "~/models/auth-event.server";
import { db } from "~/utils/db.server";
import { destroyUserSession, getSessionUser } from "~/utils/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  const cookie = await destroyUserSession(request);
  if (user)
    await recordAuthEvent(
      db,
      { action: "auth.sign_out", userId: user.id, email: user.email, result: "success" },
      requestMeta(request, context),
    );
  return redirect("/login", { headers: { "Set-Cookie": cookie } });
}
