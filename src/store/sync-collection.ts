/** Field-by-field equality for values read back from the database (dates, arrays, JSON). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
    );
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a as object).sort();
    const kb = Object.keys(b as object).sort();
    return (
      sameValue(ka, kb) &&
      ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === b;
}

/** True when every field of `data` equals the row's field of the same name. */
export function rowMatches(row: object, data: Record<string, unknown>): boolean {
  return Object.entries(data).every(([k, v]) => sameValue((row as Record<string, unknown>)[k], v));
}

export interface SyncOutcome {
  created: string[];
  updated: string[];
  unchanged: number;
  /** In the database but not in the file: reported, never deleted. */
  missing: string[];
}

/**
 * Upserts `desired` against `existing` by key: creates what is new, updates what differs and
 * leaves alone what is identical, so importing the same file twice writes nothing.
 */
export async function syncCollection<Row extends object, Desired>(spec: {
  existing: Row[];
  desired: Desired[];
  rowKey: (row: Row) => string;
  desiredKey: (d: Desired) => string;
  data: (d: Desired) => Record<string, unknown>;
  create: (d: Desired, data: Record<string, unknown>) => Promise<Row>;
  update: (row: Row, d: Desired, data: Record<string, unknown>) => Promise<Row>;
  /** Children compared and rewritten separately (milestones, roles…); returns true when it wrote. */
  children?: (row: Row, d: Desired) => Promise<boolean>;
}): Promise<SyncOutcome & { rows: Map<string, Row> }> {
  const byKey = new Map(spec.existing.map((r) => [spec.rowKey(r), r]));
  const outcome: SyncOutcome & { rows: Map<string, Row> } = {
    created: [],
    updated: [],
    unchanged: 0,
    missing: [],
    rows: new Map(),
  };
  const seen = new Set<string>();
  for (const d of spec.desired) {
    const key = spec.desiredKey(d);
    seen.add(key);
    const data = spec.data(d);
    const current = byKey.get(key);
    let row: Row;
    let changed: boolean;
    if (current === undefined) {
      row = await spec.create(d, data);
      outcome.created.push(key);
      if (spec.children) await spec.children(row, d);
      outcome.rows.set(key, row);
      continue;
    }
    if (rowMatches(current, data)) {
      row = current;
      changed = false;
    } else {
      row = await spec.update(current, d, data);
      changed = true;
    }
    if (spec.children && (await spec.children(row, d))) changed = true;
    if (changed) outcome.updated.push(key);
    else outcome.unchanged++;
    outcome.rows.set(key, row);
  }
  for (const key of byKey.keys()) if (!seen.has(key)) outcome.missing.push(key);
  return outcome;
}
