import {
  CATEGORIES,
  COMPLAINT_CONCERNS,
  COMPLAINT_OUTCOMES,
  INITIATIONS,
  MEASURES,
  NOT_ENFORCEABLE_GROUNDS,
  type CaseStatus,
  type CaseSummary,
  type CaseView,
  type Category,
  type Classification,
  type Closure,
  type ComplaintConcern,
  type ComplaintOutcome,
  type DeadlineKind,
  type Initiation,
  type Measure,
  type NotEnforceableGround,
  type QuarantineNotice,
} from '@app/cases';
import type { CommandResult } from '@app/event-sourcing';
import * as S from '../http/schema';

// `implements` the read model's own types: a member added there and not documented here does not compile.

export const CASE_STATUSES: readonly CaseStatus[] = ['active', 'postponed', 'suspended', 'separate_ledger', 'closed'];
export const CLASSIFICATIONS: readonly Classification[] = ['unverified', 'enforceable', 'not_enforceable'];
const CLOSURES: readonly Closure[] = ['completed', 'terminated', 'entrusted', 'returned'];
const DEADLINE_KINDS: readonly DeadlineKind[] = [
  'decision',
  'verification',
  'reverification',
  'disbursement',
  'complaint_resolution',
];

const STATUS_TEXT =
  'active (đang thi hành), postponed (hoãn), suspended (tạm đình chỉ), separate_ledger (sổ theo dõi riêng), closed (đã kết thúc)';
const CLASSIFICATION_TEXT =
  'unverified (chưa xác minh), enforceable (có điều kiện thi hành), not_enforceable (chưa có điều kiện thi hành)';

/** What a step on a case answers: the case, its revision and the log position. */
export interface CaseRecorded {
  caseId: string;
  revision: number;
  position: string | null;
}

export function caseRecorded({ id, revision, position }: CommandResult): CaseRecorded {
  return { caseId: id, revision, position };
}

export class CaseCommandResultDto implements CaseRecorded {
  @S.Uuid('Hồ sơ việc: the case the step was recorded on')
  caseId!: string;

  @S.Integer('The revision of the case after the step (also in `ETag`); 0 is the acceptance')
  revision!: number;

  @S.Position(
    'Log position of the last event written: pass it as `minPosition` to read your own write. Null when the ' +
      'request changed nothing (a personal-data erasure already done)',
    { nullable: true },
  )
  position!: string | null;
}

export class DocumentReferenceView {
  @S.Text('Số quyết định / số bản án')
  number!: string;

  @S.Day('Ngày ban hành')
  date!: string;
}

export class JudgmentView extends DocumentReferenceView {
  @S.Text('Tòa án đã xét xử')
  court!: string;
}

export class PartyView {
  @S.Text(`Họ tên / tên tổ chức; "(đã xóa / erased)" once the party's personal data is erased`)
  name!: string;

  @S.Text('Số CCCD/CMND hoặc mã số doanh nghiệp, when given', { optional: true })
  idNumber?: string;

  @S.Text('Địa chỉ, when given', { optional: true })
  address?: string;
}

/**
 * Early releases accepted a case without a debtor (`{}`), and the log keeps such cases as they were
 * recorded: `name` and `imprisoned` are not promised, though every case accepted since has them. The
 * types follow the read model's, which assumes them.
 */
export class DebtorView {
  @S.Text(
    `Họ tên / tên tổ chức; "(đã xóa / erased)" once erased. Absent only on a case accepted without a debtor by ` +
      'an early release',
    { optional: true },
  )
  name!: string;

  @S.Text('Số CCCD/CMND hoặc mã số doanh nghiệp, when given', { optional: true })
  idNumber?: string;

  @S.Text('Địa chỉ, when given', { optional: true })
  address?: string;

  @S.Flag('Người phải thi hành án đang chấp hành án phạt tù. Absent only where `name` is', { optional: true })
  imprisoned!: boolean;
}

export class EntrustedFromView {
  @S.Slug('The agency that entrusted the case (cơ quan ủy thác)')
  agencyId!: string;

  @S.Uuid("The case's id at that agency")
  caseId!: string;
}

export class ClosureView {
  @S.OneOf(CLOSURES, 'completed (thi hành xong), terminated (đình chỉ), entrusted (ủy thác), returned (trả đơn)')
  kind!: Closure;

  @S.Day('The business date it ended')
  on!: string;

