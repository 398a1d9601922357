import type { Tier } from "~/domain/risk";

/** The tier letter in its colour, with the full label for screen readers and on hover. */
export function TierBadge({ tier, label }: { tier: Tier; label?: string }) {
  return (
    <span className={`badge risk-tier risk-tier--${tier}`} title={label}>
      {tier}
      {label ? <span className="visually-hidden">{label}</span> : null}
    </span>
  );
}
