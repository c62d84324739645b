import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toDomainEvent } from '@app/event-sourcing';
import type { RecordedEvent } from '@app/event-store';
import { type Projection, upsertRows } from '@app/read-store';
import type { IsoDate } from '@app/kernel';
import { AGENCY_EVENT_TYPES, type AgencyEvent, type AgencyLevel } from '../../domain/agency';
import { unreachable } from '../../domain/unreachable';

export const AGENCIES_PROJECTION = 'agencies';

export interface AgencyRow {
  agencyId: string;
  name: string;
  level: AgencyLevel;
  parentId: string | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  successorId: string | null;
  legalBasis: string | null;
}

/**
 * One agency's row after one more event. Applying an event the row already reflects leaves it as it
 * is, which is what makes replaying a batch harmless.
 */
export function evolveAgencyRow(row: AgencyRow | null, event: AgencyEvent): AgencyRow | null {
  switch (event.type) {
    case 'AgencyRegistered': {
      const { agencyId, name, level, parentId, validFrom } = event.data;
      return {
        agencyId,
        name,
        level,
        parentId,
        validFrom,
        validTo: row?.validTo ?? null,
        successorId: row?.successorId ?? null,
        legalBasis: row?.legalBasis ?? null,
      };
    }
    case 'AgencyClosed':
      return (
        row && {
          ...row,
          validTo: event.data.validTo,
          successorId: event.data.successorId ?? null,
          legalBasis: event.data.legalBasis ?? null,
        }
      );
    default:
      return unreachable(event);
  }
}

/** The agency tree with each agency's validity: table `agencies`. */
@Injectable()
export class AgenciesProjection implements Projection {
  readonly name = AGENCIES_PROJECTION;
  readonly eventTypes = AGENCY_EVENT_TYPES;
  readonly tables = ['agencies'];

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const domainEvents = events.map((recorded) => toDomainEvent<AgencyEvent>(recorded));
    const ids = [...new Set(domainEvents.map((event) => event.data.agencyId))];
    const rows = new Map<string, AgencyRow | null>((await loadRows(tx, ids)).map((row) => [row.agencyId, row]));
    for (const event of domainEvents) {
      rows.set(event.data.agencyId, evolveAgencyRow(rows.get(event.data.agencyId) ?? null, event));
    }
    const touched = [...rows.values()].filter((row): row is AgencyRow => row !== null);
    await upsertRows(
      tx,
      'agencies',
      {
        agency_id: 'text',
        name: 'text',
        level: 'text',
        parent_id: 'text',
        valid_from: 'date',
        valid_to: 'date',
        successor_id: 'text',
        legal_basis: 'text',
      },
      touched.map((row) => ({
        agency_id: row.agencyId,
        name: row.name,
        level: row.level,
        parent_id: row.parentId,
        valid_from: row.validFrom,
        valid_to: row.validTo,
        successor_id: row.successorId,
        legal_basis: row.legalBasis,
      })),
    );
  }
}

async function loadRows(tx: EntityManager, ids: string[]): Promise<AgencyRow[]> {
  if (ids.length === 0) return [];
  return tx.query<AgencyRow[]>(
    `SELECT agency_id AS "agencyId", name, level, parent_id AS "parentId",
            to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
            successor_id AS "successorId", legal_basis AS "legalBasis"
       FROM agencies WHERE agency_id = ANY($1)`,
    [ids],
  );
}
