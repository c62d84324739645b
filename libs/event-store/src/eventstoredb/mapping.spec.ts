import type { EventToAppend } from '../event-store.port';
import {
  MATCH_NOTHING_REGEX,
  createdToDate,
  escapeRegex,
  eventTypesRegex,
  fromEsdbMetadata,
  isSystemEvent,
  matchesFilter,
  toActualRevision,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toPosition,
  toRecordedEvent,
  toServerFilter,
  type EsdbRecordedEvent,
} from './mapping';

const ID = '0b7c5c52-9f3e-4a4e-9d0c-3f1e2d6b8a11';

describe('escapeRegex', () => {
  it('escapes every regex special character', () => {
    expect(escapeRegex('a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o')).toBe(
      'a\\.b\\*c\\+d\\?e\\^f\\$g\\{h\\}i\\(j\\)k\\|l\\[m\\]n\\\\o',
    );
  });

  it('leaves ordinary event type characters alone', () => {
    expect(escapeRegex('case-opened_v2:Agency/Hanoi')).toBe('case-opened_v2:Agency/Hanoi');
  });

  it.each(['Order.Placed', 'a+b', '(x)', '[y]', 'c$d', 'e^f', 'g|h', 'back\\slash', 'q?'])(
    'produces a pattern matching %s literally',
    (text) => {
      expect(new RegExp(`^${escapeRegex(text)}$`).test(text)).toBe(true);
    },
  );
});

describe('eventTypesRegex', () => {
  it('anchors an alternation of the escaped types', () => {
    expect(eventTypesRegex(['CaseOpened', 'Debt.Paid', 'Fee(Charged)'])).toBe(
      '^(CaseOpened|Debt\\.Paid|Fee\\(Charged\\))$',
    );
  });

  it('matches exactly the listed types', () => {
    const regex = new RegExp(eventTypesRegex(['CaseOpened', 'Debt.Paid']));
    expect(regex.test('CaseOpened')).toBe(true);
    expect(regex.test('Debt.Paid')).toBe(true);
    expect(regex.test('DebtXPaid')).toBe(false);
    expect(regex.test('CaseOpenedLate')).toBe(false);
    expect(regex.test('PreCaseOpened')).toBe(false);
    expect(regex.test('CaseOpened|Debt.Paid')).toBe(false);
  });

  it('matches nothing for an empty list', () => {
    expect(eventTypesRegex([])).toBe(MATCH_NOTHING_REGEX);
    const regex = new RegExp(MATCH_NOTHING_REGEX);
    expect(regex.test('')).toBe(false);
    expect(regex.test('CaseOpened')).toBe(false);
  });
});

describe('toServerFilter', () => {
  const checkpointReached = jest.fn();

  it('excludes system events when there is no filter', () => {
    const filter = toServerFilter(undefined, checkpointReached);
    expect(filter).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*', checkpointReached });
  });

  it('filters on event type with an escaped regex', () => {
    const filter = toServerFilter({ eventTypes: ['A.B', 'C'] }, checkpointReached);
    expect(filter).toMatchObject({ filterOn: 'eventType', regex: '^(A\\.B|C)$', checkpointReached });
  });

  it('filters on stream name prefixes', () => {
    const filter = toServerFilter({ streamPrefixes: ['case-', 'debt-'] }, checkpointReached);
    expect(filter).toMatchObject({ filterOn: 'streamName', prefixes: ['case-', 'debt-'], checkpointReached });
  });

  it('matches no stream for an empty prefix list', () => {
    const filter = toServerFilter({ streamPrefixes: [] }, checkpointReached);
    expect(filter).toMatchObject({ filterOn: 'streamName', regex: MATCH_NOTHING_REGEX });
    expect(filter).not.toHaveProperty('prefixes');
  });
});

describe('toEsdbExpectedRevision', () => {
  it.each([
    ['any', 'any'],
    ['no_stream', 'no_stream'],
    ['stream_exists', 'stream_exists'],
    [0, 0n],
    [41, 41n],
  ] as const)('maps %p to %p', (ours, theirs) => {
    expect(toEsdbExpectedRevision(ours)).toBe(theirs);
  });
});

describe('toActualRevision', () => {
  it('maps the no-stream constant to -1', () => {
    expect(toActualRevision('no_stream')).toBe(-1);
  });

  it('maps a negative revision to -1', () => {
    expect(toActualRevision(-1n)).toBe(-1);
  });

  it('maps a bigint revision to a number', () => {
    expect(toActualRevision(0n)).toBe(0);
    expect(toActualRevision(7n)).toBe(7);
  });
});

