// The browsers signed in to one's account (/account/sessions), each with its sign-out button.
import { Form, useNavigation } from "@remix-run/react";
import { defineTable } from "~/lists/define-list";
import { formatDateTime } from "~/utils/dates";
import { msgs } from "~/utils/i18n";
import { describeUserAgent } from "~/utils/user-agent";

export type DeviceRow = {
  handle: string;
  isCurrent: boolean;
  createdAt: string | Date;
  endsAt: string | Date;
  ip: string | null;
  userAgent: string | null;
};

function SignOutButton({ device }: { device: DeviceRow }) {
  const busy = useNavigation().state === "submitting";
  if (device.isCurrent) return "—";
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="one" />
      <input type="hidden" name="device" value={device.handle} />
      <button type="submit" className="button button--secondary button--small" disabled={busy}>
        {msgs().accounts.devices.signOut}
      </button>
    </Form>
  );
}

export const devicesTable = defineTable({
  rowKey: (d: DeviceRow) => d.handle,
  columns: [
    {
      key: "device",
      header: "accounts.devices.device",
      main: true,
      cell: (d) => {
        const D = msgs().accounts.devices;
        return (
          <>
            {describeUserAgent(d.userAgent) ?? D.unknown}
            {d.isCurrent ? (
              <>
                {" "}
                <span className="badge badge--ok">{D.current}</span>
              </>
            ) : null}
          </>
        );
      },
    },
    { key: "ip", header: "accounts.devices.ip", cell: (d) => d.ip ?? "—" },
    { key: "signedInAt", header: "accounts.devices.signedInAt", cell: (d) => formatDateTime(d.createdAt) },
    { key: "endsAt", header: "accounts.devices.endsAt", cell: (d) => formatDateTime(d.endsAt) },
    { key: "actions", header: "accounts.manage.actions", cell: (d) => <SignOutButton device={d} /> },
  ],
});
