export type RegionOption = { code: string; name: string; depth: number };

/** Regions of a subtree, indented by level. */
export function RegionOptions({ regions, withCodes = false }: { regions: RegionOption[]; withCodes?: boolean }) {
  return (
    <>
      {regions.map((r) => (
        <option key={r.code} value={r.code}>
          {"　".repeat(r.depth)}
          {r.name}
          {withCodes ? `（${r.code}）` : ""}
        </option>
      ))}
    </>
  );
}