  @S.Slug('entrusted only: the agency it was entrusted to', { optional: true })
  toAgencyId?: string;
}

export class AssignmentView {
  @S.Slug('Chấp hành viên')
  bailiffId!: string;

  @S.Day('Ngày phân công')
  on!: string;
}

export class ObligationLineView {
  @S.Text('Mã nghĩa vụ, unique within the case')
  id!: string;

  @S.OneOf(['money', 'non_money'], 'money (trả tiền) or non_money (giao tài sản, thực hiện công việc…)')
  kind!: 'money' | 'non_money';

  @S.Text('Nội dung nghĩa vụ')
  description!: string;

  @S.Text('Người được nhận')
  payee!: string;

  @S.Flag('Khoản thu nộp ngân sách nhà nước (án phí, tiền phạt…)')
  owedToState!: boolean;

  @S.Money('Số phải thi hành; "0" for a non-money line')
  owed!: string;

  @S.Money('Đã thu, net of reversals')
  collected!: string;

  @S.Money('Đã chi trả')
  disbursed!: string;

  @S.Money('Được miễn')
  exempted!: string;

  @S.Money('Được giảm')
  reduced!: string;

  @S.Money('Còn phải thi hành: owed − collected − exempted − reduced')
  outstanding!: string;

  @S.Day('A non-money line: the day it was fulfilled (a hand-over naming it); null until then', { nullable: true })
  fulfilledOn!: string | null;
}

export class MoneyTotalsView {
  @S.Money('Tổng phải thi hành')
  owed!: string;

  @S.Money('Tổng đã thu')
  collected!: string;

  @S.Money('Tổng đã chi trả')
  disbursed!: string;

  @S.Money('Tổng được miễn')
  exempted!: string;

  @S.Money('Tổng được giảm')
  reduced!: string;

  @S.Money('Tổng còn phải thi hành')
  outstanding!: string;
}

export class ReceiptView {
  @S.Text('Số biên lai thu tiền')
  receiptNumber!: string;

  @S.Text('The obligation line it was collected on')
  lineId!: string;

  @S.Money('Số tiền')
  amount!: string;

  @S.Day('Ngày thu')
  collectedOn!: string;

  @S.Flag('Hủy bút toán: reversed as a mistaken entry')
  reversed!: boolean;
}

export class DisbursementView {
  @S.Text('The obligation line it was paid out of')
  lineId!: string;

  @S.Money('Số tiền')
  amount!: string;

  @S.Day('Ngày chi')
  paidOn!: string;

  @S.Text('Số phiếu chi; null when none was given', { nullable: true })
  voucherNumber!: string | null;
}

export class VerificationView {
  @S.Day('Ngày xác minh')
  on!: string;

  @S.OneOf(['enforceable', 'not_enforceable'], 'có điều kiện / chưa có điều kiện thi hành')
  outcome!: 'enforceable' | 'not_enforceable';

  @S.OneOf(NOT_ENFORCEABLE_GROUNDS, 'Căn cứ chưa có điều kiện thi hành; null when enforceable', { nullable: true })
  ground!: NotEnforceableGround | null;
}

export class MeasureView {
  @S.OneOf(MEASURES, 'Biện pháp bảo đảm, cưỡng chế')
  measure!: Measure;

  @S.Day('Ngày áp dụng')
  on!: string;

  @S.Text('The obligation line it serves, when named', { nullable: true })
  lineId!: string | null;
}

export class HaltView {
  @S.OneOf(['postponed', 'suspended'], 'hoãn or tạm đình chỉ')
  kind!: 'postponed' | 'suspended';

  @S.Day('Since')
  since!: string;

  @S.Text('Căn cứ / lý do')
  ground!: string;

  @S.Day('A postponement: the day it ends, when set', { nullable: true })
  until!: string | null;

  @S.Text('A suspension only: căn cứ pháp lý (the provision of Article 49)', { optional: true })
  legalBasis?: string;
}

export class ComplaintView {
  @S.Text('Mã khiếu nại')
  complaintId!: string;

  @S.Text(`Người khiếu nại; "(đã xóa / erased)" once their personal data is erased`)
  complainant!: string;

  @S.OneOf(COMPLAINT_CONCERNS, 'What the complaint is about; it sets the time limit for resolving it')
  concerns!: ComplaintConcern;

  @S.Text('Nội dung khiếu nại')
  summary!: string;

