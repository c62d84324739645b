import {
  WATCHLISTS,
  WORKLOAD_SORTS,
  type BailiffWorkload,
  type CaseStatus,
  type Classification,
  type SortOrder,
  type Watchlist,
  type WatchlistItem,
  type WatchlistName,
  type Workload,
  type WorkloadFigures,
  type WorkloadSort,
} from '@app/cases';
import { CASE_STATUSES, CLASSIFICATIONS } from '../cases/case.responses';
import * as S from '../http/schema';

export class StatisticalYearView {
  @S.Integer('Năm thống kê N: 1 October of N − 1 to 30 September of N')
  year!: number;

  @S.Day('1 October of N − 1')
  from!: string;

  @S.Day('30 September of N')
  to!: string;
}

export class WorkloadFiguresView implements WorkloadFigures {
  @S.Integer('Việc đang thi hành: accepted by asOf, not closed by then, not in the separate ledger then')
  openCases!: number;

  @S.Integer('Việc có điều kiện thi hành among the open cases')
  enforceableCases!: number;

  @S.Money('Tiền còn phải thi hành on the open cases')
  outstanding!: string;

  @S.Integer('Open cases accepted more than a year before asOf (tồn đọng trên 1 năm)')
  openOverOneYear!: number;

  @S.Integer('Steps past their legal time limit on asOf (quá hạn), over every case not closed by then')
  overdueSteps!: number;

  @S.Integer('Khiếu nại chưa giải quyết on cases not closed by asOf')
  pendingComplaints!: number;

  @S.Integer('Completed or terminated (thi hành xong, đình chỉ) from the start of the statistical year to asOf')
  completedThisYear!: number;
}

export class BailiffWorkloadView extends WorkloadFiguresView implements BailiffWorkload {
  @S.Slug('Chấp hành viên')
  bailiffId!: string;

  @S.Text('Họ và tên; null for a bailiff the directory does not know', { nullable: true })
  bailiffName!: string | null;

  @S.Slug('The agency of the subtree the bailiff was posted to on asOf; null when they hold cases from elsewhere', {
    nullable: true,
  })
  postedAt!: string | null;
}

export class WorkloadDto implements Workload {
  @S.Slug('The agency whose subtree the figures cover')
  agencyId!: string;

  @S.Day('Tính đến ngày')
  asOf!: string;

  @S.Nested(() => StatisticalYearView, 'The statistical year asOf falls in')
  statisticalYear!: StatisticalYearView;

  @S.OneOf(WORKLOAD_SORTS, 'The column the rows are sorted by')
  sort!: WorkloadSort;

  @S.OneOf(['asc', 'desc'], 'The order they are sorted in')
  order!: SortOrder;

  @S.ListOf(() => BailiffWorkloadView, 'One row per bailiff posted in the subtree on asOf or holding cases in it')
  rows!: BailiffWorkloadView[];

  @S.Nested(() => WorkloadFiguresView, 'Cases of the subtree without a bailiff (chưa phân công)')
  unassigned!: WorkloadFiguresView;

  @S.Nested(() => WorkloadFiguresView, 'Every row plus the unassigned cases')
  totals!: WorkloadFiguresView;

  @S.Integer('Bailiffs posted in the subtree on asOf')
  bailiffsPosted!: number;

  @S.Decimal('Open cases per bailiff posted, two decimals; null without bailiffs', { nullable: true })
  casesPerBailiff!: number | null;

  @S.Money('Outstanding money per bailiff posted, rounded down; null without bailiffs', { nullable: true })
  outstandingPerBailiff!: string | null;
}

export class WatchlistItemView implements WatchlistItem {
  @S.Uuid('Mã hồ sơ việc')
  caseId!: string;

  @S.Slug('Cơ quan thi hành án')
  agencyId!: string;

  @S.Slug('Chấp hành viên; null when none is assigned', { nullable: true })
  bailiffId!: string | null;

  @S.Text('Họ và tên of the bailiff; null when none is assigned', { nullable: true })
  bailiffName!: string | null;

  @S.Text(`Người phải thi hành án; "(đã xóa / erased)" once erased`)
  debtorName!: string;

  @S.Text('Số quyết định thi hành án')
  decisionNumber!: string;

  @S.Day('Ngày thụ lý')
  acceptedOn!: string;

  @S.OneOf(CASE_STATUSES, 'The case status, as in the case file')
  status!: CaseStatus;

  @S.OneOf(CLASSIFICATIONS, 'The classification, as in the case file')
  classification!: Classification;

  @S.Money('Tiền còn phải thi hành')
  outstanding!: string;

  @S.Day(
    'The date that put the case on the list: its acceptance (long-open, large-credit), its earliest open step’s ' +
      'due date (overdue), its earliest unresolved complaint’s deadline (complaints-due), its re-verification due ' +
      'date (reverification-due)',
  )
  listDate!: string;
}

export class WatchlistDto implements Watchlist {
  @S.OneOf(WATCHLISTS, 'Danh sách theo dõi')
  watchlist!: WatchlistName;

  @S.Day('Tính đến ngày')
  asOf!: string;

  @S.Day('complaints-due, reverification-due: the last due date that counts as near; null for the others', {
    nullable: true,
  })
  dueBy!: string | null;

  @S.ListOf(() => WatchlistItemView, 'One page, oldest or most urgent first')
  items!: WatchlistItemView[];

  @S.Text('Pass as `cursor` for the next page; null on the last page', { nullable: true })
  nextCursor!: string | null;
}
