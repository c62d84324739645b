import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toDomainEvent } from '@app/event-sourcing';
import type { RecordedEvent } from '@app/event-store';
import { type Projection, upsertRows } from '@app/read-store';
import type { IsoDate } from '@app/kernel';
import { BAILIFF_EVENT_TYPES, type BailiffEvent, type BailiffGrade } from '../../domain/bailiff';
import { previousDay } from '../../domain/calendar-date';
import { unreachable } from '../../domain/unreachable';

export const BAILIFFS_PROJECTION = 'bailiffs';

export interface PostingRow {
  agencyId: string;
  validFrom: IsoDate;
  /** Last day of the posting (inclusive); null for the current one. */
  validTo: IsoDate | null;
}

export interface BailiffRow {
  bailiffId: string;
  name: string;
  grade: BailiffGrade;
  agencyId: string;
  since: IsoDate;
  /** Last revision of the bailiff's stream applied. */
  revision: number;
  postings: PostingRow[];
}

/**
 * One bailiff's row and posting history after one more event of their stream. Revisions make a
 * replayed event a no-op: without them a second same-day move could not be told from a replay.
 */
export function evolveBailiffRow(row: BailiffRow | null, event: BailiffEvent, revision: number): BailiffRow | null {
  if (row && revision <= row.revision) return row;
  switch (event.type) {
    case 'BailiffAppointed': {
      const { bailiffId, name, grade, agencyId, appointedOn } = event.data;
      return {
        bailiffId,
        name,
        grade,
        agencyId,
        since: appointedOn,
        revision,
        postings: [{ agencyId, validFrom: appointedOn, validTo: null }],
      };
    }
    case 'BailiffMoved': {
      if (!row) return null;
      const { toAgencyId, movedOn } = event.data;
      // A move on the day the posting began replaces it: that posting never lasted a whole day.
      const earlier = row.postings
        .filter((posting) => posting.validFrom < movedOn)
        .map((posting) => (posting.validTo === null ? { ...posting, validTo: previousDay(movedOn) } : posting));
      return {
        ...row,
        agencyId: toAgencyId,
        since: movedOn,
        revision,
        postings: [...earlier, { agencyId: toAgencyId, validFrom: movedOn, validTo: null }],
      };
    }
    default:
      return unreachable(event);
  }
}

/** Bailiffs where they work now (`bailiffs`) and where they worked when (`bailiff_postings`). */
@Injectable()
export class BailiffsProjection implements Projection {
  readonly name = BAILIFFS_PROJECTION;
  readonly eventTypes = BAILIFF_EVENT_TYPES;
  readonly tables = ['bailiffs', 'bailiff_postings'];

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const ids = [...new Set(events.map((recorded) => toDomainEvent<BailiffEvent>(recorded).data.bailiffId))];
    const rows = new Map<string, BailiffRow | null>((await loadRows(tx, ids)).map((row) => [row.bailiffId, row]));
    for (const recorded of events) {
      const event = toDomainEvent<BailiffEvent>(recorded);
      rows.set(
        event.data.bailiffId,
        evolveBailiffRow(rows.get(event.data.bailiffId) ?? null, event, recorded.revision),
      );
    }
    const touched = [...rows.values()].filter((row): row is BailiffRow => row !== null);
    if (touched.length === 0) return;
    await upsertRows(
      tx,
      'bailiffs',
      { bailiff_id: 'text', name: 'text', grade: 'text', agency_id: 'text', since: 'date', revision: 'integer' },
      touched.map((row) => ({
        bailiff_id: row.bailiffId,
        name: row.name,
        grade: row.grade,
        agency_id: row.agencyId,
        since: row.since,
        revision: row.revision,
      })),
    );
    await tx.query('DELETE FROM bailiff_postings WHERE bailiff_id = ANY($1)', [touched.map((row) => row.bailiffId)]);
    await upsertRows(
      tx,
      'bailiff_postings',
      { bailiff_id: 'text', agency_id: 'text', valid_from: 'date', valid_to: 'date' },
      touched.flatMap((row) =>
        row.postings.map((posting) => ({
          bailiff_id: row.bailiffId,
          agency_id: posting.agencyId,
          valid_from: posting.validFrom,
          valid_to: posting.validTo,
        })),
      ),
      { onConflict: 'none' },
    );
  }
}

async function loadRows(tx: EntityManager, ids: string[]): Promise<BailiffRow[]> {
  if (ids.length === 0) return [];
  return tx.query<BailiffRow[]>(
    `SELECT b.bailiff_id AS "bailiffId", b.name, b.grade, b.agency_id AS "agencyId",
            to_char(b.since, 'YYYY-MM-DD') AS since, b.revision,
            COALESCE((SELECT json_agg(json_build_object(
                               'agencyId', p.agency_id,
                               'validFrom', to_char(p.valid_from, 'YYYY-MM-DD'),
                               'validTo', to_char(p.valid_to, 'YYYY-MM-DD')) ORDER BY p.valid_from)
                        FROM bailiff_postings p WHERE p.bailiff_id = b.bailiff_id), '[]') AS postings
       FROM bailiffs b WHERE b.bailiff_id = ANY($1)`,
    [ids],
  );
}
