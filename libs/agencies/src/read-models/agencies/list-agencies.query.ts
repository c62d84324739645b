import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { IsoDate } from '@app/kernel';
import { AGENCY_LEVELS } from '../../domain/agency';
import type { AgencyRow } from './agencies.projection';
import { agencySubtreeSql, agencyValidOnSql } from './agency-subtree';

export interface AgencyListItem {
  id: string;
  name: string;
  level: AgencyRow['level'];
  parentId: string | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  /** The agency that took over this closed one's cases (cơ quan tiếp nhận), if any. */
  successorId: string | null;
  /** The decision that closed it. */
  legalBasis: string | null;
}

/** Agencies, central first, optionally only the subtree `under` and only those open on `asOf`. */
export class ListAgenciesQuery extends Query<AgencyListItem[]> {
  readonly under?: string;
  readonly asOf?: IsoDate;

  constructor(filter: { under?: string; asOf?: IsoDate } = {}) {
    super();
    this.under = filter.under;
    this.asOf = filter.asOf;
  }
}

@QueryHandler(ListAgenciesQuery)
export class ListAgenciesHandler implements IQueryHandler<ListAgenciesQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ under, asOf }: ListAgenciesQuery): Promise<AgencyListItem[]> {
    return this.dataSource.query<AgencyListItem[]>(
      `SELECT a.agency_id AS id, a.name, a.level, a.parent_id AS "parentId",
              to_char(a.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(a.valid_to, 'YYYY-MM-DD') AS "validTo",
              a.successor_id AS "successorId", a.legal_basis AS "legalBasis"
         FROM agencies a
        WHERE ($1::text IS NULL OR a.agency_id IN (${agencySubtreeSql('$1', '$2')}))
          AND ${agencyValidOnSql('a', '$2')}
        ORDER BY array_position($3::text[], a.level), a.agency_id`,
      [under ?? null, asOf ?? null, AGENCY_LEVELS],
    );
  }
}
