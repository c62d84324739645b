import { createHash } from 'node:crypto';
import type { JsonObject } from '../event-store.port';
import { canonicalEvent, canonicalJson, eventHash, GENESIS_HASH } from './event-hash';

describe('canonical JSON', () => {
  it('sorts keys at every depth by code units, drops undefined and writes no whitespace', () => {
    const value = { b: 1, a: { d: [2, { z: 'x', y: null }], c: undefined }, 10: true, 9: 'é "q"\n' };
    expect(canonicalJson(value as unknown as JsonObject)).toBe(
      '{"10":true,"9":"é \\"q\\"\\n","a":{"d":[2,{"y":null,"z":"x"}]},"b":1}',
    );
  });
});

describe('eventHash', () => {
  const event = {
    id: 'A0B1C2D3-0000-4000-8000-000000000000',
    streamId: 'case-1',
    revision: 0,
    type: 'CaseAccepted',
    schemaVersion: 1,
    data: { amount: '1000' },
    metadata: { actorId: 'u1' },
    recordedAt: new Date('2026-11-24T08:00:00.123Z'),
  };

  it('is SHA-256 of the previous hash followed by the documented canonical text', () => {
    const text =
      '{"data":{"amount":"1000"},"id":"a0b1c2d3-0000-4000-8000-000000000000","metadata":{"actorId":"u1"},' +
      '"recordedAt":"2026-11-24T08:00:00.123Z","revision":0,"schemaVersion":1,"streamId":"case-1","type":"CaseAccepted"}';
    expect(canonicalEvent(event)).toBe(text);
    expect(eventHash(GENESIS_HASH, event)).toBe(
      createHash('sha256')
        .update('0'.repeat(64) + text, 'utf8')
        .digest('hex'),
    );
  });
});
