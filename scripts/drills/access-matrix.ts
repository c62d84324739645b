import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Drill, DrillContext } from './context';
import { codeOf, describeAnswer, type Actor, type Answer, type Client } from './http';
import { fmt } from './support';
import { collectBody, openCase, setUpWorld, WORLD } from './world';

interface Schema {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
}

interface Operation {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  parameters: { name: string; in: string; required?: boolean }[];
  body?: Schema;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Operation['parameters']; requestBody?: { content?: Record<string, { schema?: Schema }> } }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** What a request is about, which decides whose scope it is in. */
type Kind = 'case' | 'agency' | 'bailiff' | 'none';
type Target = 'own' | 'sibling' | 'foreign' | 'missing' | 'none';

/**
 * The scope of each role: a head and a bailiff of office A, an auditor of the Hà Nội province (both
 * of its offices), an admin of the central agency, who reaches everything their role lets them.
 */
const ROLES: { role: string; actor: Actor; inScope: Target[] }[] = [
  { role: 'auditor', actor: WORLD.actors.auditor, inScope: ['own', 'sibling'] },
  { role: 'bailiff', actor: WORLD.actors.bailiffA, inScope: ['own'] },
  { role: 'head', actor: WORLD.actors.headA, inScope: ['own'] },
  { role: 'admin', actor: WORLD.actors.admin, inScope: ['own', 'sibling', 'foreign'] },
];

/** Steps that end or hand over a case, or change who may see it: run after everything else on it. */
const LAST = ['/entrustment', '/termination', '/completion', '/return', '/erasure', '/closure', '/moves'];

export function operationsOf(document: OpenApi): Operation[] {
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(document.components?.schemas?.[schema.$ref.split('/').at(-1)!]);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
    return schema;
  };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'post', 'put'] as const).flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      return [
        {
          method: method.toUpperCase() as Operation['method'],
          path,
          parameters: operation.parameters ?? [],
          body: resolve(operation.requestBody?.content?.['application/json']?.schema),
        },
      ];
    }),
  );
}

function kindOf(operation: Operation): Kind {
  // The agency tree is listed to every role: no part of it is out of anyone's scope.
  if (operation.method === 'GET' && operation.path === '/agencies') return 'none';
  const names = operation.parameters.filter((p) => p.in === 'path' || p.in === 'query').map((p) => p.name);
  if (names.includes('caseId')) return 'case';
  if (operation.path.startsWith('/bailiffs/{id}')) return 'bailiff';
  if (names.includes('agencyId') || names.includes('under') || operation.path.startsWith('/agencies/{id}'))
    return 'agency';
  if (operation.body?.properties?.agencyId) return 'agency';
  return 'none';
}

/**
 * Every route of the OpenAPI document (so that none is forgotten), called by every role on what is
 * theirs, what lies outside their scope and what does not exist: no 5xx; outside the scope never a
 * 2xx and, for cases, an answer exactly like a missing case's (the same status and code), so that
 * the answer does not tell that the case exists (a list may answer an empty page, as it does for a
 * missing agency); an auditor never writes; a refused request writes nothing. The agency tree is
 * listed to every role, so a different answer for an out-of-scope agency reveals nothing and is only
 * noted.
 */
