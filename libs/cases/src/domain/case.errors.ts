import { DomainError, NotFound, type Messages } from '@app/event-sourcing';
import type { Initiation, LegalRules } from './legal-rules';
import type { IsoDate } from '@app/kernel';

type Details = Record<string, string | number | boolean | null>;

/** The earlier step a step answers, which it cannot be dated before. */
export type EarlierStep = 'latestStep' | 'complaint' | 'collection' | 'postponement' | 'suspension' | 'separateLedger';

const EARLIER_STEPS: Record<EarlierStep, Messages> = {
  latestStep: { vi: 'bước gần nhất đã được ghi nhận', en: 'the latest step recorded' },
  complaint: { vi: 'việc nhận khiếu nại', en: 'the complaint' },
  collection: { vi: 'việc thu tiền', en: 'the collection' },
  postponement: { vi: 'quyết định hoãn thi hành án', en: 'the postponement' },
  suspension: { vi: 'quyết định tạm đình chỉ thi hành án', en: 'the suspension' },
  separateLedger: { vi: 'việc chuyển sổ theo dõi riêng', en: 'the move to the separate ledger' },
};

const INITIATIONS: Record<Initiation, Messages> = {
  ex_officio: { vi: 'việc chủ động thi hành án', en: 'an ex_officio case' },
  on_request: { vi: 'việc thi hành án theo đơn yêu cầu', en: 'an on_request case' },
};

type RulesName = Pick<LegalRules, 'name' | 'nameVi'>;

const conflict = (code: string, vi: string, en: string, details?: Details) =>
  new DomainError(code, 'conflict', { vi, en }, details);
const unprocessable = (code: string, vi: string, en: string, details?: Details) =>
  new DomainError(code, 'unprocessable', { vi, en }, details);

