import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { caseStreamId } from '@app/kernel';
import { codeOf, describeAnswer, type Actor, type Answer, type Client } from './http';
import { pause } from './support';
import { acceptBody, collectBody, WORLD } from './world';

export type Kind = 'accept' | 'assign' | 'verify' | 'collect';

/** The one event each command of the load writes. */
const EVENT_OF: Record<Kind, string> = {
  accept: 'CaseAccepted',
  assign: 'BailiffAssigned',
  verify: 'ConditionsVerified',
  collect: 'MoneyCollected',
};

/** One logical request of the load: sent until it is answered, always with the same key and body. */
export interface Sent {
  kind: Kind;
  key: string;
  actor: Actor;
  path: string;
  body: Record<string, unknown>;
  attempts: number;
  outcome?: 'acked' | 'refused' | 'unanswered';
  caseId?: string;
  answer?: { caseId: string; revision: number; position: string };
  /** Any attempt before the answer may have run on the server: a retry of it, if refused, is a false failure. */
  retried: boolean;
}

export interface LoadOptions {
  workers: number;
  collectionsPerCase: number;
  /** A logical request still unanswered after this long is a failure of the drill. */
  requestDeadlineMs: number;
  /** An attempt still unanswered after this long is a hang. */
  hangMs: number;
  /** Why retrying is pointless (the api crashed and nobody restarts it), if it is. */
  giveUp?: () => string | undefined;
}

/**
 * Head and bailiff clients recording cases, each request with an Idempotency-Key and retried with
 * the same key and body until it gets an answer that is not the server's fault: a connection
 * refused or reset (the api is being killed), a 5xx, a 429 or `409 IDEMPOTENCY_IN_PROGRESS`. A 2xx
 * acknowledges the request; any other 4xx is a refusal of a request that was valid when first sent.
 */
export class IdempotentLoad {
  readonly sent: Sent[] = [];
  private stopping = false;
  private readonly running: Promise<void>[] = [];
  private readonly run = randomBytes(4).toString('hex');
  private counter = 0;

  constructor(
    private readonly client: Client,
    /** Where each attempt goes: the one api, or one of several. */
    private readonly target: () => string,
    private readonly options: LoadOptions,
  ) {}

  start(): void {
    for (let w = 0; w < this.options.workers; w++) this.running.push(this.worker());
  }

  /** Lets each worker finish the request in hand (retried until answered or past its deadline). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  /** Acknowledged requests so far, to tell that the load makes progress. */
  acked(): number {
    return this.sent.filter((s) => s.outcome === 'acked').length;
  }

  private async worker(): Promise<void> {
    const { headA, bailiffA } = WORLD.actors;
    while (!this.stopping && this.options.giveUp?.() === undefined) {
      const accept = await this.send('accept', headA, '/cases', acceptBody(headA.agencyId, `${this.nextKey()}/QĐ`));
      const caseId = accept.answer?.caseId;
      if (!caseId) continue;
      const assign = await this.send('assign', headA, `/cases/${caseId}/assignment`, {
        bailiffId: bailiffA.id,
        occurredOn: '2025-03-04',
      });
      if (assign.outcome !== 'acked') continue;
      const verify = await this.send('verify', bailiffA, `/cases/${caseId}/verifications`, {
        occurredOn: '2025-03-20',
        outcome: 'enforceable',
      });
      if (verify.outcome !== 'acked') continue;
      for (let c = 0; c < this.options.collectionsPerCase && !this.stopping; c++) {
        const collect = await this.send(
          'collect',
          bailiffA,
          `/cases/${caseId}/collections`,
          collectBody(`BL-${this.nextKey()}`),
        );
        if (collect.outcome !== 'acked') break;
      }
    }
  }

  nextKey(): string {
    return `${this.run}-${++this.counter}`;
  }

