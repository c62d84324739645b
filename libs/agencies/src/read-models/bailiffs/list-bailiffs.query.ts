import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { IsoDate } from '@app/kernel';
import type { BailiffGrade } from '../../domain/bailiff';
import { agencySubtreeSql } from '../agencies/agency-subtree';
import type { PostingRow } from './bailiffs.projection';

export interface BailiffListItem {
  id: string;
  name: string;
  grade: BailiffGrade;
  agencyId: string;
  since: IsoDate;
  /** Every posting, oldest first, the current one last. */
  postings: PostingRow[];
}

/** Bailiffs by id, optionally only those now working in the subtree of agency `under`. */
export class ListBailiffsQuery extends Query<BailiffListItem[]> {
  readonly under?: string;

  constructor(filter: { under?: string } = {}) {
    super();
    this.under = filter.under;
  }
}

@QueryHandler(ListBailiffsQuery)
export class ListBailiffsHandler implements IQueryHandler<ListBailiffsQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ under }: ListBailiffsQuery): Promise<BailiffListItem[]> {
    return this.dataSource.query<BailiffListItem[]>(
      `SELECT b.bailiff_id AS id, b.name, b.grade, b.agency_id AS "agencyId", to_char(b.since, 'YYYY-MM-DD') AS since,
              COALESCE((SELECT json_agg(json_build_object(
                                 'agencyId', p.agency_id,
                                 'validFrom', to_char(p.valid_from, 'YYYY-MM-DD'),
                                 'validTo', to_char(p.valid_to, 'YYYY-MM-DD')) ORDER BY p.valid_from)
                          FROM bailiff_postings p WHERE p.bailiff_id = b.bailiff_id), '[]') AS postings
         FROM bailiffs b
        WHERE $1::text IS NULL OR b.agency_id IN (${agencySubtreeSql('$1', '$2')})
        ORDER BY b.bailiff_id`,
      [under ?? null, null],
    );
  }
}
