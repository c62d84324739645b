import { stableEventId } from './stable-event-id';

describe('stableEventId', () => {
  it('gives the same UUID for the same seed and index, and a different one otherwise', () => {
    const id = stableEventId('user-1:key-1', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableEventId('user-1:key-1', 0)).toBe(id);
    expect(stableEventId('user-1:key-1', 1)).not.toBe(id);
    expect(stableEventId('user-2:key-1', 0)).not.toBe(id);
  });
});