export const accessMatrix: Drill = {
  name: 'access-matrix',
  summary:
    'every route × role × own / sibling / foreign / missing: no 5xx, out of scope never 2xx nor told apart from missing',
  async run(context) {
    const { url, pool } = await context.database();
    const api = await context.app('api', 'api', { DATABASE_URL: url, DOCS_ENABLED: 'true' });
    api.start();
    await api.waitHealthy(120_000);
    await setUpWorld(context.client, api.base);
    const { actors, agencies, bailiffs } = WORLD;
    const cases = {
      own: await caseWithHistory(context.client, api.base, actors.headA, actors.bailiffA),
      sibling: await caseWithHistory(context.client, api.base, actors.headB, actors.bailiffB),
      foreign: await caseWithHistory(context.client, api.base, actors.headHcm, actors.bailiffHcm),
      missing: randomUUID(),
    };
    const document = (await context.client.call(api.base, 'GET', '/docs/openapi.json')).body as OpenApi;
    const operations = operationsOf(document)
      .filter((o) => o.path !== '/health' && o.path !== '/metrics')
      .sort((a, b) => rank(a) - rank(b));
    const values: Record<Kind, Record<Target, string>> = {
      case: { ...cases, none: '' },
      agency: {
        own: agencies.officeA,
        sibling: agencies.officeB,
        foreign: agencies.hcmOffice,
        missing: 'khong-ton-tai',
        none: '',
      },
      bailiff: { own: bailiffs.a, sibling: bailiffs.b, foreign: bailiffs.hcm, missing: 'chv-khong-ton-tai', none: '' },
      none: { own: '', sibling: '', foreign: '', missing: '', none: '' },
    };
    const start = await headPosition(pool);
    const granted = new Set<string>();
    const generated = new Set<string>();
    const mismatches: string[] = [];
    const statuses = new Map<string, number>();
    let counter = 0;
    for (const { role, actor, inScope } of ROLES) {
      for (const operation of operations) {
        const kind = kindOf(operation);
        const targets: Target[] = kind === 'none' ? ['none'] : ['own', 'sibling', 'foreign', 'missing'];
        const answers = new Map<Target, Answer>();
        for (const target of targets) {
          const request = build(operation, kind, values[kind][target], ++counter, generated);
          const answer = await context.client.call(api.base, operation.method, request.path, {
            actor,
            ...(request.body === undefined ? {} : { body: request.body }),
          });
          answers.set(target, answer);
          const tally = `${role} ${answer.status}`;
          statuses.set(tally, (statuses.get(tally) ?? 0) + 1);
          const correlation = answer.headers.get('x-correlation-id');
          if (answer.status < 300 && correlation) granted.add(correlation);
          if (role === 'auditor' && operation.method !== 'GET' && answer.status < 300) {
            context.tally.violations.push(
              `${role} ${operation.method} ${operation.path} on ${target}: an auditor wrote, ${describeAnswer(answer)}`,
            );
          }
        }
        for (const target of ['sibling', 'foreign'] as const) {
          const answer = answers.get(target);
          if (!answer || inScope.includes(target) || answer.status >= 300) continue;
          // A list filtered to the reader's own records may answer an empty page, as for a missing agency.
          const missingAnswer = answers.get('missing');
          const emptyLikeMissing =
            isEmptyPage(answer.body) && missingAnswer?.status === answer.status && isEmptyPage(missingAnswer.body);
          if (!emptyLikeMissing) {
            context.tally.violations.push(
              `${role} ${operation.method} ${operation.path} on ${target}: out of scope, answered ${describeAnswer(answer)}`,
            );
          }
        }
        const missing = answers.get('missing');
        if (!missing) continue;
        for (const target of ['sibling', 'foreign'] as const) {
          if (inScope.includes(target)) continue;
          const out = answers.get(target)!;
          if (out.status === missing.status && codeOf(out.body) === codeOf(missing.body)) continue;
          const line = `${role} ${operation.method} ${operation.path}: ${target} ${kind} answers ${out.status} ${codeOf(out.body)}, a missing one ${missing.status} ${codeOf(missing.body)}`;
          if (kind === 'case') context.tally.violations.push(`reveals: ${line}`);
          else mismatches.push(line);
        }
      }
    }
    await checkWrites(pool, start, granted, context);
    if (generated.size > 0)
      context.tally.notes.push(`bodies generated from the schema (no prepared one): ${[...generated].join(', ')}`);
    context.tally.notes.push(
      `${operations.length} routes × ${ROLES.length} roles; requests on an out-of-scope agency answered unlike those on a missing one (the agency tree is listed to every role, so this reveals nothing): ${mismatches.length}`,
      ...mismatches.slice(0, 5).map((m) => `  ${m}`),
      `answers by role: ${ROLES.map(
        ({ role }) =>
          `${role} ${[...statuses]
            .filter(([k]) => k.startsWith(`${role} `))
            .map(([k, n]) => `${n} × ${k.split(' ')[1]}`)
            .join(', ')}`,
      ).join('; ')}`,
    );
    await api.waitHealthy(30_000);
  },
};

function isEmptyPage(body: unknown): boolean {
  const items = (body as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) && items.length === 0;
}

function rank(operation: Operation): number {
  if (operation.method === 'GET') return 0;
  return LAST.some((suffix) => operation.path.endsWith(suffix)) ? 2 : 1;
}

/** A case with a collection `BL-1` and a complaint `k-1`, so that the routes naming them reach their handlers. */
async function caseWithHistory(client: Client, base: string, head: Actor, bailiff: Actor): Promise<string> {
  const { caseId } = await openCase(client, base, head, bailiff);
  await client.call(base, 'POST', `/cases/${caseId}/collections`, { actor: bailiff, body: collectBody('BL-1') });
  const filed = await client.call(base, 'POST', `/cases/${caseId}/complaints`, {
    actor: head,
    body: {
      occurredOn: '2025-04-02',
      complaintId: 'k-1',
      complainant: 'Phạm Văn Dũng',
      concerns: 'coercion',
      summary: 'Khiếu nại việc kê biên',
    },
  });
  if (filed.status !== 201) throw new Error(`set-up: complaint on ${caseId}: ${describeAnswer(filed)}`);
  return caseId;
}

