import { caseStreamId } from '@app/kernel';
import type { Drill } from './context';
import { describeAnswer, type Answer } from './http';
import { fmt } from './support';
import { collectBody, openCase, setUpWorld, WORLD } from './world';

const COLLECTIONS = 100;

/**
 * Two api processes on one database, 100 collections at once on one case: half to each, half of
 * them conditional on the revision they read (If-Match). Whatever the interleaving, the case must
 * hold exactly the acknowledged collections, and every other answer must be a clean conflict.
 */
export const concurrency: Drill = {
  name: 'concurrency',
  summary: '100 concurrent collections on one case through two api processes, with and without If-Match',
  async run(context) {
    const { url, pool } = await context.database();
    const first = await context.app('api', 'api-1', { DATABASE_URL: url });
    const second = await context.app('api', 'api-2', { DATABASE_URL: url, RUN_PROJECTIONS: 'false' });
    first.start();
    second.start();
    await Promise.all([first.waitHealthy(120_000), second.waitHealthy(120_000)]);
    await setUpWorld(context.client, first.base);
    const { headA, bailiffA } = WORLD.actors;
    const opened = await openCase(context.client, first.base, headA, bailiffA);

    const requests = Array.from({ length: COLLECTIONS }, (_, i) => ({
      base: i % 2 === 0 ? first.base : second.base,
      ifMatch: i % 4 < 2,
      receipt: `BL-C-${i}`,
      amount: String(1000 + i),
    }));
    const answers: { request: (typeof requests)[number]; answer?: Answer; error?: string }[] = await Promise.all(
      requests.map(async (request) => {
        try {
          const answer = await context.client.call(request.base, 'POST', `/cases/${opened.caseId}/collections`, {
            actor: bailiffA,
            body: collectBody(request.receipt, request.amount),
            headers: request.ifMatch ? { 'If-Match': `"${opened.revision}"` } : {},
            timeoutMs: 30_000,
          });
          return { request, answer };
        } catch (error) {
          return { request, error: (error as Error).message };
        }
      }),
    );
    const acked = answers.filter((a) => a.answer && a.answer.status === 201);
    const counts = new Map<string, number>();
    for (const { request, answer, error } of answers) {
      const label = `${answer ? answer.status : 'no answer'}${request.ifMatch ? ' (If-Match)' : ''}`;
      counts.set(label, (counts.get(label) ?? 0) + 1);
      if (error) context.tally.violations.push(`collection ${request.receipt}: ${error}`);
      else if (
        answer &&
        answer.status >= 400 &&
        answer.status < 500 &&
        answer.status !== 409 &&
        answer.status !== 412
      ) {
        context.tally.falseFailures.push(`collection ${request.receipt}: ${describeAnswer(answer)}`);
      }
    }
    const conditional = acked.filter((a) => a.request.ifMatch);
    if (conditional.length > 1) {
      context.tally.violations.push(
        `${conditional.length} writes accepted with If-Match on the same revision ${opened.revision}`,
      );
    }

    const { rows } = await pool.query<{ position: string; data: { receiptNumber: string; amount: string } }>(
      `SELECT position::text AS position, data FROM events WHERE stream_id = $1 AND type = 'MoneyCollected' ORDER BY position`,
      [caseStreamId(opened.caseId)],
    );
    const all = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM events');
    context.tally.eventsChecked += Number(all.rows[0]!.n);
    const inLog = new Map<string, number>();
    for (const row of rows) inLog.set(row.data.receiptNumber, (inLog.get(row.data.receiptNumber) ?? 0) + 1);
    for (const [receipt, n] of inLog)
      if (n > 1) context.tally.duplicated.push(`receipt ${receipt} collected ${n} times`);
    const ackedReceipts = new Set(acked.map((a) => a.request.receipt));
    for (const receipt of ackedReceipts)
      if (!inLog.has(receipt)) context.tally.lost.push(`acknowledged receipt ${receipt} not in the log`);
    for (const receipt of inLog.keys()) {
      if (!ackedReceipts.has(receipt)) context.tally.falseFailures.push(`receipt ${receipt} refused but written`);
    }
    const expected = acked.reduce((sum, a) => sum + BigInt(a.request.amount), 0n);
    const logged = rows.reduce((sum, row) => sum + BigInt(row.data.amount), 0n);
    if (logged !== expected)
      context.tally.violations.push(`the log holds ${logged} đồng collected, the answers acknowledged ${expected}`);

    const last = rows.at(-1)?.position ?? opened.position;
    for (const api of [first, second]) {
      const view = await context.client.call(api.base, 'GET', `/cases/${opened.caseId}?minPosition=${last}`, {
        actor: headA,
      });
      const totals = (view.body as { totals?: { collected?: string }; receipts?: unknown[] } | undefined) ?? {};
      if (
        view.status !== 200 ||
        totals.totals?.collected !== expected.toString() ||
        totals.receipts?.length !== acked.length
      ) {
        context.tally.violations.push(
          `${api.name}: the case file shows ${totals.totals?.collected ?? '?'} đồng in ${totals.receipts?.length ?? '?'} receipts, expected ${expected} in ${acked.length} (${view.status})`,
        );
      }
    }
    context.tally.notes.push(
      `${COLLECTIONS} collections at once: ${[...counts].map(([k, n]) => `${n} × ${k}`).join(', ')}; case total ${fmt(Number(expected))} đồng = the acknowledged ones`,
    );
    await Promise.all([first.waitHealthy(30_000), second.waitHealthy(30_000)]);
  },
};
