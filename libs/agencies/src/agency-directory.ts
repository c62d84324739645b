import { Injectable } from '@nestjs/common';
import { AggregateStore } from '@app/event-sourcing';
import { AGENCY_ID_PATTERN, BAILIFF_ID_PATTERN, type IsoDate } from '@app/kernel';
import { agencyAggregate } from './agency.decider';
import { bailiffAggregate } from './bailiff.decider';
import type { RegisteredAgency } from './domain/agency';
import type { AppointedBailiff } from './domain/bailiff';

/**
 * Who and where, for other contexts' write-side checks (a head acting within their subtree, a bailiff
 * assigned inside the case's agency subtree). It reads the agency and bailiff streams, never the read
 * models, so a check made right after a reorganisation cannot see a stale tree.
 */
/** Agencies a walk of the tree and its closures visits at most. */
const MAX_WALK = 32;

@Injectable()
export class AgencyDirectory {
  constructor(private readonly aggregates: AggregateStore) {}

  async agency(agencyId: string): Promise<RegisteredAgency | null> {
    if (!AGENCY_ID_PATTERN.test(agencyId)) return null;
    const { state } = await this.aggregates.load(agencyAggregate, agencyId);
    return state.status === 'unregistered' ? null : state;
  }

  /**
   * Whether `agencyId` is `ancestorId`, lies beneath it, or was closed into it or into an agency
   * beneath it (its cases are then the successor's): a head of the new province acts on the cases of
   * the district offices closed into it, as the head of the central agency does on all.
   */
  async isWithin(agencyId: string, ancestorId: string): Promise<boolean> {
    const seen = new Set<string>();
    let frontier = [agencyId];
    // Up a three-level tree and along a chain of closures; the bound keeps corrupted data from looping.
    while (frontier.length > 0 && seen.size < MAX_WALK) {
      if (frontier.includes(ancestorId)) return true;
      const next: string[] = [];
      for (const id of frontier) {
        if (seen.has(id)) continue;
        seen.add(id);
        const agency = await this.agency(id);
        if (!agency) continue;
        if (agency.parentId !== null) next.push(agency.parentId);
        if (agency.status === 'closed' && agency.successorId !== null) next.push(agency.successorId);
      }
      frontier = next;
    }
    return false;
  }

  /**
   * The agency that holds, on `date`, the cases `agencyId` accepted: itself while it works, then the
   * successor it closed into, and so on down the chain of closures.
   */
  async holderOn(agencyId: string, date: IsoDate): Promise<string> {
    let holder = agencyId;
    for (let hops = 0; hops < MAX_WALK; hops++) {
      const agency = await this.agency(holder);
      if (!agency || agency.status !== 'closed' || agency.successorId === null || date <= agency.validTo) break;
      holder = agency.successorId;
    }
    return holder;
  }

  /** The bailiff's name, grade and current posting (`agencyId` since `since`). */
  async bailiff(bailiffId: string): Promise<AppointedBailiff | null> {
    if (!BAILIFF_ID_PATTERN.test(bailiffId)) return null;
    const { state } = await this.aggregates.load(bailiffAggregate, bailiffId);
    return state.status === 'appointed' ? state : null;
  }
}