  /** `key`: the key of an attempt the drill made itself, to be retried here until answered. */
  async send(kind: Kind, actor: Actor, path: string, body: Record<string, unknown>, key?: string): Promise<Sent> {
    const caseId = /^\/cases\/([^/]+)\//.exec(path)?.[1];
    const sent: Sent = {
      kind,
      key: key ?? `drill-${this.nextKey()}`,
      actor,
      path,
      body,
      attempts: 0,
      retried: key !== undefined,
      caseId,
    };
    this.sent.push(sent);
    const deadline = Date.now() + this.options.requestDeadlineMs;
    const tally = this.client.tally;
    for (;;) {
      const hopeless = this.options.giveUp?.();
      if (hopeless !== undefined) {
        sent.outcome = 'unanswered';
        return sent;
      }
      if (Date.now() > deadline) {
        sent.outcome = 'unanswered';
        tally.violations.push(
          `${kind} ${path} (key ${sent.key}) still unanswered after ${sent.attempts} attempts and ${this.options.requestDeadlineMs / 1000} s`,
        );
        return sent;
      }
      sent.attempts++;
      let answer: Answer;
      try {
        answer = await this.client.call(this.target(), 'POST', path, {
          actor,
          body,
          headers: { 'Idempotency-Key': sent.key },
          timeoutMs: this.options.hangMs,
        });
      } catch (error) {
        sent.retried = true;
        if ((error as Error).name === 'TimeoutError') {
          tally.violations.push(`${kind} ${path} (key ${sent.key}): no answer within ${this.options.hangMs / 1000} s`);
        }
        // Refused or reset while the api is down: try again shortly, as a client would.
        await pause(100);
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) {
        const result = answer.body as { caseId: string; revision: number; position: string };
        sent.outcome = 'acked';
        sent.answer = { caseId: result.caseId, revision: result.revision, position: String(result.position) };
        return sent;
      }
      const transient =
        answer.status >= 500 ||
        answer.status === 429 ||
        (answer.status === 409 && codeOf(answer.body) === 'IDEMPOTENCY_IN_PROGRESS');
      if (transient) {
        sent.retried = true;
        const retryAfter = Number(answer.headers.get('retry-after'));
        await pause(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 1000) : 200);
        continue;
      }
      sent.outcome = 'refused';
      tally.falseFailures.push(
        `${kind} ${path} (key ${sent.key}, attempt ${sent.attempts}${sent.retried ? ', after retries' : ''}): ${describeAnswer(answer)}`,
      );
      return sent;
    }
  }
}

interface Row {
  position: string;
  stream_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/**
 * Reads the whole log of the drill's database and holds each request of the load against it: an
 * acknowledged request whose event is not where its answer said is lost; a key that wrote its event
 * twice, a receipt collected twice on a case or a decision accepted twice is duplicated; a refused
 * request whose event is in the log was refused for its own earlier write (already a false failure,
 * noted with the evidence).
 */
export async function checkLog(pool: Pool, sent: readonly Sent[], tally: Client['tally']): Promise<void> {
  const { rows } = await pool.query<Row>(
    'SELECT position::text AS position, stream_id, type, data, metadata FROM events ORDER BY position',
  );
  tally.eventsChecked += rows.length;
  const byKey = new Map<string, Row[]>();
  for (const row of rows) {
    const key = row.metadata.idempotencyKey;
    if (typeof key !== 'string') continue;
    const id = `${String(row.metadata.actorId)}\u0000${key}`;
    byKey.set(id, [...(byKey.get(id) ?? []), row]);
  }
  for (const request of sent) {
    const written = byKey.get(`${request.actor.id}\u0000${request.key}`) ?? [];
    const label = `${request.kind} ${request.path} (key ${request.key})`;
    if (written.length > 1) {
      tally.duplicated.push(
        `${label}: ${written.length} events (${written.map((w) => `${w.type}@${w.position}`).join(', ')})`,
      );
    }
    if (request.outcome === 'acked') {
      const answer = request.answer!;
      const expected = written.find(
        (w) =>
          w.position === answer.position &&
          w.type === EVENT_OF[request.kind] &&
          w.stream_id === caseStreamId(answer.caseId),
      );
      if (!expected) {
        tally.lost.push(
          `${label}: answered position ${answer.position} of case ${answer.caseId}, the log has ${written.map((w) => `${w.type}@${w.position} in ${w.stream_id}`).join(', ') || 'nothing'} for its key`,
        );
      }
    } else if (request.outcome === 'refused' && written.length > 0) {
      tally.notes.push(`${label} was refused although its event is in the log at ${written[0]!.position}`);
    }
  }
  const seen = new Map<string, string>();
  for (const row of rows) {
    let identity: string | undefined;
    if (row.type === 'MoneyCollected') identity = `${row.stream_id} receipt ${String(row.data.receiptNumber)}`;
    if (row.type === 'CaseAccepted') {
      const decision = row.data.decision as { number?: unknown } | undefined;
      identity = `decision ${String(decision?.number)} of ${String(row.data.agencyId)}`;
    }
    if (identity === undefined) continue;
    const first = seen.get(identity);
    if (first) tally.duplicated.push(`${identity} twice in the log, at ${first} and ${row.position}`);
    else seen.set(identity, row.position);
  }
}
