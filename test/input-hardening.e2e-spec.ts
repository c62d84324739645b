import { createHmac, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { Actor } from '@app/platform';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

/**
 * Malformed and hostile requests, each the reproduction of a way in that once answered 201 with bad
 * data or a 500: every one now answers 4xx in the error shape, naming the field and rule, and
 * writes nothing to the log.
 */
describe('malformed and hostile requests through HTTP', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const auth = (actor: Actor) => ({ Authorization: `Bearer ${t.token(actor)}` });
  const post = (actor: Actor, path: string, body: unknown) =>
    t
      .http()
      .post(path)
      .set(auth(actor))
      .send(body as object);
  const get = (actor: Actor, path: string) => t.http().get(path).set(auth(actor));
  const head = async () => (await t.store.headPosition()) ?? -1n;

  /** The request answers `status` in the error shape with `code` (and these field errors), writing nothing. */
  async function refused(
    send: () => PromiseLike<Response>,
    status: number,
    code: string,
    errors: { field: string; rule: string }[] = [],
  ): Promise<Response> {
    const before = await head();
    const response = await send();
    expect({ status: response.status, body: response.body as unknown }).toMatchObject({
      status,
      body: {
        statusCode: status,
        error: expect.any(String),
        code,
        message: expect.any(String),
        correlationId: response.headers['x-correlation-id'],
      },
    });
    if (errors.length > 0) {
      expect((response.body as { errors: unknown }).errors).toEqual(
        expect.arrayContaining(errors.map((e): unknown => expect.objectContaining(e))),
      );
    }
    expect(await head()).toBe(before);
    return response;
  }

  const invalid = (errors: { field: string; rule: string }[]) => [400, 'VALIDATION_FAILED', errors] as const;

  /** A case accepted and assigned, and the position of that assignment. */
  async function acceptedCase(actor = world.actors.headA, agencyId = world.agencies.officeA) {
    const accepted = await post(actor, '/cases', acceptCaseBody(agencyId)).expect(201);
    const assigned = await post(actor, `/cases/${accepted.body.caseId}/assignment`, {
      bailiffId: agencyId === world.agencies.officeA ? world.bailiffs.a : world.bailiffs.b,
      occurredOn: '2025-03-04',
    }).expect(201);
    return { caseId: accepted.body.caseId as string, position: assigned.body.position as string };
  }

  describe('nested members', () => {
    const body = (overrides: Record<string, unknown>) => acceptCaseBody(world.agencies.officeA, {}, overrides);
    const withoutMember = (name: string) => {
      const whole: Record<string, unknown> = body({});
      delete whole[name];
      return whole;
    };

    it.each(['debtor', 'creditor', 'judgment', 'decision'])('refuses a case without %s', async (member) => {
      await refused(
        () => post(world.actors.headA, '/cases', withoutMember(member)),
        ...invalid([
          { field: member, rule: 'isDefined' },
          { field: member, rule: 'isObject' },
        ]),
      );
    });

    it.each([
      ['an array', []],
      ['null', null],
      ['a string', 'Phạm Văn Dũng'],
      ['a number', 7],
    ])('refuses %s for the debtor', async (_what, debtor) => {
      await refused(
        () => post(world.actors.headA, '/cases', body({ debtor })),
        ...invalid([{ field: 'debtor', rule: 'isObject' }]),
      );
    });

    it.each([
      ['an array inside', [[]]],
      ['null inside', [null]],
      ['a string inside', ['debt']],
    ])('refuses obligation lines with %s', async (_what, lines) => {
      await refused(
        () => post(world.actors.headA, '/cases', body({ lines })),
        ...invalid([{ field: 'lines', rule: 'isObject' }]),
      );
    });

    it('refuses one obligation line in place of the list', async () => {
      const [line] = body({}).lines;
      await refused(
        () => post(world.actors.headA, '/cases', body({ lines: line })),
        ...invalid([{ field: 'lines', rule: 'isArray' }]),
      );
    });

    it('refuses a member missing deeper down, with its path', async () => {
      const { name: _name, ...debtor } = body({}).debtor;
      await refused(
        () => post(world.actors.headA, '/cases', body({ debtor })),
        ...invalid([{ field: 'debtor.name', rule: 'isString' }]),
      );
    });

    it('refuses an exemption without the court decision', async () => {
      const { caseId } = await acceptedCase();
      await refused(
        () =>
          post(world.actors.headA, `/cases/${caseId}/exemptions`, {
            occurredOn: '2025-04-01',
            lineId: 'debt',
            relief: 'exemption',
          }),
        ...invalid([
          { field: 'courtDecision', rule: 'isDefined' },
          { field: 'courtDecision', rule: 'isObject' },
        ]),
      );
    });

    it('takes an optional nested member left out, and validates one given', async () => {
      await post(world.actors.headA, '/cases', body({ entrustedFrom: undefined })).expect(201);
      await refused(
        () => post(world.actors.headA, '/cases', body({ entrustedFrom: {} })),
        ...invalid([{ field: 'entrustedFrom.caseId', rule: 'isUuid' }]),
      );
    });
  });

  describe('text', () => {
    it.each([
      ['NUL', 'Phạm\u0000Văn Dũng', 'noControlCharacters'],
      ['an escape character', 'Phạm\u001b[31m', 'noControlCharacters'],
      ['a C1 control', 'Phạm\u0085Dũng', 'noControlCharacters'],
      ['a line feed', 'Phạm\nDũng', 'noControlCharacters'],
      ['a tab', 'Phạm\tDũng', 'noControlCharacters'],
      ['a lone surrogate', 'Phạm \ud800 Dũng', 'noLoneSurrogates'],
      ['a right-to-left override', 'Phạm \u202eDũng', 'noBidiControls'],
      ['a first-strong isolate', 'Phạm \u2068Dũng', 'noBidiControls'],
      ['a zero-width space', 'Phạm\u200bVăn', 'noZeroWidthCharacters'],
      ['a byte order mark inside', 'Phạm\ufeffVăn', 'noZeroWidthCharacters'],
    ])('refuses %s in a name', async (_what, name, rule) => {
      const debtor = { name, address: 'Số 5 phố Kim Mã', imprisoned: false };
      await refused(
        () => post(world.actors.headA, '/cases', acceptCaseBody(world.agencies.officeA, {}, { debtor })),
        ...invalid([{ field: 'debtor.name', rule }]),
      );
    });

    it('lets a summary run over several lines, and no other control character in', async () => {
      const { caseId } = await acceptedCase();
      const complaint = (summary: string) => ({
        occurredOn: '2025-04-01',
        complainant: 'Phạm Văn Dũng',
        concerns: 'coercion',
        summary,
      });
      await refused(
        () => post(world.actors.headA, `/cases/${caseId}/complaints`, complaint('Dòng một\r\nDòng hai')),
        ...invalid([{ field: 'summary', rule: 'noControlCharacters' }]),
      );
      await refused(
        () => post(world.actors.headA, `/cases/${caseId}/complaints`, complaint('Khiếu nại \u202egiả')),
        ...invalid([{ field: 'summary', rule: 'noBidiControls' }]),
      );
      await post(world.actors.headA, `/cases/${caseId}/complaints`, complaint('Dòng một\n\tDòng hai')).expect(201);
    });

    it('refuses NUL in a free-text query before it reaches PostgreSQL', async () => {
      await refused(
        () => get(world.actors.auditor, '/audit/events?actorId=a%00b'),
        ...invalid([{ field: 'actorId', rule: 'noControlCharacters' }]),
      );
    });

    it('escapes an unknown member’s unprintable name when naming it', async () => {
      const response = await refused(
        () => post(world.actors.headA, '/cases', { ...acceptCaseBody(world.agencies.officeA), 'x\u0000\u202e': 1 }),
        ...invalid([{ field: 'x\\u0000\\u202e', rule: 'whitelist' }]),
      );
      const { message, errors } = response.body as { message: string; errors: { field: string }[] };
      expect([message, errors[0]!.field].filter((text) => /\p{Cc}|\p{Bidi_Control}/u.test(text))).toEqual([]);
    });
  });

  describe('dates', () => {
    it.each(['1900-01-01', '1944-12-31', '2100-01-01', '9999-12-31'])(
      'refuses %s, a real day outside 1945–2099',
      async (date) => {
        const { caseId } = await acceptedCase();
        await refused(
          () =>
            post(world.actors.bailiffA, `/cases/${caseId}/verifications`, { occurredOn: date, outcome: 'enforceable' }),
          ...invalid([{ field: 'occurredOn', rule: 'dateInRange' }]),
        );
      },
    );

    it('refuses an impossible day in an instant', async () => {
      await refused(
        () =>
          get(
            world.actors.auditor,
            `/audit/statistics?agencyId=${world.agencies.province}&asOf=2025-06-30&knownAt=2025-02-30T00:00:00Z`,
          ),
        ...invalid([{ field: 'knownAt', rule: 'isInstant' }]),
      );
    });
  });

  describe('ids', () => {
    it('reads a case id in upper case as the same case, never as a second one', async () => {
      const { caseId: theirs, position } = await acceptedCase(world.actors.headB, world.agencies.officeB);
      const before = await get(world.actors.headB, `/cases/${theirs}?minPosition=${position}`).expect(200);
      const upper = theirs.toUpperCase();
      await refused(
        () =>
          post(
            world.actors.headOtherProvince,
            '/cases',
            acceptCaseBody(world.agencies.otherProvince, {}, { caseId: upper }),
          ),
        409,
        'CASE_ALREADY_EXISTS',
      );
      expect(await t.store.readStream(`case-${upper}`)).toEqual([]);
      const after = await get(world.actors.headB, `/cases/${upper}`).expect(200);
      expect(after.body).toEqual(before.body);
      expect(after.body).toMatchObject({ caseId: theirs, agencyId: world.agencies.officeB });
    });

    it('writes a step addressed by an upper-case id to the case’s own stream', async () => {
      const { caseId } = await acceptedCase();
      const verified = await post(world.actors.bailiffA, `/cases/${caseId.toUpperCase()}/verifications`, {
        occurredOn: '2025-03-20',
        outcome: 'enforceable',
      }).expect(201);
      expect(verified.body).toMatchObject({ caseId, revision: 2 });
      const read = await get(world.actors.headA, `/cases/${caseId}?minPosition=${verified.body.position}`).expect(200);
      expect(read.body.classification).toBe('enforceable');
    });

    it('refuses a case id that is not a UUID, naming the parameter', async () => {
      await refused(
        () => get(world.actors.headA, '/cases/not-a-case'),
        ...invalid([{ field: 'caseId', rule: 'isUuid' }]),
      );
      await refused(
        () => get(world.actors.auditor, `/audit/cases/${randomUUID()}x/events`),
        ...invalid([{ field: 'caseId', rule: 'isUuid' }]),
      );
    });

    it.each([
      [
        'an agency to close',
        (id: string) => post(world.actors.admin, `/agencies/${id}/closure`, { validTo: '2025-06-30' }),
      ],
      [
        'a bailiff to move',
        (id: string) => post(world.actors.admin, `/bailiffs/${id}/moves`, { toAgencyId: 'x', movedOn: '2025-06-30' }),
      ],
    ])('refuses %s named with %%00', async (_what, send) => {
      await refused(() => send('hn%00'), ...invalid([{ field: 'id', rule: 'matches' }]));
    });

    it.each([
      ['/bailiffs?agencyId=hn%00', 'agencyId'],
      ['/cases?bailiffId=chv%00', 'bailiffId'],
      ['/workload?agencyId=hn%00', 'agencyId'],
      ['/watchlists/overdue?bailiffId=chv%00', 'bailiffId'],
      ['/statistics?agencyId=hn%00&asOf=2025-06-30', 'agencyId'],
      ['/statistics/periods/hn%00/2025-06', 'agencyId'],
      ['/audit/integrity?streamId=case-%00', 'streamId'],
    ])('refuses %s', async (path, field) => {
      await refused(() => get(world.actors.auditor, path), ...invalid([{ field, rule: 'matches' }]));
    });

    it('refuses a receipt or complaint id with NUL in the path', async () => {
      const { caseId } = await acceptedCase();
      await refused(
        () =>
          post(world.actors.headA, `/cases/${caseId}/collections/BL%00/reversal`, {
            occurredOn: '2025-04-01',
            reason: 'Ghi nhầm',
          }),
        ...invalid([{ field: 'receiptNumber', rule: 'matches' }]),
      );
      await refused(
        () =>
          post(world.actors.headA, `/cases/${caseId}/complaints/k%00/resolution`, {
            occurredOn: '2025-04-01',
            outcome: 'rejected',
          }),
        ...invalid([{ field: 'complaintId', rule: 'matches' }]),
      );
    });

    it('refuses a case-list cursor made up by hand', async () => {
      const cursor = Buffer.from(JSON.stringify({ sort: 'acceptedOn', value: '2025-03-03', caseId: 'x' })).toString(
        'base64url',
      );
      await refused(
        () => get(world.actors.headA, `/cases?cursor=${cursor}`),
        ...invalid([{ field: 'cursor', rule: 'isCursor' }]),
      );
    });
  });

  describe('positions', () => {
    it.each(['9223372036854775808', '18446744073709551616', '99999999999999999999', '-1'])(
      'refuses minPosition %s',
      async (position) => {
        const { caseId } = await acceptedCase();
        await refused(
          () => get(world.actors.headA, `/cases/${caseId}?minPosition=${position}`),
          ...invalid([{ field: 'minPosition', rule: 'isPosition' }]),
        );
        await refused(
          () => get(world.actors.headA, `/cases?minPosition=${position}`),
          ...invalid([{ field: 'minPosition', rule: 'isPosition' }]),
        );
      },
    );

    it('refuses an audit cursor beyond any position', async () => {
      await refused(
        () => get(world.actors.auditor, '/audit/events?cursor=9223372036854775808'),
        ...invalid([{ field: 'cursor', rule: 'isPosition' }]),
      );
    });
  });

  describe('JSON', () => {
    const deep = (levels: number, open: string, close: string) => `${open.repeat(levels)}1${close.repeat(levels)}`;

    it.each([
      ['objects', deep(5000, '{"a":', '}')],
      ['arrays', deep(5000, '[', ']')],
      ['objects inside the body', `{"agencyId":${deep(2500, '{"a":[', ']}')}}`],
    ])('refuses %s nested thousands deep, before anything walks them', async (_what, text) => {
      for (const headers of [{}, { 'Idempotency-Key': `deep-${randomUUID()}` }]) {
        await refused(
          () =>
            t
              .http()
              .post('/cases')
              .set({ ...auth(world.actors.headA), ...headers, 'Content-Type': 'application/json' })
              .send(text),
          400,
          'JSON_TOO_DEEP',
        );
      }
    });

    it('still takes nesting as deep as the limit, and refuses prototype poisoning', async () => {
      await refused(
        () =>
          t
            .http()
            .post('/cases')
            .set({ ...auth(world.actors.headA), 'Content-Type': 'application/json' })
            .send(deep(32, '[', ']')),
        ...invalid([]),
      );
      await refused(
        () =>
          t
            .http()
            .post('/cases')
            .set({ ...auth(world.actors.headA), 'Content-Type': 'application/json' })
            .send('{"__proto__":{"agencyId":"x"}}'),
        400,
        'MALFORMED_JSON',
      );
    });
  });

  describe('bearer tokens and headers', () => {
    const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

    it.each([
      ['a JSON header over a payload that is not JSON', 'not json'],
      ['a JSON header over a null payload', 'null'],
    ])('answers %s with 401', async (_what, payload) => {
      const signed = `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(payload)}`;
      const token = `${signed}.${createHmac('sha256', 'not-the-secret').update(signed).digest('base64url')}`;
      const response = await refused(
        () =>
          t.http().post('/cases').set('Authorization', `Bearer ${token}`).send(acceptCaseBody(world.agencies.officeA)),
        401,
        'UNAUTHENTICATED',
      );
      expect(response.body.message).toMatch(/^Invalid bearer token: /);
    });

    it('answers 401 to a token whose subject carries NUL', async () => {
      const actor = { ...world.actors.headA, id: 'head\u0000a' };
      const response = await refused(
        () => post(actor, '/cases', acceptCaseBody(world.agencies.officeA)),
        401,
        'UNAUTHENTICATED',
      );
      expect(response.body.message).toMatch(/^Invalid bearer token: /);
    });

    it('lets no control character in a header through to the log', async () => {
      const body = acceptCaseBody(world.agencies.officeA);
      await refused(
        () => post(world.actors.headA, '/cases', body).set('Idempotency-Key', 'key\u0085'),
        400,
        'INVALID_IDEMPOTENCY_KEY',
      );
      await refused(
        () => post(world.actors.headA, '/cases', body).set('If-Match', '"1\u0085"'),
        ...invalid([{ field: 'If-Match', rule: 'revision' }]),
      );
      const traced = await post(world.actors.headA, '/cases', body).set('X-Correlation-Id', 'trace\u0085').expect(201);
      expect(traced.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('keys Object.prototype has', () => {
    it.each(['constructor', 'toString', 'hasOwnProperty'])('finds no obligation line %j', async (lineId) => {
      const { caseId } = await acceptedCase();
      await refused(
        () =>
          post(world.actors.bailiffA, `/cases/${caseId}/collections`, {
            occurredOn: '2025-04-01',
            lineId,
            amount: '1000',
            receiptNumber: `BL-${lineId}`,
          }),
        422,
        'UNKNOWN_OBLIGATION_LINE',
      );
      await refused(
        () =>
          post(world.actors.bailiffA, `/cases/${caseId}/measures`, {
            occurredOn: '2025-04-01',
            measure: 'seize_asset',
            lineId,
          }),
        422,
        'UNKNOWN_OBLIGATION_LINE',
      );
    });

    it('finds no complaint "constructor" to resolve or complainant "toString" to erase', async () => {
      const { caseId } = await acceptedCase();
      await refused(
        () =>
          post(world.actors.headA, `/cases/${caseId}/complaints/constructor/resolution`, {
            occurredOn: '2025-04-01',
            outcome: 'rejected',
          }),
        422,
        'COMPLAINT_NOT_FOUND',
      );
      await refused(
        () =>
          post(world.actors.headA, `/cases/${caseId}/parties/complainant-toString/erasure`, {
            occurredOn: '2025-04-01',
            ground: 'Yêu cầu xóa dữ liệu',
          }),
        422,
        'COMPLAINT_NOT_FOUND',
      );
    });
  });
});
