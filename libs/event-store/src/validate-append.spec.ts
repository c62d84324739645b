import { InvalidAppend } from './errors';
import type { EventToAppend } from './event-store.port';
import { validateAppend } from './validate-append';

const ID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const OTHER_ID = '0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d';

describe('validateAppend', () => {
  const event: EventToAppend = { id: ID, type: 'CaseOpened', data: {} };

  it('accepts a well-formed append', () => {
    expect(() => validateAppend('case-1', [event, { ...event, id: OTHER_ID }], 3)).not.toThrow();
    expect(() => validateAppend('case-1', [event], 'no_stream')).not.toThrow();
  });

  it.each([
    ['an empty stream id', '', [event], 'any'],
    ['a system stream id', '$case-1', [event], 'any'],
    ['no events', 'case-1', [], 'any'],
    ['a negative expected revision', 'case-1', [event], -1],
    ['a fractional expected revision', 'case-1', [event], 1.5],
    ['a non-UUID id', 'case-1', [{ ...event, id: 'not-a-uuid' }], 'any'],
    ['the same id twice', 'case-1', [event, { ...event, id: ID.toUpperCase() }], 'any'],
    ['an empty type', 'case-1', [{ ...event, type: '' }], 'any'],
    ['a zero schema version', 'case-1', [{ ...event, schemaVersion: 0 }], 'any'],
    ['schemaVersion inside metadata', 'case-1', [{ ...event, metadata: { schemaVersion: 2 } }], 'any'],
  ] as const)('rejects %s', (_label, streamId, events, expected) => {
    expect(() => validateAppend(streamId, events, expected)).toThrow(InvalidAppend);
  });
});