/** Every business rule a case command can break, with a stable code and a Vietnamese and English message. */
export const CaseErrors = {
  /**
   * Also what a case the actor may not see answers, word for word: the one message for both is what
   * keeps the answer from telling them apart.
   */
  notFound: (caseId: string) =>
    new NotFound('Case', caseId, {
      vi: `Không tìm thấy việc thi hành án ${caseId}, hoặc bạn không có quyền với việc này.`,
      en: `Case ${caseId} does not exist, or is not yours to see`,
    }),
  alreadyExists: (caseId: string) =>
    conflict(
      'CASE_ALREADY_EXISTS',
      `Việc thi hành án ${caseId} đã được thụ lý.`,
      `Case ${caseId} was already accepted.`,
      {
        caseId,
      },
    ),
  closed: (closure: string) =>
    conflict(
      'CASE_CLOSED',
      'Việc thi hành án đã kết thúc; chỉ được tra cứu.',
      `The case is closed (${closure}); it accepts nothing but audit reads.`,
      { closure },
    ),
  inSeparateLedger: () =>
    conflict(
      'CASE_IN_SEPARATE_LEDGER',
      'Việc đang được theo dõi riêng; cần khôi phục trước khi tổ chức thi hành.',
      'The case is in the separate ledger; reinstate it before taking this step.',
    ),
  dateInFuture: (occurredOn: string, today: string) =>
    unprocessable(
      'STEP_DATE_IN_FUTURE',
      `Ngày thực hiện ${occurredOn} sau ngày hiện tại ${today}.`,
      `The step's date ${occurredOn} is after today (${today}).`,
      { occurredOn, today },
    ),
  dateBeforeAcceptance: (occurredOn: string, acceptedOn: string) =>
    unprocessable(
      'STEP_BEFORE_ACCEPTANCE',
      `Ngày thực hiện ${occurredOn} trước ngày ra quyết định thi hành án ${acceptedOn}.`,
      `The step's date ${occurredOn} is before the decision to enforce (${acceptedOn}).`,
      { occurredOn, acceptedOn },
    ),
  agencyNotOpen: (agencyId: string) =>
    unprocessable(
      'AGENCY_NOT_OPEN',
      `Cơ quan ${agencyId} không tồn tại hoặc không hoạt động vào ngày này.`,
      `Agency ${agencyId} does not exist or is not open on that date.`,
      { agencyId },
    ),
  agencyNotCompetent: (agencyId: string, reason: 'central' | 'closed_without_successor') =>
    unprocessable(
      'AGENCY_NOT_COMPETENT',
      reason === 'central'
        ? `Cơ quan ${agencyId} là cơ quan quản lý thi hành án dân sự trung ương, không trực tiếp tổ chức thi hành án.`
        : `Cơ quan ${agencyId} đã ngừng hoạt động mà không có cơ quan tiếp nhận; việc thi hành án phải do cơ quan đang có thẩm quyền thụ lý.`,
      reason === 'central'
        ? `Agency ${agencyId} is the central agency, which directs enforcement and enforces no case itself.`
        : `Agency ${agencyId} has closed without a successor; the agency competent now must accept the case.`,
      { agencyId, reason },
    ),
  noObligationLines: () =>
    unprocessable(
      'INVALID_OBLIGATION_LINES',
      'Nghĩa vụ thi hành án không hợp lệ: việc phải có ít nhất một nghĩa vụ.',
      'Invalid obligation lines: a case needs at least one obligation line',
    ),
  duplicateLineId: (lineId: string) =>
    unprocessable(
      'INVALID_OBLIGATION_LINES',
      `Nghĩa vụ thi hành án không hợp lệ: mã nghĩa vụ ${lineId} xuất hiện hai lần.`,
      `Invalid obligation lines: line id ${lineId} appears twice`,
      { lineId },
    ),
  moneyLineNotPositive: (lineId: string) =>
    unprocessable(
      'INVALID_OBLIGATION_LINES',
      `Nghĩa vụ thi hành án không hợp lệ: nghĩa vụ trả tiền ${lineId} phải có số tiền lớn hơn 0 đồng.`,
      `Invalid obligation lines: money line ${lineId} must owe more than 0 đồng`,
      { lineId },
    ),
  nonMoneyLineWithAmount: (lineId: string) =>
    unprocessable(
      'INVALID_OBLIGATION_LINES',
      `Nghĩa vụ thi hành án không hợp lệ: nghĩa vụ không phải trả tiền ${lineId} không được ghi số tiền.`,
      `Invalid obligation lines: non-money line ${lineId} carries no amount`,
      { lineId },
    ),
  judgmentAfterDecision: () =>
    unprocessable(
      'JUDGMENT_AFTER_DECISION',
      'Ngày bản án, quyết định sau ngày ra quyết định thi hành án.',
      'The judgment is dated after the decision to enforce it.',
    ),
  requestTimeBarred: (judgmentDate: string, receivedOn: string) =>
    unprocessable(
      'REQUEST_TIME_BARRED',
      'Đơn yêu cầu thi hành án nộp quá thời hiệu 5 năm kể từ ngày bản án có hiệu lực.',
      'The request was filed more than 5 years after the judgment took effect.',
      { judgmentDate, receivedOn },
    ),
  bailiffNotFound: (bailiffId: string) =>
    unprocessable('BAILIFF_NOT_FOUND', `Không có Chấp hành viên ${bailiffId}.`, `There is no bailiff ${bailiffId}.`, {
      bailiffId,
    }),
  bailiffOutsideAgency: (bailiffId: string, agencyId: string) =>
    unprocessable(
      'BAILIFF_OUTSIDE_AGENCY',
      `Chấp hành viên ${bailiffId} không thuộc cơ quan ${agencyId} hoặc đơn vị trực thuộc.`,
      `Bailiff ${bailiffId} does not belong to agency ${agencyId} or an office under it.`,
      { bailiffId, agencyId },
    ),
  bailiffAlreadyAssigned: (bailiffId: string) =>
    conflict(
      'BAILIFF_ALREADY_ASSIGNED',
      `Chấp hành viên ${bailiffId} đã được phân công việc này.`,
      `Bailiff ${bailiffId} is already assigned to this case.`,
      { bailiffId },
    ),
  noBailiffAssigned: () =>
    conflict(
      'NO_BAILIFF_ASSIGNED',
      'Việc chưa được phân công Chấp hành viên.',
      'No bailiff is assigned to the case yet.',
    ),
  groundRequired: () =>
    unprocessable(
      'GROUND_REQUIRED',
      'Phải nêu căn cứ khi xác định chưa có điều kiện thi hành.',
      'A ground is required when the debtor is found unable to pay.',
    ),
  groundNotAllowed: () =>
    unprocessable(
      'GROUND_NOT_ALLOWED',
      'Việc có điều kiện thi hành không kèm căn cứ chưa có điều kiện.',
      'An enforceable verdict takes no not-enforceable ground.',
    ),
  halted: (status: string) =>
    conflict(
      'CASE_HALTED',
      'Việc đang bị hoãn hoặc tạm đình chỉ thi hành án.',
      `The case is ${status}; resume it before taking enforcement measures.`,
      { status },
    ),
  alreadyHalted: (status: string) =>
    conflict('CASE_ALREADY_HALTED', 'Việc đang bị hoãn hoặc tạm đình chỉ.', `The case is already ${status}.`, {
      status,
    }),
  notHalted: () =>
    conflict(
      'CASE_NOT_HALTED',
      'Việc không bị hoãn hoặc tạm đình chỉ.',
      'The case is neither postponed nor suspended.',
    ),
  voluntaryPeriodNotOver: (endsOn: string) =>
    unprocessable(
      'VOLUNTARY_PERIOD_NOT_OVER',
      `Chưa hết thời hạn tự nguyện thi hành (đến ${endsOn}); chỉ được áp dụng biện pháp bảo đảm.`,
      `The voluntary compliance period runs until ${endsOn}; only security measures may be taken before.`,
      { endsOn },
    ),
  unknownLine: (lineId: string) =>
    unprocessable(
      'UNKNOWN_OBLIGATION_LINE',
      `Không có nghĩa vụ ${lineId}.`,
      `The case has no obligation line ${lineId}.`,
      {
        lineId,
      },
    ),
  notMoneyLine: (lineId: string) =>
    unprocessable(
      'NOT_A_MONEY_OBLIGATION',
      `Nghĩa vụ ${lineId} không phải nghĩa vụ trả tiền.`,
      `Obligation line ${lineId} is not a money obligation.`,
      { lineId },
    ),
  exceedsOutstanding: (lineId: string, outstanding: bigint) =>
    unprocessable(
      'COLLECTION_EXCEEDS_OUTSTANDING',
      `Số tiền vượt quá số còn phải thi hành của nghĩa vụ ${lineId} (${outstanding} đồng).`,
      `The amount exceeds what is outstanding on line ${lineId} (${outstanding} đồng).`,
      { lineId, outstanding: outstanding.toString() },
    ),
  receiptExists: (receiptNumber: string) =>
    conflict(
      'RECEIPT_ALREADY_RECORDED',
      `Biên lai ${receiptNumber} đã được ghi nhận trong việc này.`,
      `Receipt ${receiptNumber} is already recorded on this case.`,
      { receiptNumber },
    ),
  receiptNotFound: (receiptNumber: string) =>
    unprocessable('RECEIPT_NOT_FOUND', `Không có biên lai ${receiptNumber}.`, `There is no receipt ${receiptNumber}.`, {
      receiptNumber,
    }),
  receiptReversed: (receiptNumber: string) =>
    conflict(
      'RECEIPT_ALREADY_REVERSED',
      `Biên lai ${receiptNumber} đã được hủy bút toán.`,
      `Receipt ${receiptNumber} was already reversed.`,
      { receiptNumber },
    ),
  reversalBelowDisbursed: (lineId: string) =>
    conflict(
      'REVERSAL_BELOW_DISBURSED',
      `Không thể hủy: số tiền đã chi trả của nghĩa vụ ${lineId} sẽ vượt số đã thu.`,
      `Reversing would leave more paid out than collected on line ${lineId}.`,
      { lineId },
    ),
  moneyAwaitingPayout: (awaiting: readonly { lineId: string; amount: string }[]) =>
    conflict(
      'MONEY_AWAITING_PAYOUT',
      `Việc còn tiền đã thu chưa chi trả (${awaiting.map((a) => `nghĩa vụ ${a.lineId}: ${a.amount} đồng`).join('; ')}); phải chi trả hết trước khi kết thúc việc.`,
      `Money collected is not yet paid out (${awaiting.map((a) => `line ${a.lineId}: ${a.amount} đồng`).join('; ')}); pay it out before the case ends`,
      {
        lineIds: awaiting.map((a) => a.lineId).join(','),
        awaiting: awaiting.reduce((total, a) => total + BigInt(a.amount), 0n).toString(),
      },
    ),
  voucherExists: (voucherNumber: string) =>
    conflict(
      'VOUCHER_ALREADY_RECORDED',
      `Phiếu chi ${voucherNumber} đã được ghi nhận trong việc này.`,
      `Voucher ${voucherNumber} is already recorded on this case.`,
      { voucherNumber },
    ),
  paidBeforeCollected: (lineId: string, on: IsoDate, shortBy: bigint) =>
    unprocessable(
      'DISBURSEMENT_BEFORE_COLLECTION',
      `Đến ngày ${on}, số tiền đã thu của nghĩa vụ ${lineId} chưa đủ để chi khoản này (còn thiếu ${shortBy} đồng): không thể chi số tiền chưa thu được.`,
      `By ${on}, line ${lineId} had not collected enough to pay this out (short by ${shortBy} đồng): money is paid out only once it has come in.`,
      { lineId, occurredOn: on, shortBy: shortBy.toString() },
    ),
  exceedsUndisbursed: (lineId: string, available: bigint) =>
    unprocessable(
      'DISBURSEMENT_EXCEEDS_COLLECTED',
      `Số tiền chi vượt quá số đã thu chưa chi của nghĩa vụ ${lineId} (${available} đồng).`,
      `The amount exceeds what was collected and not yet paid out on line ${lineId} (${available} đồng).`,
      { lineId, available: available.toString() },
    ),
  notOwedToState: (lineId: string) =>
    unprocessable(
      'NOT_OWED_TO_STATE',
      `Chỉ miễn, giảm khoản thu nộp ngân sách nhà nước; nghĩa vụ ${lineId} không phải.`,
      `Only sums owed to the State can be exempted or reduced; line ${lineId} is not.`,
      { lineId },
    ),
  nothingOutstanding: (lineId: string) =>
    conflict(
      'NOTHING_OUTSTANDING',
      `Nghĩa vụ ${lineId} không còn phải thi hành.`,
      `Nothing is outstanding on line ${lineId}.`,
      { lineId },
    ),
  entrustmentNotFound: (caseId: string, agencyId: string) =>
    unprocessable(
      'ENTRUSTMENT_NOT_FOUND',
      `Việc ${caseId} không được ủy thác cho cơ quan ${agencyId}.`,
      `Case ${caseId} was not entrusted to agency ${agencyId}.`,
      { caseId, agencyId },
    ),
  invalidAmount: (amount: string) =>
    unprocessable(
      'INVALID_AMOUNT',
      `Số tiền "${amount}" không hợp lệ: phải là số nguyên đồng lớn hơn 0, tối đa 10^15.`,
      `The amount "${amount}" is not an integer number of đồng above 0 and at most 10^15.`,
      { amount },
    ),
  requestAfterDecision: (receivedOn: string, decisionDate: string) =>
    unprocessable(
      'REQUEST_AFTER_DECISION',
      `Ngày nhận đơn ${receivedOn} sau ngày ra quyết định thi hành án ${decisionDate}.`,
      `The request is dated ${receivedOn}, after the decision to enforce it (${decisionDate}).`,
      { receivedOn, decisionDate },
    ),
  stepBeforePrevious: (occurredOn: string, previous: string, dependsOn: EarlierStep) =>
    unprocessable(
      'STEP_BEFORE_PREVIOUS',
      `Ngày thực hiện ${occurredOn} trước ngày ${previous} của ${EARLIER_STEPS[dependsOn].vi}, bước mà nó dựa vào.`,
      `The step's date ${occurredOn} is before ${previous}, the date of the step it depends on (${EARLIER_STEPS[dependsOn].en}).`,
      { occurredOn, previous, dependsOn },
    ),
  sameAgency: () =>
    unprocessable(
      'ENTRUSTMENT_TO_SAME_AGENCY',
      'Không thể ủy thác cho chính cơ quan đang thi hành.',
      'A case cannot be entrusted to the agency that holds it.',
    ),
  separateLedgerNotForInitiation: (rules: RulesName, initiation: Initiation) =>
    unprocessable(
      'SEPARATE_LEDGER_NOT_YET',
      `Chưa đủ điều kiện chuyển sổ theo dõi riêng: theo ${rules.nameVi}, ${INITIATIONS[initiation].vi} không chuyển sổ theo dõi riêng.`,
      `The case cannot move to the separate ledger yet: under ${rules.name} ${INITIATIONS[initiation].en} is not moved to the separate ledger`,
      { initiation, rules: rules.name },
    ),
  separateLedgerTooSoon: (months: number, notEnforceableSince: string | null, eligibleOn: string | null) =>
    unprocessable(
      'SEPARATE_LEDGER_NOT_YET',
      `Chưa đủ điều kiện chuyển sổ theo dõi riêng: việc phải ở tình trạng chưa có điều kiện thi hành đủ ${months} tháng.`,
      `The case cannot move to the separate ledger yet: it must be not enforceable for ${months} months`,
      { notEnforceableSince, eligibleOn },
    ),
  separateLedgerVerificationsNeeded: (needed: number, verifications: number) =>
    unprocessable(
      'SEPARATE_LEDGER_NOT_YET',
      `Chưa đủ điều kiện chuyển sổ theo dõi riêng: cần ít nhất ${needed} lần xác minh định kỳ không phát hiện thông tin mới.`,
      `The case cannot move to the separate ledger yet: it needs ${needed} verifications finding nothing new`,
      { verifications },
    ),
  notInSeparateLedger: () =>
    conflict('NOT_IN_SEPARATE_LEDGER', 'Việc không ở sổ theo dõi riêng.', 'The case is not in the separate ledger.'),
  returnNotForInitiation: (rules: RulesName, initiation: Initiation) =>
    unprocessable(
      'RETURN_NOT_ALLOWED',
      `Chưa đủ điều kiện trả đơn yêu cầu thi hành án: ${rules.nameVi} không quy định trả đơn đối với ${INITIATIONS[initiation].vi}.`,
      `The request cannot be returned to the applicant: ${rules.name} provides no return for ${INITIATIONS[initiation].en}`,
      { rules: rules.name, initiation },
    ),
  returnTooSoon: (months: number, notEnforceableSince: string | null, eligibleOn: string | null) =>
    unprocessable(
      'RETURN_NOT_ALLOWED',
      `Chưa đủ điều kiện trả đơn yêu cầu thi hành án: việc phải ở tình trạng chưa có điều kiện thi hành đủ ${months} tháng.`,
      `The request cannot be returned to the applicant: it must be not enforceable for ${months} months`,
      { notEnforceableSince, eligibleOn },
    ),
  complaintExists: (complaintId: string) =>
    conflict(
      'COMPLAINT_ALREADY_FILED',
      `Khiếu nại ${complaintId} đã được ghi nhận.`,
      `Complaint ${complaintId} is already recorded.`,
      {
        complaintId,
      },
    ),
  complaintNotFound: (complaintId: string) =>
    unprocessable(
      'COMPLAINT_NOT_FOUND',
      `Không có khiếu nại ${complaintId}.`,
      `There is no complaint ${complaintId}.`,
      {
        complaintId,
      },
    ),
  complaintResolved: (complaintId: string) =>
    conflict(
      'COMPLAINT_ALREADY_RESOLVED',
      `Khiếu nại ${complaintId} đã được giải quyết.`,
      `Complaint ${complaintId} is already resolved.`,
      { complaintId },
    ),
  obligationsOutstanding: (lines: string[]) =>
    unprocessable(
      'OBLIGATIONS_OUTSTANDING',
      `Còn nghĩa vụ chưa thi hành xong: ${lines.join(', ')}.`,
      `Obligations are still outstanding: ${lines.join(', ')}.`,
      { lines: lines.join(',') },
    ),
  nothingExecuted: () =>
    unprocessable(
      'NOTHING_EXECUTED',
      'Không có nghĩa vụ nào được thi hành: người phải thi hành án được miễn, giảm toàn bộ nghĩa vụ, nên phải đình chỉ thi hành án theo điểm e khoản 1 Điều 50 chứ không kết thúc là đã thi hành xong.',
      'Nothing was executed: the debtor was relieved of every obligation, which ends the case by termination (Article 50(1)(e), ground exemption_granted), not by completion.',
    ),
  complaintsPending: (complaintIds: string[]) =>
    conflict(
      'COMPLAINTS_PENDING',
      `Còn khiếu nại chưa giải quyết: ${complaintIds.join(', ')}. Giải quyết khiếu nại trước khi kết thúc việc thi hành án tại cơ quan này.`,
      `Complaints are still unresolved: ${complaintIds.join(', ')}. Resolve them before the case ends here.`,
      { complaintIds: complaintIds.join(',') },
    ),
  untilBeforeStart: () =>
    unprocessable(
      'POSTPONEMENT_ENDS_BEFORE_START',
      'Thời hạn hoãn kết thúc trước ngày hoãn.',
      'The postponement ends before it starts.',
    ),
};
