import { CATEGORIES, type Category } from '@app/cases';
import type {
  CarryOverCheck,
  ClosedPeriodView,
  Figures,
  Indicators,
  ReportChange,
  ReportDiff,
  ReportRow,
  StatisticsReport,
  TargetCheck,
  TargetsAssessment,
} from '@app/statistics';
import * as S from '../http/schema';

/**
 * The indicators of the report forms (domain.md §3), in cases or in đồng. `Signed` marks a
 * difference of two reports, where any figure may be negative.
 */
type IndicatorProperty = (description: string) => PropertyDecorator;

function indicators(figure: IndicatorProperty) {
  class IndicatorsView {
    @figure('C_prev: kỳ trước chuyển sang (carried over from the previous statistical year)')
    carriedOver!: unknown;

    @figure('N: thụ lý mới (newly accepted, cases received by entrustment included)')
    newlyAccepted!: unknown;

    @figure('T = C_prev + N: tổng số thụ lý')
    accepted!: unknown;

    @figure('U: ủy thác đi (entrusted out)')
    entrustedOut!: unknown;

    @figure('PTH = T − U: phải thi hành (to enforce)')
    toEnforce!: unknown;

    @figure('K0: chưa có điều kiện thi hành (not yet enforceable)')
    notYetEnforceable!: unknown;

    @figure('K = PTH − K0: có điều kiện thi hành (enforceable)')
    enforceable!: unknown;

    @figure('X = executed + terminated: thi hành xong (completed)')
    completed!: unknown;

    @figure('thi hành xong toàn bộ (executed; for money: collected in the period)')
    executed!: unknown;

    @figure('đình chỉ thi hành án (terminated; for money: plus the sums exempted or reduced)')
    terminated!: unknown;

    @figure('đang thi hành (in progress)')
    inProgress!: unknown;

    @figure('hoãn thi hành án (postponed)')
    postponed!: unknown;

    @figure('tạm đình chỉ thi hành án (suspended)')
    suspended!: unknown;

    @figure('PTH − X: chuyển kỳ sau (carried to the next year)')
    carriedToNext!: unknown;

    @figure('K − X: có điều kiện chuyển kỳ sau (enforceable, carried to the next year)')
    enforceableCarriedToNext!: unknown;

    @S.Decimal('X / K × 100, half up to two decimals: tỷ lệ thi hành xong (completion rate); 0 when K is 0')
    rate!: number;
  }
  return IndicatorsView;
}

const count: IndicatorProperty = (description) => S.Integer(`${description}, in cases (việc)`);
const signedCount: IndicatorProperty = (description) => S.Integer(`Change in ${description}, in cases (việc)`);
const money: IndicatorProperty = (description) => S.Money(description);
const signedMoney: IndicatorProperty = (description) => S.SignedMoney(`Change in ${description}`);

export class CaseIndicatorsView extends indicators(count) implements Indicators<number> {
  declare carriedOver: number;
  declare newlyAccepted: number;
  declare accepted: number;
  declare entrustedOut: number;
  declare toEnforce: number;
  declare notYetEnforceable: number;
  declare enforceable: number;
  declare completed: number;
  declare executed: number;
  declare terminated: number;
  declare inProgress: number;
  declare postponed: number;
  declare suspended: number;
  declare carriedToNext: number;
  declare enforceableCarriedToNext: number;
}

export class MoneyIndicatorsView extends indicators(money) implements Indicators<string> {
  declare carriedOver: string;
  declare newlyAccepted: string;
  declare accepted: string;
  declare entrustedOut: string;
  declare toEnforce: string;
  declare notYetEnforceable: string;
  declare enforceable: string;
  declare completed: string;
  declare executed: string;
  declare terminated: string;
  declare inProgress: string;
  declare postponed: string;
  declare suspended: string;
  declare carriedToNext: string;
  declare enforceableCarriedToNext: string;
}

export class CaseIndicatorChangesView extends indicators(signedCount) implements Indicators<number> {
  declare carriedOver: number;
  declare newlyAccepted: number;
  declare accepted: number;
  declare entrustedOut: number;
  declare toEnforce: number;
  declare notYetEnforceable: number;
  declare enforceable: number;
  declare completed: number;
  declare executed: number;
  declare terminated: number;
  declare inProgress: number;
  declare postponed: number;
  declare suspended: number;
  declare carriedToNext: number;
  declare enforceableCarriedToNext: number;
}

