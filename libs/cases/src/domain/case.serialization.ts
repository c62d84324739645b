import type { CaseState, OpenCase, Receipt } from './case.state';

/** Case states hold money as bigint; JSON has no such type, so bigints travel as `{ $bigint }`. */
export function caseStateToJson(state: CaseState): unknown {
  return mapTree(state, (value) => (typeof value === 'bigint' ? { $bigint: value.toString() } : undefined));
}

/** `caseStateToJson` as text, without building the copy first: for writing many states at once. */
export function caseStateToJsonText(state: CaseState): string {
  return JSON.stringify(state, (_key, value: unknown) =>
    typeof value === 'bigint' ? { $bigint: value.toString() } : value,
  );
}

export function caseStateFromJson(json: unknown): CaseState {
  const state = mapTree(json, (value) =>
    value !== null && typeof value === 'object' && '$bigint' in value
      ? BigInt((value as { $bigint: string }).$bigint)
      : undefined,
  ) as CaseState;
  return state.status !== 'none' && !Array.isArray(state.receipts) ? withReceiptList(state) : state;
}

/** States stored before receipts became a list held them as a record by receipt number. */
function withReceiptList(state: OpenCase): OpenCase {
  const byNumber = state.receipts as unknown as Record<string, Omit<Receipt, 'receiptNumber'>>;
  return {
    ...state,
    receipts: Object.entries(byNumber).map(([receiptNumber, receipt]) => ({ receiptNumber, ...receipt })),
  };
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
