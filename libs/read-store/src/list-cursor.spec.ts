import { keysetCursor, POSITION_CURSOR } from './list-cursor';

describe('a keyset cursor', () => {
  const cursor = keysetCursor<{ list: string; value: string }>(({ list, value }) =>
    list === 'overdue' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? { list, value } : null,
  );
  const text = (fields: unknown) => Buffer.from(JSON.stringify(fields)).toString('base64url');

  it('gives back the key it encoded, as base64url of its JSON in the key’s order', () => {
    const encoded = cursor.encode({ list: 'overdue', value: '2025-03-03' });
    expect(encoded).toBe(text({ list: 'overdue', value: '2025-03-03' }));
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor.decode(encoded)).toEqual({ list: 'overdue', value: '2025-03-03' });
  });

  it.each([
    ['fields the list refuses', text({ list: 'overdue', value: "2025-03-03' OR 1=1" })],
    ['another list', text({ list: 'long-open', value: '2025-03-03' })],
    ['JSON that is not an object', text(['overdue', '2025-03-03'])],
    ['null', text(null)],
    ['a string', text('overdue')],
    ['text that is not JSON', Buffer.from('{"list":').toString('base64url')],
    ['characters outside base64url', `${text({ list: 'overdue', value: '2025-03-03' })}=`],
    ['nothing', ''],
    ['more than 500 characters', 'A'.repeat(501)],
  ])('is null for %s', (_what, sent) => {
    expect(cursor.decode(sent)).toBeNull();
  });
});

describe('a position cursor', () => {
  it('is the position in digits, as the audit log has always published it', () => {
    expect(POSITION_CURSOR.encode(1234n)).toBe('1234');
    expect(POSITION_CURSOR.decode('1234')).toBe(1234n);
    expect(POSITION_CURSOR.decode('0')).toBe(0n);
    expect(POSITION_CURSOR.decode('9223372036854775807')).toBe(2n ** 63n - 1n);
  });

  it.each(['', 'abc', '-1', '01', '1.5', ' 1', '9223372036854775808', '99999999999999999999'])(
    'is null for %j',
    (sent) => {
      expect(POSITION_CURSOR.decode(sent)).toBeNull();
    },
  );
});