  @S.Day('Ngày nhận khiếu nại')
  filedOn!: string;

  @S.Day('Hạn giải quyết')
  resolutionDueOn!: string;

  @S.Day('Ngày giải quyết; null while unresolved', { nullable: true })
  resolvedOn!: string | null;

  @S.OneOf(COMPLAINT_OUTCOMES, 'Kết quả giải quyết; null while unresolved', { nullable: true })
  outcome!: ComplaintOutcome | null;

  @S.Flag('Unresolved past its time limit (quá hạn) on an open case')
  overdue!: boolean;
}

export class DeadlineView {
  @S.OneOf(
    DEADLINE_KINDS,
    'decision (ra quyết định), verification (xác minh), reverification (xác minh lại), disbursement (chi trả), ' +
      'complaint_resolution (giải quyết khiếu nại)',
  )
  kind!: DeadlineKind;

  @S.Text('The receipt or complaint it belongs to; null for the others', { nullable: true })
  ref!: string | null;

  @S.Day('Hạn (working days skip weekends and public holidays)')
  dueOn!: string;

  @S.Day('The day it was met; null while open', { nullable: true })
  metOn!: string | null;

  @S.Flag('Open past its day (quá hạn) on an open case, as of today')
  overdue!: boolean;

  @S.Flag('Met after its day')
  metLate!: boolean;
}

export class QuarantineNoticeView implements QuarantineNotice {
  @S.Text('The read model that could not apply a step of this case (`cases`, `statistics`)')
  readModel!: string;

  @S.Position('Log position of the step it could not apply')
  position!: string;

  @S.Integer('Revision of that step')
  revision!: number;

  @S.Text('Its event type')
  eventType!: string;

  @S.Instant('When the read model set the case aside')
  since!: string;
}

export class CaseFileDto implements CaseView {
  @S.Uuid('Mã hồ sơ việc')
  caseId!: string;

  @S.Slug('Cơ quan thi hành án đang thụ lý')
  agencyId!: string;

  @S.OneOf(CASE_STATUSES, STATUS_TEXT)
  status!: CaseStatus;

  @S.Nested(() => ClosureView, 'How and when the case ended; null while open', { nullable: true })
  closure!: ClosureView | null;

  @S.OneOf(CLASSIFICATIONS, CLASSIFICATION_TEXT)
  classification!: Classification;

  @S.OneOf(NOT_ENFORCEABLE_GROUNDS, 'Căn cứ chưa có điều kiện thi hành; null unless not enforceable', {
    nullable: true,
  })
  notEnforceableGround!: NotEnforceableGround | null;

  @S.Day('Start of the current run of not-enforceable verdicts; null unless not enforceable', { nullable: true })
  notEnforceableSince!: string | null;

  @S.OneOf(INITIATIONS, 'chủ động (ex_officio) or theo đơn (on_request)')
  initiation!: Initiation;

  @S.OneOf(CATEGORIES, 'Loại việc, for the statistics')
  category!: Category;

  @S.Flag('Việc tín dụng, ngân hàng')
  credit!: boolean;

  @S.Flag('Thu hồi tài sản trong vụ án tham nhũng, kinh tế')
  corruption!: boolean;

  @S.Day('Ngày thụ lý: the date of the decision to enforce')
  acceptedOn!: string;

  @S.Nested(() => DocumentReferenceView, 'Quyết định thi hành án')
  decision!: DocumentReferenceView;

  @S.Nested(() => JudgmentView, 'Bản án, quyết định được thi hành')
  judgment!: JudgmentView;

  @S.Nested(() => EntrustedFromView, 'A case received by entrustment (ủy thác): the sender’s case; null otherwise', {
    nullable: true,
  })
  entrustedFrom!: EntrustedFromView | null;

  @S.Nested(() => DebtorView, 'Người phải thi hành án')
  debtor!: DebtorView;

  @S.Nested(() => PartyView, 'Người được thi hành án')
  creditor!: PartyView;

  @S.Slug('Chấp hành viên được phân công; null before the first assignment', { nullable: true })
  bailiffId!: string | null;

  @S.ListOf(() => AssignmentView, 'Every assignment, oldest first')
  assignments!: AssignmentView[];

  @S.ListOf(() => ObligationLineView, 'Nghĩa vụ thi hành án, in the order of the decision')
  lines!: ObligationLineView[];

  @S.Nested(() => MoneyTotalsView, 'The lines added up')
  totals!: MoneyTotalsView;