export class MoneyIndicatorChangesView extends indicators(signedMoney) implements Indicators<string> {
  declare carriedOver: string;
  declare newlyAccepted: string;
  declare accepted: string;
  declare entrustedOut: string;
  declare toEnforce: string;
  declare notYetEnforceable: string;
  declare enforceable: string;
  declare completed: string;
  declare executed: string;
  declare terminated: string;
  declare inProgress: string;
  declare postponed: string;
  declare suspended: string;
  declare carriedToNext: string;
  declare enforceableCarriedToNext: string;
}

export class FiguresView implements Figures {
  @S.Nested(() => CaseIndicatorsView, 'Về việc: in cases')
  cases!: CaseIndicatorsView;

  @S.Nested(() => MoneyIndicatorsView, 'Về tiền: in đồng')
  money!: MoneyIndicatorsView;
}

export class FigureChangesView implements Figures {
  @S.Nested(() => CaseIndicatorChangesView, 'Về việc: the change in cases')
  cases!: CaseIndicatorChangesView;

  @S.Nested(() => MoneyIndicatorChangesView, 'Về tiền: the change in đồng')
  money!: MoneyIndicatorChangesView;
}

export class ReportRowView extends FiguresView implements ReportRow {
  @S.Slug('by=child: the child agency (its own cases first, under the parent’s id, when it has any)', {
    optional: true,
  })
  agencyId?: string;

  @S.Text('by=child: its name', { optional: true })
  name?: string;

  @S.OneOf(CATEGORIES, 'by=category: the category (loại việc) of this row', { optional: true })
  category?: Category;

  @S.OneOf(['credit', 'corruption'], 'by=category: the flag of this row, across categories', { optional: true })
  flag?: 'credit' | 'corruption';
}

export class PeriodView {
  @S.Day('1 October before asOf: the start of the statistical year')
  from!: string;

  @S.Day('asOf')
  to!: string;
}

export class TargetCheckView implements TargetCheck {
  @S.Decimal('Chỉ tiêu giao, in per cent; null when no target was set for the year', { nullable: true })
  target!: number | null;

  @S.Decimal('The rate reached, in per cent')
  actual!: number;

  @S.Flag('actual ≥ target; null without a target', { nullable: true })
  met!: boolean | null;
}

export class CasesCarriedOverView implements CarryOverCheck<number> {
  @S.Integer('Enforceable cases carried over at the previous year-end')
  previousYearEnd!: number;

  @S.Integer('Enforceable cases carried over now')
  actual!: number;

  @S.Flag('Fewer than at the previous year-end')
  met!: boolean;
}

export class MoneyCarriedOverView implements CarryOverCheck<string> {
  @S.Money('Enforceable money carried over at the previous year-end')
  previousYearEnd!: string;

  @S.Money('Enforceable money carried over now')
  actual!: string;

  @S.Flag('Less than at the previous year-end')
  met!: boolean;
}

export class TargetsAssessmentView implements TargetsAssessment {
  @S.Nested(() => TargetCheckView, 'Tỷ lệ thi hành xong về việc against its target')
  caseRate!: TargetCheckView;

  @S.Nested(() => TargetCheckView, 'Tỷ lệ thi hành xong về tiền against its target')
  moneyRate!: TargetCheckView;

  @S.Nested(() => CasesCarriedOverView, 'Giảm số việc có điều kiện chuyển kỳ sau')
  enforceableCasesCarriedOver!: CasesCarriedOverView;

  @S.Nested(() => MoneyCarriedOverView, 'Giảm số tiền có điều kiện chuyển kỳ sau')
  enforceableMoneyCarriedOver!: MoneyCarriedOverView;
}

export class StatisticsReportView extends FiguresView implements StatisticsReport {
  @S.Slug('Đơn vị: the agency whose subtree the report covers')
  agencyId!: string;

  @S.Text('Its name; null for an agency the report did not find', { nullable: true })
  name!: string | null;

  @S.Nested(() => PeriodView, 'Kỳ báo cáo: the statistical year up to asOf')
  period!: PeriodView;

  @S.ListOf(() => ReportRowView, 'by=child: one row per direct child agency', { optional: true })
  children?: ReportRowView[];

  @S.ListOf(() => ReportRowView, 'by=category: one row per category, then the credit and corruption flags', {
    optional: true,
  })
  categories?: ReportRowView[];

