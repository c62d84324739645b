import type { DomainEvent } from '@app/event-sourcing';
import type { StatisticsReport } from './statistics-report';

/** A monthly report published (khóa sổ kỳ báo cáo): later entries dated in it count in the next open month. */
export type StatisticalPeriodClosed = DomainEvent<
  'StatisticalPeriodClosed',
  { agencyId: string; month: string; closedOn: string; closedBy: string; published: StatisticsReport }
>;

/** The yearly targets (chỉ tiêu) of an agency. */
export type StatisticsTargetSet = DomainEvent<
  'StatisticsTargetSet',
  { agencyId: string; year: number; caseRate: number; moneyRate: number }
>;

export type StatisticsEvent = StatisticalPeriodClosed | StatisticsTargetSet;

export const periodStreamId = (agencyId: string) => `statistics-period-${agencyId}`;
export const targetStreamId = (agencyId: string, year: number) => `statistics-target-${agencyId}-${year}`;