const DAY = '2025-04-10';

/** Bodies that pass validation, so that the request reaches the access check and the handler. */
function preparedBody(operation: Operation, target: string, n: number): Record<string, unknown> | undefined {
  const key = `${operation.method} ${operation.path}`;
  const { agencies, bailiffs } = WORLD;
  const court = { number: '12/2025/QĐ-TA', date: '2025-04-01' };
  const bodies: Record<string, Record<string, unknown>> = {
    'POST /agencies': {
      id: `drill-agency-${n}`,
      name: 'Phòng THADS mới',
      level: 'local',
      parentId: agencies.hn,
      validFrom: '2025-01-01',
    },
    'POST /agencies/{id}/closure': { validTo: '2026-06-30' },
    'POST /bailiffs': {
      id: `chv-moi-${n}`,
      name: 'Đỗ Văn Mới',
      agencyId: agencies.officeA,
      grade: 'junior',
      appointedOn: '2024-01-01',
    },
    'POST /bailiffs/{id}/moves': { toAgencyId: agencies.officeB, movedOn: '2025-06-01' },
    'POST /cases': {
      agencyId: target,
      decision: { number: `${n}/QĐ-CCTHADS`, date: '2025-03-03' },
      judgment: { court: 'Tòa án nhân dân quận Ba Đình', number: '125/2021/DS-ST', date: '2021-06-20' },
      initiation: 'on_request',
      category: 'civil',
      credit: false,
      corruption: false,
      debtor: { name: 'Phạm Văn Dũng', imprisoned: false },
      creditor: { name: 'Hoàng Thị Lan' },
      lines: [
        {
          id: 'debt',
          kind: 'money',
          description: 'Trả nợ',
          amount: '150000000',
          payee: 'Hoàng Thị Lan',
          owedToState: false,
        },
      ],
    },
    'POST /cases/{caseId}/assignment': { bailiffId: bailiffs.a, occurredOn: '2025-03-05' },
    'POST /cases/{caseId}/verifications': { occurredOn: '2025-03-25', outcome: 'enforceable' },
    'POST /cases/{caseId}/measures': { measure: 'freeze_account', description: 'Phong tỏa tài khoản', occurredOn: DAY },
    'POST /cases/{caseId}/collections': collectBody(`BL-M-${n}`, '1000'),
    'POST /cases/{caseId}/collections/{receiptNumber}/reversal': { reason: 'Ghi nhầm số tiền', occurredOn: DAY },
    'POST /cases/{caseId}/disbursements': { lineId: 'debt', amount: '1000', voucherNumber: `PC-${n}`, occurredOn: DAY },
    'POST /cases/{caseId}/postponement': {
      ground: 'Người phải thi hành án ốm nặng',
      until: '2025-05-30',
      occurredOn: DAY,
    },
    'POST /cases/{caseId}/suspension': {
      legalBasis: 'Điều 49 Luật Thi hành án dân sự',
      ground: 'Tòa án yêu cầu',
      occurredOn: DAY,
    },
    'POST /cases/{caseId}/resumption': { ground: 'Hết căn cứ tạm đình chỉ', occurredOn: '2025-04-11' },
    'POST /cases/{caseId}/exemptions': {
      lineId: 'debt',
      relief: 'reduction',
      amount: '1000',
      courtDecision: court,
      occurredOn: DAY,
    },
    'POST /cases/{caseId}/entrustment': {
      ground: 'Tài sản ở địa phương khác',
      occurredOn: '2025-04-20',
      toAgencyId: agencies.officeB,
    },
    'POST /cases/{caseId}/separate-ledger': { occurredOn: DAY },
    'POST /cases/{caseId}/reinstatement': { ground: 'Có tài sản mới', occurredOn: '2025-04-12' },
    'POST /cases/{caseId}/complaints': {
      occurredOn: DAY,
      complaintId: `k-m-${n}`,
      complainant: 'Phạm Văn Dũng',
      concerns: 'coercion',
      summary: 'Khiếu nại',
    },
    'POST /cases/{caseId}/complaints/{complaintId}/resolution': {
      occurredOn: '2025-04-15',
      outcome: 'rejected',
      summary: 'Không có căn cứ',
    },
    'POST /cases/{caseId}/termination': {
      occurredOn: '2025-04-21',
      ground: 'creditor_waived',
      legalBasis: 'Điều 50 Luật Thi hành án dân sự',
    },
    'POST /cases/{caseId}/completion': { occurredOn: '2025-04-22' },
    'POST /cases/{caseId}/return': { occurredOn: '2025-04-23' },
    'POST /cases/{caseId}/parties/{party}/erasure': {
      ground: 'Yêu cầu xóa dữ liệu của đương sự',
      occurredOn: '2025-04-24',
    },
    'PUT /targets/{agencyId}/{year}': { caseRate: 80, moneyRate: 40 },
  };
  return bodies[key];
}

