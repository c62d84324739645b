import { createHmac } from 'node:crypto';
import { BOUNDARY_STRINGS, HOSTILE_STRINGS } from '../../test/support/hostile-values';
import { checkWrites, headPosition } from './access-matrix';
import type { Drill } from './context';
import { nodeRequest, rawRequest, type Actor, type Answer } from './http';
import { fmt, seededRandom } from './support';
import { acceptBody, collectBody, openCase, setUpWorld, WORLD } from './world';

/** Values of the wrong JSON kind, beside the hostile and boundary strings the test suite uses. */
const WRONG_TYPED: unknown[] = [null, true, false, 0, -1, 1.5, 1e21, [], {}, [null], { a: 1 }, [[]]];
const VALUES: unknown[] = [...HOSTILE_STRINGS, ...BOUNDARY_STRINGS, ...WRONG_TYPED];

/** A request and how to send it; `status` undefined when the server closed the connection instead. */
interface Probe {
  what: string;
  send(): Promise<{ status?: number; answer?: Answer }>;
}

/** Fields of the two busiest commands, by their path in the body. */
const COLLECTION_FIELDS = ['occurredOn', 'lineId', 'amount', 'receiptNumber'];
const ACCEPT_FIELDS = [
  'agencyId',
  'decision.number',
  'decision.date',
  'judgment.court',
  'judgment.date',
  'initiation',
  'category',
  'credit',
  'debtor.name',
  'debtor.idNumber',
  'creditor.name',
  'lines',
  'lines.0.amount',
  'lines.0.description',
  'lines.0.id',
  'receivedOn',
];

function withValue(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const parts = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts.at(-1)!] = value;
  return copy;
}

/** Percent-encoded as a client would; a lone surrogate, which has no UTF-8, as the bytes a sloppy one sends. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token as an attacker or a broken identity provider would make it. */
function forgedToken(header: object, payload: object, secret: string | undefined): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  const signature = secret === undefined ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/**
 * A bounded batch of hostile requests (the test suite's hostile and boundary values in every field of
 * the two busiest commands, in paths and queries; malformed bytes, bodies, headers and tokens) sent
 * one after the other to a real api process: no 5xx, no hang, and nothing in the log from a refused one.
 */