describe('toPosition', () => {
  it('uses the position as both commit and prepare', () => {
    expect(toPosition(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
  });
});

describe('createdToDate', () => {
  const millis = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
  const ticks = BigInt(millis) * 10_000n + 4_321n;

  it('copies a Date', () => {
    const created = new Date(millis);
    const date = createdToDate(created);
    expect(date.getTime()).toBe(millis);
    expect(date).not.toBe(created);
  });

  it('converts .NET ticks since the Unix epoch, given as bigint, number or string', () => {
    expect(createdToDate(ticks).toISOString()).toBe('2025-01-02T03:04:05.678Z');
    expect(createdToDate(Number(ticks)).getTime()).toBe(millis);
    expect(createdToDate(ticks.toString()).getTime()).toBe(millis);
  });
});

describe('isSystemEvent', () => {
  it.each([
    [{ streamId: '$stats-127.0.0.1:2113', type: 'StatsCollected' }, true],
    [{ streamId: 'case-1', type: '$metadata' }, true],
    [{ streamId: '$$case-1', type: '$metadata' }, true],
    [{ streamId: 'case-1', type: 'CaseOpened' }, false],
    [{ streamId: 'case-$1', type: 'Case$Opened' }, false],
  ])('%p → %p', (event, expected) => {
    expect(isSystemEvent(event)).toBe(expected);
  });
});

describe('matchesFilter', () => {
  const event = { streamId: 'case-42', type: 'CaseOpened' };

  it('accepts everything without a filter', () => {
    expect(matchesFilter(undefined, event)).toBe(true);
  });

  it('compares event types exactly', () => {
    expect(matchesFilter({ eventTypes: ['CaseOpened'] }, event)).toBe(true);
    expect(matchesFilter({ eventTypes: ['CaseOpen'] }, event)).toBe(false);
    expect(matchesFilter({ eventTypes: [] }, event)).toBe(false);
  });

  it('compares stream prefixes', () => {
    expect(matchesFilter({ streamPrefixes: ['debt-', 'case-'] }, event)).toBe(true);
    expect(matchesFilter({ streamPrefixes: ['case-42-'] }, event)).toBe(false);
    expect(matchesFilter({ streamPrefixes: [] }, event)).toBe(false);
  });
});

describe('metadata', () => {
  const base: EventToAppend = { id: ID, type: 'CaseOpened', data: {} };

  it('stores schemaVersion 1 when none is given', () => {
    expect(toEsdbMetadata(base)).toEqual({ schemaVersion: 1 });
  });

  it('stores the given schemaVersion next to the caller metadata, without undefined values', () => {
    expect(
      toEsdbMetadata({ ...base, schemaVersion: 3, metadata: { actorId: 'u1', role: undefined, extra: [1, 'x'] } }),
    ).toEqual({ actorId: 'u1', extra: [1, 'x'], schemaVersion: 3 });
  });

  it('strips schemaVersion back out on read', () => {
    expect(fromEsdbMetadata({ actorId: 'u1', schemaVersion: 3 })).toEqual({
      schemaVersion: 3,
      metadata: { actorId: 'u1' },
    });
  });

  it.each([undefined, {}, { schemaVersion: 'two' }, { schemaVersion: 0 }, { schemaVersion: 1.5 }])(
    'defaults schemaVersion to 1 for %p',
    (raw) => {
      expect(fromEsdbMetadata(raw).schemaVersion).toBe(1);
    },
  );

  it('reads metadata that is not a JSON object as empty', () => {
    expect(fromEsdbMetadata(new Uint8Array([1, 2]))).toEqual({ schemaVersion: 1, metadata: {} });
    expect(fromEsdbMetadata(['a'])).toEqual({ schemaVersion: 1, metadata: {} });
  });
});

describe('toRecordedEvent', () => {
  const created = new Date(Date.UTC(2025, 5, 1, 12, 0, 0, 250));
  const recorded: EsdbRecordedEvent = {
    id: ID,
    streamId: 'case-42',
    revision: 5n,
    type: 'CaseOpened',
    isJson: true,
    data: { caseNo: '12/2025/THA', amount: 1000 },
    metadata: { actorId: 'u1', schemaVersion: 2 },
    created,
    position: { commit: 9876n, prepare: 9876n },
  };

  it('maps every field', () => {
    expect(toRecordedEvent(recorded)).toEqual({
      id: ID,
      streamId: 'case-42',
      revision: 5,
      position: 9876n,
      type: 'CaseOpened',
      schemaVersion: 2,
      data: { caseNo: '12/2025/THA', amount: 1000 },
      metadata: { actorId: 'u1' },
      recordedAt: created,
      hash: '',
    });
  });

  it('reads the hash and the recorded-at it covers from the metadata, and hides both', () => {
    const hash = 'ab'.repeat(32);
    const read = toRecordedEvent({
      ...recorded,
      metadata: { actorId: 'u1', schemaVersion: 2, $hash: hash, $recordedAt: '2025-06-01T12:00:00.123Z' },
    });
    expect(read).toMatchObject({ hash, metadata: { actorId: 'u1' } });
    expect(read.recordedAt.toISOString()).toBe('2025-06-01T12:00:00.123Z');
  });

  it('prefers the record position and falls back to the resolved event commit position', () => {
    expect(toRecordedEvent(recorded, 1n).position).toBe(9876n);
    expect(toRecordedEvent({ ...recorded, position: undefined }, 1234n).position).toBe(1234n);
  });

  it('refuses an event without a position', () => {
    expect(() => toRecordedEvent({ ...recorded, position: undefined })).toThrow(/position/);
  });

  it('refuses binary or non-object data', () => {
    expect(() => toRecordedEvent({ ...recorded, isJson: false, data: new Uint8Array([1]) })).toThrow(/JSON object/);
    expect(() => toRecordedEvent({ ...recorded, data: ['not', 'an', 'object'] })).toThrow(/JSON object/);
  });
});
