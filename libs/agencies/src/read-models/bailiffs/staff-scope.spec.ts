import { Forbidden } from '@app/event-sourcing';
import type { Actor } from '@app/kernel';
import { staffScope, type AgencyScope } from './staff-scope';

const tree: Record<string, string | null> = { moj: null, 'ha-noi': 'moj', hcm: 'moj', hd: 'ha-noi' };
const scope: AgencyScope = {
  isWithin: async (agencyId, ancestorId) => {
    for (let at: string | null | undefined = agencyId; at; at = tree[at]) if (at === ancestorId) return true;
    return false;
  },
};
const actor = (role: Actor['role'], agencyId = 'ha-noi'): Actor => ({ id: `${role}-1`, role, agencyId });

describe('staffScope', () => {
  it('lets an administrator list any agency, or everyone', async () => {
    await expect(staffScope(actor('admin', 'moj'), 'hcm', scope)).resolves.toBe('hcm');
    await expect(staffScope(actor('admin', 'moj'), undefined, scope)).resolves.toBeUndefined();
  });

  it('keeps heads and auditors to their own subtree, which they get by default', async () => {
    await expect(staffScope(actor('head'), 'hd', scope)).resolves.toBe('hd');
    await expect(staffScope(actor('auditor'), undefined, scope)).resolves.toBe('ha-noi');
    await expect(staffScope(actor('head'), 'hcm', scope)).rejects.toBeInstanceOf(Forbidden);
    await expect(staffScope(actor('auditor'), 'moj', scope)).rejects.toBeInstanceOf(Forbidden);
  });

  it('does not let bailiffs list staff', async () => {
    await expect(staffScope(actor('bailiff'), 'ha-noi', scope)).rejects.toBeInstanceOf(Forbidden);
  });
});