export const hostileInput: Drill = {
  name: 'hostile-input',
  summary:
    'hostile values in bodies, paths, queries, headers, tokens and raw bytes: no 5xx, nothing written when refused',
  async run(context) {
    const random = seededRandom(Number(process.env.DRILL_SEED ?? 20261206));
    const { url, pool } = await context.database();
    const api = await context.app('api', 'api', { DATABASE_URL: url });
    api.start();
    await api.waitHealthy(120_000);
    await setUpWorld(context.client, api.base);
    const { headA, bailiffA, auditor } = WORLD.actors;
    const { caseId } = await openCase(context.client, api.base, headA, bailiffA);
    const port = Number(new URL(api.base).port);
    const secret = context.options.secret;
    const bearer = (actor: Actor) => `Bearer ${context.client.token(actor)}`;

    const call =
      (
        method: string,
        path: string,
        actor: Actor | undefined,
        body?: unknown,
        headers: Record<string, string> = {},
      ): Probe['send'] =>
      async () => {
        const answer = await context.client.call(api.base, method, path, {
          ...(actor ? { actor } : {}),
          ...(body === undefined ? {} : { body }),
          headers,
          timeoutMs: 15_000,
        });
        return { status: answer.status, answer };
      };

    const bodyProbes: Probe[] = [];
    let n = 0;
    for (const field of COLLECTION_FIELDS) {
      for (const value of VALUES) {
        const body = withValue(collectBody(`BL-H-${++n}`), field, value);
        bodyProbes.push({
          what: `collection ${field}=${short(value)}`,
          send: call('POST', `/cases/${caseId}/collections`, bailiffA, body),
        });
      }
    }
    for (const field of ACCEPT_FIELDS) {
      for (const value of VALUES) {
        const body = withValue(acceptBody(headA.agencyId, `${++n}/QĐ-H`), field, value);
        bodyProbes.push({ what: `accept ${field}=${short(value)}`, send: call('POST', '/cases', headA, body) });
      }
    }
    const placeProbes: Probe[] = [];
    for (const value of [...HOSTILE_STRINGS, ...BOUNDARY_STRINGS]) {
      const v = encode(value);
      placeProbes.push(
        { what: `GET /cases/${short(value)}`, send: call('GET', `/cases/${v}`, headA) },
        {
          what: `POST /cases/${short(value)}/collections`,
          send: call('POST', `/cases/${v}/collections`, bailiffA, collectBody(`BL-P-${++n}`)),
        },
        {
          what: `GET /watchlists/${short(value)}`,
          send: call('GET', `/watchlists/${v}?agencyId=${headA.agencyId}`, headA),
        },
        { what: `GET /cases?agencyId=${short(value)}`, send: call('GET', `/cases?agencyId=${v}`, headA) },
        {
          what: `GET /statistics asOf=${short(value)}`,
          send: call('GET', `/statistics?agencyId=${headA.agencyId}&asOf=${v}`, headA),
        },
        { what: `GET /audit/events cursor=${short(value)}`, send: call('GET', `/audit/events?cursor=${v}`, auditor) },
        {
          what: `Idempotency-Key ${short(value)}`,
          send: async () => {
            const body = collectBody(`BL-K-${++n}`);
            try {
              return await call('POST', `/cases/${caseId}/collections`, bailiffA, body, { 'Idempotency-Key': value })();
            } catch (error) {
              if (!(error instanceof TypeError)) throw error;
              // fetch will not send this header value: the bytes go out as a careless client sends them.
              const json = Buffer.from(JSON.stringify(body));
              const head = `POST /cases/${caseId}/collections HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${bearer(bailiffA)}\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\nConnection: close\r\nIdempotency-Key: `;
              const bytes = Buffer.concat([
                Buffer.from(head, 'latin1'),
                Buffer.from(value, 'utf8'),
                Buffer.from('\r\n\r\n', 'latin1'),
                json,
              ]);
              return { status: await rawRequest(port, bytes) };
            }
          },
        },
      );
    }
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: headA.id, role: 'head', agencyId: headA.agencyId, exp: now + 3600 };
    const hs256 = { alg: 'HS256', typ: 'JWT' };
    const tokens: [string, string][] = [
      ['alg none', forgedToken({ alg: 'none', typ: 'JWT' }, claims, undefined)],
      ['another secret', forgedToken(hs256, claims, `${secret}-other`)],
      ['expired', forgedToken(hs256, { ...claims, exp: now - 60 }, secret)],
      ['no exp', forgedToken(hs256, { sub: headA.id, role: 'head', agencyId: headA.agencyId }, secret)],
      ['role superuser', forgedToken(hs256, { ...claims, role: 'superuser' }, secret)],
      ['sub markup', forgedToken(hs256, { ...claims, sub: '<script>alert(1)</script>' }, secret)],
      ['agency upper case', forgedToken(hs256, { ...claims, agencyId: 'HN-KHU-VUC-1' }, secret)],
      ['payload not JSON', `${base64url(hs256)}.${Buffer.from('not json').toString('base64url')}.x`],
      ['garbage', 'x.y.z'],
      ['empty', ''],
      ['RS256 header', forgedToken({ alg: 'RS256', typ: 'JWT' }, claims, secret)],
    ];
    const protocolProbes: Probe[] = [
      ...tokens.map(([name, token]): Probe => ({
        what: `token: ${name}`,
        send: call('POST', `/cases/${caseId}/collections`, undefined, collectBody(`BL-T-${++n}`), {
          authorization: `Bearer ${token}`,
        }),
      })),
      {
        what: 'Basic auth',
        send: call('GET', '/cases', undefined, undefined, { authorization: 'Basic YWRtaW46YWRtaW4=' }),
      },
      { what: 'malformed JSON', send: call('POST', `/cases/${caseId}/collections`, bailiffA, '{"lineId":') },
      {
        what: 'JSON 40 levels deep',
        send: call('POST', `/cases/${caseId}/collections`, bailiffA, `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`),
      },
      {
        what: '__proto__ member',
        send: call(
          'POST',
          `/cases/${caseId}/collections`,
          bailiffA,
          `{"__proto__":{"admin":true},${JSON.stringify(collectBody(`BL-X-${++n}`)).slice(1)}`,
        ),
      },
      {
        what: 'duplicate member',
        send: call(
          'POST',
          `/cases/${caseId}/collections`,
          bailiffA,
          `{"amount":"1","amount":"-5",${JSON.stringify(collectBody(`BL-D-${++n}`))
            .slice(1)
            .replace(/"amount":"\d+",?/, '')}`,
        ),
      },
      {
        what: 'text/plain body',
        send: call('POST', `/cases/${caseId}/collections`, bailiffA, JSON.stringify(collectBody(`BL-Y-${++n}`)), {
          'content-type': 'text/plain',
        }),
      },
      {
        what: 'charset latin1',
        send: call('POST', `/cases/${caseId}/collections`, bailiffA, JSON.stringify(collectBody(`BL-Z-${++n}`)), {
          'content-type': 'application/json; charset=latin1',
        }),
      },
      {
        what: 'body of 3 MB',
        send: call('POST', `/cases/${caseId}/collections`, bailiffA, {
          ...collectBody(`BL-B-${++n}`),
          note: 'x'.repeat(3_000_000),
        }),
      },
      {
        what: '2,000 obligation lines',
        send: call('POST', '/cases', headA, {
          ...acceptBody(headA.agencyId, `${++n}/QĐ-L`),
          lines: Array.from({ length: 2000 }, (_, i) => ({
            id: `l${i}`,
            kind: 'money',
            description: 'x',
            amount: '1',
            payee: 'y',
            owedToState: false,
          })),
        }),
      },
      {
        what: 'a body on a route that takes none',
        send: call('POST', `/statistics/periods/${headA.agencyId}/2025-03/close`, headA, { extra: true }),
      },
      {
        what: 'body not UTF-8',
        send: async () => ({
          status: await nodeRequest(port, {
            method: 'POST',
            path: `/cases/${caseId}/collections`,
            headers: { authorization: bearer(bailiffA), 'content-type': 'application/json' },
            body: Buffer.concat([
              Buffer.from('{"lineId":"debt","amount":"1","receiptNumber":"'),
              Buffer.from([0xc3, 0x28, 0xff]),
              Buffer.from('","occurredOn":"2025-04-01"}'),
            ]),
          }),
        }),
      },
      {
        what: 'a body on GET',
        send: async () => ({
          status: await nodeRequest(port, {
            method: 'GET',
            path: `/cases/${caseId}`,
            headers: { authorization: bearer(headA), 'content-type': 'application/json' },
            body: Buffer.from('{"x":1}'),
          }),
        }),
      },
      {
        what: 'headers of 40 KB',
        send: async () => ({
          status: await nodeRequest(port, {
            method: 'GET',
            path: '/cases',
            headers: { authorization: bearer(headA), 'x-filler': 'a'.repeat(40_000) },
          }).catch(() => undefined),
        }),
      },
      { what: 'method PATCH', send: call('PATCH', `/cases/${caseId}`, headA, {}) },
      { what: 'method DELETE', send: call('DELETE', `/cases/${caseId}`, headA) },
      ...[
        `GET /cases/%E0%A4%A HTTP/1.1`,
        `GET /cases?agencyId=%zz HTTP/1.1`,
        `GET /../../etc/passwd HTTP/1.1`,
        `GET /cases/${caseId}%00 HTTP/1.1`,
        `BREW /cases HTTP/1.1`,
        `GET /cases HTTP/9.9`,
      ].map((line): Probe => ({
        what: `raw: ${line}`,
        send: async () => ({
          status: await rawRequest(
            port,
            Buffer.from(
              `${line}\r\nHost: 127.0.0.1\r\nAuthorization: ${bearer(headA)}\r\nConnection: close\r\n\r\n`,
              'latin1',
            ),
          ),
        }),
      })),
      {
        what: 'raw: bad chunked body',
        send: async () => ({
          status: await rawRequest(
            port,
            Buffer.from(
              `POST /cases/${caseId}/collections HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${bearer(bailiffA)}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
            ),
          ),
        }),
      },
      {
        what: 'raw: NUL in a header',
        send: async () => ({
          status: await rawRequest(
            port,
            Buffer.from(
              `GET /cases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer a\u0000b\r\nConnection: close\r\n\r\n`,
              'latin1',
            ),
          ),
        }),
      },
    ];

    // Bounded: every protocol probe, and a seeded sample of the value × field and value × place ones.
    const pick = (probes: Probe[], count: number) => {
      const copy = [...probes];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, count);
    };
    const batch = [
      ...protocolProbes,
      ...pick(bodyProbes, context.short ? 120 : 900),
      ...pick(placeProbes, context.short ? 60 : 300),
    ];

    const start = await headPosition(pool);
    const granted = new Set<string>();
    const statuses = new Map<string, number>();
    for (const probe of batch) {
      const started = Date.now();
      let result: { status?: number; answer?: Answer };
      try {
        result = await probe.send();
      } catch (error) {
        context.tally.violations.push(`${probe.what}: ${(error as Error).message}`);
        continue;
      }
      if (!result.answer) {
        context.tally.requests++;
        if (result.status !== undefined && result.status >= 500) {
          context.tally.serverErrors.push({
            sentAt: started,
            at: Date.now(),
            status: result.status,
            code: '',
            retryAfter: false,
            what: probe.what,
          });
        }
      }
      const status = result.status === undefined ? 'closed' : String(result.status);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const correlation = result.answer?.headers.get('x-correlation-id');
      if (result.answer && result.answer.status < 300 && correlation) granted.add(correlation);
      if (result.answer && result.answer.status >= 500) {
        context.tally.notes.push(
          `${probe.what}: ${result.answer.status} ${JSON.stringify(result.answer.body).slice(0, 200)}`,
        );
      }
    }
    await checkWrites(pool, start, granted, context);
    context.tally.notes.push(
      `${fmt(batch.length)} hostile requests (${protocolProbes.length} protocol, the rest sampled from ${fmt(bodyProbes.length + placeProbes.length)} value × place pairs, seed ${process.env.DRILL_SEED ?? 20261206}): ${[
        ...statuses,
      ]
        .sort()
        .map(([s, k]) => `${k} × ${s}`)
        .join(', ')}`,
    );
    await api.waitHealthy(30_000);
  },
};

function short(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 30)}…(${text.length})` : text;
}
