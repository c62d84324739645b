import { Injectable } from '@nestjs/common';
import { AggregateStore } from '@app/event-sourcing';
import { AGENCY_ID_PATTERN, BAILIFF_ID_PATTERN } from '@app/kernel';
import { agencyAggregate } from './agency.decider';
import { bailiffAggregate } from './bailiff.decider';
import { AGENCY_LEVELS, type RegisteredAgency } from './domain/agency';
import type { AppointedBailiff } from './domain/bailiff';

/**
 * Who and where, for other contexts' write-side checks (a head acting within their subtree, a bailiff
 * assigned inside the case's agency subtree). It reads the agency and bailiff streams, never the read
 * models, so a check made right after a reorganisation cannot see a stale tree.
 */
@Injectable()
export class AgencyDirectory {
  constructor(private readonly aggregates: AggregateStore) {}

  async agency(agencyId: string): Promise<RegisteredAgency | null> {
    if (!AGENCY_ID_PATTERN.test(agencyId)) return null;
    const { state } = await this.aggregates.load(agencyAggregate, agencyId);
    return state.status === 'unregistered' ? null : state;
  }

  /** The agency, then its parent, up to the central agency; empty when the agency does not exist. */
  async ancestry(agencyId: string): Promise<RegisteredAgency[]> {
    const chain: RegisteredAgency[] = [];
    let next: string | null = agencyId;
    // The deciders only build three-level trees; the bound keeps corrupted data from looping forever.
    while (next !== null && chain.length < AGENCY_LEVELS.length) {
      const agency = await this.agency(next);
      if (!agency) break;
      chain.push(agency);
      next = agency.parentId;
    }
    return chain;
  }

  /** Whether `agencyId` is `ancestorId` or lies beneath it. */
  async isWithin(agencyId: string, ancestorId: string): Promise<boolean> {
    return (await this.ancestry(agencyId)).some((agency) => agency.agencyId === ancestorId);
  }

  /** The bailiff's name, grade and current posting (`agencyId` since `since`). */
  async bailiff(bailiffId: string): Promise<AppointedBailiff | null> {
    if (!BAILIFF_ID_PATTERN.test(bailiffId)) return null;
    const { state } = await this.aggregates.load(bailiffAggregate, bailiffId);
    return state.status === 'appointed' ? state : null;
  }
}
