import { randomBytes } from 'node:crypto';
import { partyKeyId } from '@app/event-sourcing';
import { encrypt, ERASED } from './personal-data-cipher';
import { revealPersonalValues } from './reveal-values';

describe('revealPersonalValues', () => {
  const keys = new Map<string, Buffer | null>();
  const lookups: string[][] = [];
  const vault = {
    keys: async (ids: readonly string[]) => {
      lookups.push([...ids]);
      return new Map(ids.map((id) => [id, keys.get(id) ?? null]));
    },
  };
  const sealed = (caseId: string, party: string, text: string) => {
    const id = partyKeyId(caseId, party);
    if (!keys.has(id)) keys.set(id, randomBytes(32));
    return encrypt(id, keys.get(id)!, text);
  };
  const ownKeys = (item: { caseId: string }) => partyKeyId(item.caseId, '');

  beforeEach(() => (lookups.length = 0));

  it('decrypts every personal value of a page with one key lookup, and shows erased parties as erased', async () => {
    const erasedKey = partyKeyId('c2', 'debtor');
    const page = [
      { caseId: 'c1', debtor: { name: sealed('c1', 'debtor', 'Phạm Văn Dũng') }, owed: '1000', lines: [] },
      { caseId: 'c2', debtor: { name: sealed('c2', 'debtor', 'Lê Thị Hoa') }, owed: '5', lines: [{ n: 1 }] },
    ];
    keys.set(erasedKey, null);
    expect(await revealPersonalValues(page, vault, ownKeys)).toEqual([
      { caseId: 'c1', debtor: { name: 'Phạm Văn Dũng' }, owed: '1000', lines: [] },
      { caseId: 'c2', debtor: { name: ERASED }, owed: '5', lines: [{ n: 1 }] },
    ]);
    expect(lookups).toHaveLength(1);
    expect(page[0]!.debtor.name).not.toBe('Phạm Văn Dũng');
  });

  it("decrypts nothing under another case's keys and shows text that only looks encrypted as it is", async () => {
    const othersName = sealed('c3', 'debtor', 'Trần Văn Bình');
    const lookalike = `pii:v1:${partyKeyId('c4', 'debtor')}:AAAA:AAAA:AAAA`;
    sealed('c4', 'debtor', 'anything');
    const page = [{ caseId: 'c4', description: othersName, note: lookalike }];
    expect(await revealPersonalValues(page, vault, ownKeys)).toEqual(page);
  });

  it('leaves plain values alone without looking up any key', async () => {
    const page = [{ caseId: 'c5', debtorName: 'Nguyễn Văn An', amount: 12 }];
    expect(await revealPersonalValues(page, vault, ownKeys)).toEqual(page);
    expect(lookups).toEqual([]);
  });
});