/** For a route added since this drill was written: a body from its schema, noted in the report. */
function generatedBody(schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties)
        .filter(([name]) => schema.required?.includes(name))
        .map(([name, s]) => [name, /On$|date|From$|To$/.test(name) ? DAY : generatedBody(s)]),
    );
  }
  switch (schema.type) {
    case 'boolean':
      return false;
    case 'number':
    case 'integer':
      return 1;
    case 'array':
      return schema.items ? [generatedBody(schema.items)] : [];
    default:
      return 'Kiểm tra';
  }
}

const QUERY_VALUES: Record<string, () => string> = {
  asOf: () => '2025-06-30',
  knownAt: () => new Date().toISOString(),
  from: () => '2025-01-01T00:00:00Z',
  to: () => new Date().toISOString(),
  format: () => 'csv',
};

function build(
  operation: Operation,
  kind: Kind,
  target: string,
  n: number,
  generated: Set<string>,
): { path: string; body?: unknown } {
  const pathValues: Record<string, string> = {
    caseId: target,
    id: target,
    agencyId: target,
    receiptNumber: 'BL-1',
    complaintId: 'k-1',
    party: 'debtor',
    month: '2025-03',
    year: '2026',
    name: 'long-open',
  };
  let path = operation.path;
  for (const p of operation.parameters.filter((p) => p.in === 'path')) {
    path = path.replace(`{${p.name}}`, encodeURIComponent(pathValues[p.name] ?? 'x'));
  }
  const query: string[] = [];
  for (const p of operation.parameters.filter((p) => p.in === 'query')) {
    let value: string | undefined;
    if (
      (p.name === 'caseId' && kind === 'case') ||
      ((p.name === 'agencyId' || p.name === 'under') && kind === 'agency')
    ) {
      value = target;
    } else if (p.required) {
      value = QUERY_VALUES[p.name]?.() ?? (p.name === 'agencyId' ? WORLD.agencies.officeA : 'x');
    }
    if (value !== undefined) query.push(`${p.name}=${encodeURIComponent(value)}`);
  }
  if (query.length > 0) path += `?${query.join('&')}`;
  if (operation.method === 'GET' || !operation.body) return { path };
  let body = preparedBody(operation, target, n);
  if (!body) {
    generated.add(`${operation.method} ${operation.path}`);
    body = generatedBody(operation.body) as Record<string, unknown>;
  }
  if (kind === 'agency' && 'agencyId' in body && operation.path === '/cases') body = { ...body, agencyId: target };
  return { path, body };
}

export async function headPosition(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ head: string }>('SELECT coalesce(max(position), -1)::text AS head FROM events');
  return rows[0]!.head;
}

/**
 * Every event appended since `start` must come from a granted request (by its correlation id); none
 * may carry an auditor's name unless it records one of their reads.
 */
export async function checkWrites(
  pool: Pool,
  start: string,
  granted: Set<string>,
  context: DrillContext,
): Promise<void> {
  const { rows } = await pool.query<{ position: string; type: string; metadata: Record<string, unknown> }>(
    'SELECT position::text AS position, type, metadata FROM events WHERE position > $1 ORDER BY position',
    [start],
  );
  context.tally.eventsChecked += rows.length;
  let refused = 0;
  for (const row of rows) {
    const correlation = typeof row.metadata.correlationId === 'string' ? row.metadata.correlationId : '';
    if (!granted.has(correlation)) {
      refused++;
      context.tally.violations.push(
        `${row.type}@${row.position} written by a refused request (correlation id ${correlation || 'none'})`,
      );
    }
    if (row.metadata.role === 'auditor' && row.type !== 'AuditRecordRead') {
      context.tally.violations.push(`${row.type}@${row.position} written by an auditor`);
    }
  }
  context.tally.notes.push(
    `${fmt(rows.length - refused)} events written by granted requests, ${refused} by refused ones`,
  );
}