  @S.ListOf(() => ReceiptView, 'Biên lai thu tiền, in the order collected')
  receipts!: ReceiptView[];

  @S.ListOf(() => DisbursementView, 'Phiếu chi: the payouts, in the order recorded')
  disbursements!: DisbursementView[];

  @S.ListOf(() => VerificationView, 'Xác minh điều kiện thi hành án, oldest first')
  verifications!: VerificationView[];

  @S.ListOf(() => MeasureView, 'Biện pháp đã áp dụng, oldest first')
  measures!: MeasureView[];

  @S.Nested(() => HaltView, 'The current postponement or suspension; null otherwise', { nullable: true })
  halt!: HaltView | null;

  @S.Day('In the separate ledger (sổ theo dõi riêng) since; null otherwise', { nullable: true })
  separateLedgerSince!: string | null;

  @S.ListOf(() => ComplaintView, 'Khiếu nại')
  complaints!: ComplaintView[];

  @S.ListOf(() => DeadlineView, 'Thời hạn luật định of its steps, flagged as of today')
  deadlines!: DeadlineView[];

  @S.Day('Hết thời hạn tự nguyện thi hành: coercive measures only after it')
  voluntaryComplianceEndsOn!: string;

  @S.Day('Hạn gửi quyết định cho Viện kiểm sát')
  procuracyNotificationDueOn!: string;

  @S.Day('Completed cases: the day by which the result is to be confirmed; null otherwise', { nullable: true })
  resultConfirmationDueOn!: string | null;

  @S.Day('Business date of the latest step')
  lastStepOn!: string;

  @S.Integer('Revision of the case (also in `ETag`): send it as `If-Match`')
  revision!: number;

  @S.Position('Log position of the last event the file reflects')
  position!: string;

  @S.ListOf(
    () => QuarantineNoticeView,
    'Read models that could not apply a step of this case (named in /health): the file shows the case as it ' +
      'stood before that step. Empty as a rule',
  )
  quarantined!: QuarantineNoticeView[];
}

export class CaseSummaryView implements CaseSummary {
  @S.Uuid('Mã hồ sơ việc')
  caseId!: string;

  @S.Slug('Cơ quan thi hành án')
  agencyId!: string;

  @S.Slug('Chấp hành viên; null when none is assigned', { nullable: true })
  bailiffId!: string | null;

  @S.OneOf(CASE_STATUSES, STATUS_TEXT)
  status!: CaseStatus;

  @S.OneOf(CLOSURES, 'How the case ended; null while open', { nullable: true })
  closure!: Closure | null;

  @S.OneOf(CLASSIFICATIONS, CLASSIFICATION_TEXT)
  classification!: Classification;

  @S.OneOf(INITIATIONS, 'chủ động (ex_officio) or theo đơn (on_request)')
  initiation!: Initiation;

  @S.OneOf(CATEGORIES, 'Loại việc')
  category!: Category;

  @S.Flag('Việc tín dụng, ngân hàng')
  credit!: boolean;

  @S.Flag('Thu hồi tài sản trong vụ án tham nhũng, kinh tế')
  corruption!: boolean;

  @S.Day('Ngày thụ lý')
  acceptedOn!: string;

  @S.Text('Số quyết định thi hành án')
  decisionNumber!: string;

  @S.Text(`Người phải thi hành án; "(đã xóa / erased)" once erased`)
  debtorName!: string;

  @S.Money('Tổng phải thi hành')
  owed!: string;

  @S.Money('Tổng còn phải thi hành')
  outstanding!: string;

  @S.Day('The earliest day an open step falls due; null when none is open or the case is closed', {
    nullable: true,
  })
  nextDueOn!: string | null;

  @S.Flag('A step is past its time limit (quá hạn)')
  overdue!: boolean;

  @S.Integer('Khiếu nại chưa giải quyết')
  openComplaints!: number;

  @S.Integer('Revision of the case')
  revision!: number;

  @S.Flag('A read model could not apply a later step of this case (see `quarantined` of the case file)')
  quarantined!: boolean;
}

export class CasePageDto {
  @S.ListOf(() => CaseSummaryView, 'One page of cases, in the order asked')
  items!: CaseSummaryView[];

  @S.Text('Pass as `cursor` for the next page, with the same filters and sort; null on the last page', {
    nullable: true,
  })
  nextCursor!: string | null;
}