  @S.Nested(() => TargetsAssessmentView, 'On 30 September only: the four yearly targets (4 chỉ tiêu)', {
    optional: true,
  })
  targets?: TargetsAssessmentView;

  @S.Integer(
    'Present when some cases of the subtree have a step the read model could not apply (named in /health): ' +
      'their figures are as they stood before that step',
    { optional: true },
  )
  quarantinedCases?: number;
}

export class KnownAtReportView extends StatisticsReportView {
  @S.Instant('Only the events recorded up to this instant were counted')
  knownAt!: string;
}

export class ReportChangeEventView {
  @S.Text('Event type')
  type!: string;

  @S.Day('Its business date, when it has one', { nullable: true })
  occurredOn!: string | null;

  @S.Instant('When it was recorded')
  recordedAt!: string;

  @S.Position('Its log position')
  position!: string;

  @S.Text('Who recorded it; null for an event without an actor', { nullable: true })
  actorId!: string | null;
}

export class ReportChangeView implements ReportChange {
  @S.Uuid('Mã hồ sơ việc')
  caseId!: string;

  @S.Slug('Its agency')
  agencyId!: string;

  @S.Nested(() => FiguresView, 'Its part of the report as known at `from`; null when it counted nowhere', {
    nullable: true,
  })
  before!: FiguresView | null;

  @S.Nested(() => FiguresView, 'Its part as known at `to`; null when it counted nowhere', { nullable: true })
  after!: FiguresView | null;

  @S.ListOf(() => ReportChangeEventView, 'Its events recorded between the two instants')
  events!: ReportChangeEventView[];
}

export class ReportDiffView implements ReportDiff {
  @S.Slug('Đơn vị')
  agencyId!: string;

  @S.Day('Ngày báo cáo')
  asOf!: string;

  @S.Instant('The earlier instant')
  from!: string;

  @S.Instant('The later instant')
  to!: string;

  @S.Nested(() => FiguresView, 'The report as known at `from`')
  before!: FiguresView;

  @S.Nested(() => FiguresView, 'The report as known at `to`')
  after!: FiguresView;

  @S.ListOf(() => ReportChangeView, 'The cases whose events recorded in between changed the report')
  cases!: ReportChangeView[];
}

/** What closing a month answers. */
export interface ClosePeriodResult {
  agencyId: string;
  month: string;
  revision: number;
  position: string | null;
}

/** What setting targets answers: the targets as set. */
export interface SetTargetResult {
  agencyId: string;
  year: number;
  caseRate: number;
  moneyRate: number;
  position: string | null;
}

export class ClosePeriodResultView implements ClosePeriodResult {
  @S.Slug('Đơn vị')
  agencyId!: string;

  @S.Month('Tháng báo cáo đã khóa sổ, YYYY-MM')
  month!: string;

  @S.Integer("Revision of the agency's closed periods after this one")
  revision!: number;

  @S.Position('Log position of the closing event: pass it as `minPosition` to read your own write', {
    nullable: true,
  })
  position!: string | null;
}

export class ClosedPeriodDto implements ClosedPeriodView {
  @S.Slug('Đơn vị')
  agencyId!: string;

  @S.Month('Tháng báo cáo, YYYY-MM')
  month!: string;

  @S.Day('Ngày khóa sổ')
  closedOn!: string;

  @S.Text('Who closed it (the user id from their token)')
  closedBy!: string;

  @S.Nested(() => StatisticsReportView, 'Số liệu đã công bố: the report as published when the month was closed')
  published!: StatisticsReportView;

  @S.Nested(() => FiguresView, 'The same report now, every step counted on its business date')
  asNowKnown!: FiguresView;

  @S.Nested(() => FigureChangesView, 'asNowKnown − published: what later entries changed (điều chỉnh sau khóa sổ)')
  adjustments!: FigureChangesView;
}

export class SetTargetResultView implements SetTargetResult {
  @S.Slug('Đơn vị được giao chỉ tiêu')
  agencyId!: string;

  @S.Integer('Năm thống kê')
  year!: number;

  @S.Decimal('Chỉ tiêu tỷ lệ thi hành xong về việc, per cent')
  caseRate!: number;

  @S.Decimal('Chỉ tiêu tỷ lệ thi hành xong về tiền, per cent')
  moneyRate!: number;

  @S.Position('Log position of the event written; null when the targets were already these and nothing was recorded', {
    nullable: true,
  })
  position!: string | null;
}
