import type { CaseState } from './case.state';

/** Case states hold money as bigint; JSON has no such type, so bigints travel as `{ $bigint }`. */
export function caseStateToJson(state: CaseState): unknown {
  return mapTree(state, (value) => (typeof value === 'bigint' ? { $bigint: value.toString() } : undefined));
}

export function caseStateFromJson(json: unknown): CaseState {
  return mapTree(json, (value) =>
    value !== null && typeof value === 'object' && '$bigint' in value
      ? BigInt((value as { $bigint: string }).$bigint)
      : undefined,
  ) as CaseState;
}

/** Copies a JSON-like tree, replacing each node for which `replace` returns something. */
function mapTree(value: unknown, replace: (value: unknown) => unknown): unknown {
  const replaced = replace(value);
  if (replaced !== undefined) return replaced;
  if (Array.isArray(value)) return value.map((item) => mapTree(item, replace));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = mapTree(inner, replace);
    return out;
  }
  return value;
}
