import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { type Actor, caseStreamId } from '@app/kernel';
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
      ['a zero-width space', 'Phạm\u200bVăn', 'noInvisibleCharacters'],
      ['a byte order mark inside', 'Phạm\ufeffVăn', 'noInvisibleCharacters'],
      ['a soft hyphen', 'Phạm\u00adVăn', 'noInvisibleCharacters'],
      ['a combining grapheme joiner', 'Phạm\u034fVăn', 'noInvisibleCharacters'],
      ['a Hangul choseong filler', 'Phạm\u115fVăn', 'noInvisibleCharacters'],
      ['a Hangul jungseong filler', 'Phạm\u1160Văn', 'noInvisibleCharacters'],
      ['a Hangul filler', 'Phạm\u3164Văn', 'noInvisibleCharacters'],
      ['a halfwidth Hangul filler', 'Phạm\uffa0Văn', 'noInvisibleCharacters'],
      ['a Khmer inherent vowel aq', 'Phạm\u17b4Văn', 'noInvisibleCharacters'],
      ['a Khmer inherent vowel aa', 'Phạm\u17b5Văn', 'noInvisibleCharacters'],
      ['a Mongolian vowel separator', 'Phạm\u180eVăn', 'noInvisibleCharacters'],
      ['an invisible times', 'Phạm\u2062Văn', 'noInvisibleCharacters'],
      ['an invisible plus', 'Phạm\u2064Văn', 'noInvisibleCharacters'],
      ['an inhibit symmetric swapping', 'Phạm\u206aVăn', 'noInvisibleCharacters'],
      ['a nominal digit shape', 'Phạm\u206fVăn', 'noInvisibleCharacters'],
      ['an interlinear annotation anchor', 'Phạm\ufff9Văn', 'noInvisibleCharacters'],
      ['an interlinear annotation terminator', 'Phạm\ufffbVăn', 'noInvisibleCharacters'],
      ['a variation selector', 'Phạm\ufe0fVăn', 'noInvisibleCharacters'],
      ['a supplementary variation selector', 'Phạm\u{e0100}Văn', 'noInvisibleCharacters'],
      ['a tag character', 'Phạm\u{e0041}Văn', 'noInvisibleCharacters'],
      ['a cancel tag', 'Phạm\u{e007f}Văn', 'noInvisibleCharacters'],
      ['a noncharacter', 'Phạm\ufdd0Văn', 'noInvisibleCharacters'],
      ['U+FFFE', 'Phạm\ufffeVăn', 'noInvisibleCharacters'],
      ['a supplementary noncharacter', 'Phạm\u{10ffff}Văn', 'noInvisibleCharacters'],
    ])('refuses %s in a name', async (_what, name, rule) => {
      const debtor = { name, address: 'Số 5 phố Kim Mã', imprisoned: false };
      await refused(
        () => post(world.actors.headA, '/cases', acceptCaseBody(world.agencies.officeA, {}, { debtor })),
        ...invalid([{ field: 'debtor.name', rule }]),
      );
    });

    it('takes Vietnamese typed precomposed or with combining marks, and keeps it composed', async () => {
      const decomposed = 'Pha\u0323m Va\u0306n Du\u0303ng';
      const marks = 'Nguye\u0302\u0303n Tho\u031b\u0300 Hu\u0309 A\u0301';
      for (const [name, stored] of [
        [decomposed, 'Phạm Văn Dũng'],
        ['Phạm Văn Dũng', 'Phạm Văn Dũng'],
        [marks, 'Nguyễn Thờ Hủ Á'],
      ]) {
        const debtor = { name, address: 'Số 5 phố Kim Mã', imprisoned: false };
        const accepted = await post(
          world.actors.headA,
          '/cases',
          acceptCaseBody(world.agencies.officeA, {}, { debtor }),
        ).expect(201);
        const read = await get(
          world.actors.headA,
          `/cases/${accepted.body.caseId}?minPosition=${accepted.body.position}`,
        ).expect(200);
        expect(read.body.debtor.name).toBe(stored);
      }
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

  describe('bytes and media types', () => {
    /** The bytes as given: superagent would otherwise serialise a Buffer sent as JSON into JSON. */
    const raw = (actor: Actor, path: string, bytes: Buffer, contentType = 'application/json') =>
      t
        .http()
        .post(path)
        .set({ ...auth(actor), 'Content-Type': contentType })
        .serialize((body: unknown) => body as string)
        .send(bytes);
    const verification = (note: Buffer) =>
      Buffer.concat([
        Buffer.from('{"occurredOn":"2025-03-20","outcome":"enforceable","note":"Ghi ', 'utf8'),
        note,
        Buffer.from(' chú"}', 'utf8'),
      ]);

    it.each([
      ['bytes that are no UTF-8 at all', [0xff, 0xfe, 0xc0, 0x80]],
      ['an overlong NUL', [0xc0, 0x80]],
      ['a surrogate encoded as CESU-8 writes it', [0xed, 0xa0, 0x80]],
      ['a sequence cut short', [0xe1, 0xba]],
    ])('refuses a body with %s, rather than storing U+FFFD in its place', async (_what, bytes) => {
      const { caseId } = await acceptedCase();
      await refused(
        () => raw(world.actors.bailiffA, `/cases/${caseId}/verifications`, verification(Buffer.from(bytes))),
        400,
        'MALFORMED_JSON',
      );
    });

    it.each([
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json;charset="UTF-16LE"',
      'application/json; charset=iso-8859-1; foo=bar',
    ])('refuses a JSON body labelled %j with 415', async (contentType) => {
      const { caseId } = await acceptedCase();
      await refused(
        () => raw(world.actors.bailiffA, `/cases/${caseId}/verifications`, verification(Buffer.from('a')), contentType),
        415,
        'UNSUPPORTED_CHARSET',
      );
    });

    it.each(['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json;CHARSET=Utf-8'])(
      'takes a UTF-8 body labelled %j',
      async (contentType) => {
        const { caseId } = await acceptedCase();
        const note = Buffer.from('tiếng Việt', 'utf8');
        await raw(world.actors.bailiffA, `/cases/${caseId}/verifications`, verification(note), contentType).expect(201);
      },
    );

    it.each([
      ['a form', 'application/x-www-form-urlencoded'],
      ['plain text', 'text/plain'],
    ])('refuses a command sent as %s with 415', async (_what, contentType) => {
      const { caseId } = await acceptedCase();
      await refused(
        () =>
          raw(
            world.actors.bailiffA,
            `/cases/${caseId}/collections`,
            Buffer.from('occurredOn=2025-04-01&lineId=debt&amount=5&receiptNumber=FORM1'),
            contentType,
          ),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });
  });

  describe('members no route knows', () => {
    it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'prototype'])(
      'refuses a member named %s, at the top and deeper down',
      async (name) => {
        const { caseId } = await acceptedCase();
        await refused(
          () =>
            post(world.actors.bailiffA, `/cases/${caseId}/verifications`, {
              occurredOn: '2025-03-20',
              outcome: 'enforceable',
              [name]: 'x',
            }),
          ...invalid([{ field: name, rule: 'whitelist' }]),
        );
        const debtor = { name: 'Phạm Văn Dũng', address: 'Số 5 phố Kim Mã', imprisoned: false, [name]: 1 };
        await refused(
          () => post(world.actors.headA, '/cases', acceptCaseBody(world.agencies.officeA, {}, { debtor })),
          ...invalid([{ field: `debtor.${name}`, rule: 'whitelist' }]),
        );
        const [line] = acceptCaseBody(world.agencies.officeA).lines;
        await refused(
          () =>
            post(
              world.actors.headA,
              '/cases',
              acceptCaseBody(world.agencies.officeA, {}, { lines: [{ ...line, [name]: 1 }] }),
            ),
          ...invalid([{ field: `lines.0.${name}`, rule: 'whitelist' }]),
        );
      },
    );

    it.each([
      ['/cases?__proto__=1', '__proto__'],
      ['/cases?constructor=1', 'constructor'],
      ['/audit/events?toString=1', 'toString'],
      ['/audit/events?__proto__=1&limit=5', '__proto__'],
    ])('refuses the query %s', async (path, field) => {
      await refused(() => get(world.actors.auditor, path), ...invalid([{ field, rule: 'whitelist' }]));
    });

    it('refuses a body sent to a route that takes none, and takes an empty one', async () => {
      const close = (month: string) => `/statistics/periods/${world.agencies.officeA}/${month}/close`;
      await refused(
        () => post(world.actors.headA, close('2025-01'), { x: 1 }),
        ...invalid([{ field: 'x', rule: 'whitelist' }]),
      );
      await refused(
        () => post(world.actors.headA, close('2025-01'), { constructor: 1 }),
        ...invalid([{ field: 'constructor', rule: 'whitelist' }]),
      );
      await refused(
        () =>
          t
            .http()
            .post(close('2025-01'))
            .set({ ...auth(world.actors.headA), 'Content-Type': 'application/json' })
            .send('[1]'),
        ...invalid([{ field: '0', rule: 'whitelist' }]),
      );
      await refused(
        () =>
          t
            .http()
            .post(close('2025-01'))
            .set({ ...auth(world.actors.headA), 'Content-Type': 'application/json' })
            .send('"x"'),
        400,
        'VALIDATION_FAILED',
      );
      await post(world.actors.headA, close('2025-01'), {}).expect(201);
      await t.http().post(close('2025-02')).set(auth(world.actors.headA)).expect(201);
    });
  });

  describe('query strings', () => {
    it.each([
      '/audit/events?actorId=%zz',
      '/audit/events?actorId=%ED%A0%80',
      '/audit/events?actorId=a%E1%BA',
      '/cases?bailiffId=%',
    ])('refuses %s as a malformed URL, recording no read', async (path) => {
      await refused(() => get(world.actors.auditor, path), 400, 'MALFORMED_URL');
    });

    it('still reads well-formed escapes', async () => {
      const response = await get(world.actors.auditor, '/audit/events?actorId=Nguy%E1%BB%85n&limit=1').expect(200);
      expect(response.body).toHaveProperty('items');
    });
  });

  describe('bearer token claims', () => {
    it.each([
      ['an agency that is SQL', { agencyId: "' OR 1=1; --" }, '"agencyId" claim'],
      ['an agency in upper case', { agencyId: 'HN' }, '"agencyId" claim'],
      ['a subject that is markup', { id: '<img src=x onerror=alert(1)>' }, '"sub" claim'],
      ['a subject that is a formula', { id: '=HYPERLINK("http://evil.example","open")' }, '"sub" claim'],
    ])('answers 401 to a token with %s, naming the claim', async (_what, claims, named) => {
      const actor = { ...world.actors.admin, ...claims };
      const body = {
        id: `x-${randomUUID().slice(0, 8)}`,
        name: 'Phòng X',
        level: 'local',
        parentId: world.agencies.province,
        validFrom: '2025-07-01',
      };
      const response = await refused(() => post(actor, '/agencies', body), 401, 'UNAUTHENTICATED');
      expect(response.body.message).toContain(named);
    });
  });

  describe('Idempotency-Key', () => {
    const collection = () => ({
      occurredOn: '2025-04-01',
      lineId: 'debt',
      amount: '1000',
      receiptNumber: `BL-${randomUUID().slice(0, 8)}`,
    });

    /**
     * The request through Node's own client, which sends the path exactly as written: superagent
     * drops a `?` that ends a URL.
     */
    async function postVerbatim(actor: Actor, path: string, body: object, key: string) {
      const server = t.app.getHttpServer() as Server;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const text = JSON.stringify(body);
        return await new Promise<{ status: number; replayed: unknown; body: unknown }>((resolve, reject) => {
          const sent = httpRequest(
            {
              host: '127.0.0.1',
              port,
              path,
              method: 'POST',
              headers: {
                ...auth(actor),
                'Content-Type': 'application/json',
                'Content-Length': Buffer.byteLength(text),
                'Idempotency-Key': key,
              },
            },
            (response) => {
              const chunks: Buffer[] = [];
              response.on('data', (chunk: Buffer) => chunks.push(chunk));
              response.on('end', () =>
                resolve({
                  status: response.statusCode ?? 0,
                  replayed: response.headers['idempotency-replayed'],
                  body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
                }),
              );
            },
          );
          sent.on('error', reject);
          sent.end(text);
        });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    }

    it('replays a retry sent to the same URL spelt another way, and refuses another query', async () => {
      const { caseId } = await acceptedCase();
      const key = `url-${randomUUID()}`;
      const body = collection();
      const first = await post(world.actors.bailiffA, `/cases/${caseId}/collections`, body)
        .set('Idempotency-Key', key)
        .expect(201);
      const before = await head();
      for (const path of [
        `/cases/${caseId.toUpperCase()}/collections`,
        `/cases/${caseId}/collections/`,
        `/cases/${caseId}/collections?`,
        `/cases/${caseId.toUpperCase()}/collections/?`,
      ]) {
        const retry = await postVerbatim(world.actors.bailiffA, path, body, key);
        expect({ path, ...retry }).toEqual({ path, status: 201, replayed: 'true', body: first.body });
      }
      expect(await head()).toBe(before);
      await refused(
        () => post(world.actors.bailiffA, `/cases/${caseId}/collections?copy=1`, body).set('Idempotency-Key', key),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
    });

    it('keeps a key to the role and agency of its token: another token of the same user runs its own request', async () => {
      const { caseId } = await acceptedCase();
      const key = `scope-${randomUUID()}`;
      const complaint = {
        occurredOn: '2025-04-01',
        complainant: 'Phạm Văn Dũng',
        concerns: 'coercion',
        summary: 'Khiếu nại',
      };
      const send = (actor: Actor) => post(actor, `/cases/${caseId}/complaints`, complaint).set('Idempotency-Key', key);
      const first = await send(world.actors.headA).expect(201);
      const elsewhere = { ...world.actors.headA, agencyId: world.agencies.officeB };
      const response = await refused(() => send(elsewhere), 404, 'NOT_FOUND');
      expect(response.headers['idempotency-replayed']).toBeUndefined();
      const again = await send(world.actors.headA).expect(201);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });
  });

  describe('CSV downloads', () => {
    const FORMULA = '=HYPERLINK("http://evil.example","open")';

    /** RFC 4180 rows of `text`, quotes undone. */
    function csvRows(text: string): string[][] {
      const rows: string[][] = [];
      let row: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < text.length; i++) {
        const char = text[i]!;
        if (quoted) {
          if (char === '"' && text[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (char === '"') quoted = false;
          else cell += char;
        } else if (char === '"') quoted = true;
        else if (char === ',') {
          row.push(cell);
          cell = '';
        } else if (char === '\r' && text[i + 1] === '\n') {
          row.push(cell);
          rows.push(row);
          row = [];
          cell = '';
          i++;
        } else cell += char;
      }
      return rows;
    }

    /** Cells a spreadsheet would run as formulas: what starts like one and is not a plain number. */
    const formulas = (rows: string[][]) =>
      rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?[0-9]+(\.[0-9]+)?$/.test(cell));

    it('writes no cell of a case’s history a spreadsheet would run', async () => {
      const { caseId } = await acceptedCase();
      const verified = await post(world.actors.bailiffA, `/cases/${caseId}/verifications`, {
        occurredOn: '2025-03-20',
        outcome: 'enforceable',
        note: FORMULA,
      })
        .set('X-Correlation-Id', FORMULA)
        .expect(201);
      expect(verified.headers['x-correlation-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
      // Written before subjects and correlation ids were held to a pattern: the log keeps such events.
      const [, , recorded] = await t.store.readStream(caseStreamId(caseId));
      await t.store.appendToStream(
        caseStreamId(caseId),
        [
          {
            id: randomUUID(),
            type: recorded!.type,
            data: recorded!.data,
            metadata: {
              ...recorded!.metadata,
              actorId: FORMULA,
              correlationId: '+cmd|/C calc!A0',
              causationId: '@SUM(1+1)',
            },
          },
        ],
        recorded!.revision,
      );
      const csv = await get(world.actors.auditor, `/audit/cases/${caseId}/events?format=csv`).expect(200);
      const rows = csvRows(csv.text);
      expect(rows).toHaveLength(5);
      expect(formulas(rows)).toEqual([]);
      const [columns, ...events] = rows;
      const cell = (event: string[], column: string) => event[columns!.indexOf(column)];
      expect(events.map((event) => cell(event, 'actorId'))).toContain(`'${FORMULA}`);
      expect(events.map((event) => cell(event, 'correlationId'))).toContain(`'+cmd|/C calc!A0`);
      expect(events.map((event) => cell(event, 'causationId'))).toContain(`'@SUM(1+1)`);
      expect(JSON.parse(cell(events[2]!, 'data')!)).toMatchObject({ note: FORMULA });
      expect(cell(events[0]!, 'revision')).toBe('0');
    });

    it('writes no cell of the statistics export a spreadsheet would run, and keeps the figures numbers', async () => {
      const own = await seedAgencies(t);
      const evil = `evil-${randomUUID().slice(0, 8)}`;
      const registered = await post(own.actors.admin, '/agencies', {
        id: evil,
        name: FORMULA,
        level: 'local',
        parentId: own.agencies.province,
        validFrom: '2015-01-01',
      }).expect(201);
      await t.caughtUp(registered.body.position);
      const csv = await get(
        own.actors.headProvince,
        `/statistics/export?agencyId=${own.agencies.province}&asOf=2025-06-30&format=csv`,
      ).expect(200);
      const rows = csvRows(csv.text.replace(/^\uFEFF/, ''));
      expect(formulas(rows)).toEqual([]);
      expect(rows.find((row) => row[0] === evil)?.[1]).toBe(`'${FORMULA}`);
      const total = rows.at(-1)!;
      expect(total.slice(2).every((figure) => /^-?[0-9]+(\.[0-9]+)?$/.test(figure))).toBe(true);
    });
  });
});
