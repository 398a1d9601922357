import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormAlert } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { createStaffAccount, listStaff } from "~/models/staff.server";
import { staffSchema } from "~/schemas/staff";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { t } from "~/utils/i18n";
import { requireOfficer } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("staff.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireOfficer(request);
  return { staff: await listStaff(db, scope.institutionId) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireOfficer(request);
  const parsed = parseForm(staffSchema, await request.formData());
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const result = await createStaffAccount(db, scope, parsed.data);
  if (!result.ok) return data({ fieldErrors: result.fieldErrors }, { status: 400 });
  return redirectWithFlash("/inst/staff", t("staff.added", { name: parsed.data.name }));
}

export default function StaffPage() {
  const { staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { onSubmit, errorFor, register } = useValidatedForm<{ name: string; email: string; password: string }>(staffSchema, {
    defaultValues: { name: "", email: "", password: "" },
    serverErrors: actionData?.fieldErrors ?? null,
  });
  return (
    <>
      <h1>{t("staff.title")}</h1>
      <p className="muted">{t("staff.intro")}</p>
      <section className="card">
        {staff.length === 0 ? (
          <p className="muted">{t("staff.none")}</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>{t("staff.name")}</th>
                <th>{t("staff.email")}</th>
              </tr>
            </thead>
            <tbody>
              {staff.map((u) => (
                <tr key={u.id}>
                  <td className="cell-main" data-label={t("staff.name")}>
                    {u.name}
                  </td>
                  <td data-label={t("staff.email")}>{u.email}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Form method="post" noValidate onSubmit={onSubmit} className="card">
        <h2>{t("staff.add")}</h2>
        <FormAlert errors={actionData?.fieldErrors ?? null} />
        <div className="form-grid form-grid--3">
          <Field id="name" label={t("staff.name")} error={errorFor("name")} required>
            {(aria) => <input {...aria} {...register("name")} />}
          </Field>
          <Field id="email" label={t("staff.email")} error={errorFor("email")} required>
            {(aria) => <input {...aria} type="email" autoComplete="off" {...register("email")} />}
          </Field>
          <Field id="password" label={t("staff.password")} hint={t("staff.passwordHint")} error={errorFor("password")} required>
            {(aria) => <input {...aria} type="password" autoComplete="new-password" {...register("password")} />}
          </Field>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("common.saving") : t("staff.add")}
        </button>
      </Form>
    </>
  );
}
