import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsOptional, Matches, ValidateBy } from 'class-validator';
import {
  CATEGORIES,
  COMPLAINT_CONCERNS,
  COMPLAINT_OUTCOMES,
  INITIATIONS,
  MEASURES,
  NOT_ENFORCEABLE_GROUNDS,
  TERMINATION_GROUNDS,
  CASE_SORTS,
  decodeCaseListCursor,
  type CaseSort,
  type CaseStatus,
  type Category,
  type Classification,
  type ComplaintConcern,
  type ComplaintOutcome,
  type Initiation,
  type Measure,
  type NotEnforceableGround,
  type TerminationGround,
} from '@app/cases';
import {
  IsIsoDate,
  IsMoney,
  isMoneyString,
  IsPosition,
  IsPositiveMoney,
  IsUuid,
  Nested,
  NormalizedText,
} from '@app/platform';
import { AGENCY_ID_PATTERN, BAILIFF_ID_PATTERN, MONEY_MAX } from '@app/kernel';

/** Obligation lines, receipts, vouchers and complaints: ids the client chooses, unique within the case. */
export const ID = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
export const ID_MESSAGE = 'must be 1-64 letters, digits or . _ / - starting with a letter or digit';

export class DocumentReferenceDto {
  /** Số quyết định / số bản án */
  @NormalizedText({ maxLength: 100 })
  number!: string;

  /** YYYY-MM-DD */
  @IsIsoDate()
  date!: string;
}

export class JudgmentDto extends DocumentReferenceDto {
  /** Tòa án đã xét xử */
  @NormalizedText({ maxLength: 300 })
  court!: string;
}

export class PartyDto {
  @NormalizedText({ maxLength: 300 })
  name!: string;

  /** Số CCCD/CMND hoặc mã số doanh nghiệp */
  @IsOptional()
  @NormalizedText({ maxLength: 50 })
  idNumber?: string;

  @IsOptional()
  @NormalizedText({ maxLength: 500 })
  address?: string;
}

export class DebtorDto extends PartyDto {
  /** Người phải thi hành án đang chấp hành án phạt tù */
  @IsBoolean()
  imprisoned!: boolean;
}

export class ObligationLineDto {
  @Matches(ID, { message: `id ${ID_MESSAGE}` })
  id!: string;

  @IsIn(['money', 'non_money'])
  kind!: 'money' | 'non_money';

  @NormalizedText({ maxLength: 500, multiline: true })
  description!: string;

  /** Integer đồng as a string of digits; "0" for a non-money obligation. */
  @IsMoney()
  amount!: string;

  @NormalizedText({ maxLength: 300 })
  payee!: string;

  /** Khoản thu nộp ngân sách nhà nước (án phí, tiền phạt...) */
  @IsBoolean()
  owedToState!: boolean;
}

/**
 * What a case's lines owe in all, counting only amounts that are themselves valid (the others are
 * refused by their own rule). No case exceeds what the whole country enforces in a year (about 10^15
 * đồng), and the statistics sum cases in bigint: a bound a case cannot pass keeps their sums exact.
 */
function linesTotal(lines: unknown): bigint {
  if (!Array.isArray(lines)) return 0n;
  let total = 0n;
  for (const line of lines) {
    const amount = (line as { amount?: unknown } | null)?.amount;
    if (isMoneyString(amount)) total += BigInt(amount);
  }
  return total;
}

export class EntrustedFromDto {
  @Matches(AGENCY_ID_PATTERN, { message: 'agencyId must be a registered agency id' })
  agencyId!: string;

  @ApiProperty({ description: "The case's id at the agency that entrusted it (read in lower case)", format: 'uuid' })
  @IsUuid()
  caseId!: string;
}

export class AcceptCaseDto {
  @ApiPropertyOptional({
    description: 'Optional client-chosen id (read in lower case); otherwise the server assigns one.',
    format: 'uuid',
  })
  @IsOptional()
  @IsUuid()
  caseId?: string;

  @Matches(AGENCY_ID_PATTERN, { message: 'agencyId must be a registered agency id' })
  agencyId!: string;

  /** Quyết định thi hành án: its number and date (the date of acceptance). */
  @Nested(() => DocumentReferenceDto)
  decision!: DocumentReferenceDto;

  /** Bản án, quyết định được thi hành */
  @Nested(() => JudgmentDto)
  judgment!: JudgmentDto;

  /** chủ động (ex_officio) or theo đơn (on_request) */
  @IsIn(INITIATIONS)
  initiation!: Initiation;

  @IsIn(CATEGORIES)
  category!: Category;

  /** Việc tín dụng, ngân hàng */
  @IsBoolean()
  credit!: boolean;

  /** Thu hồi tài sản trong vụ án tham nhũng, kinh tế */
  @IsBoolean()
  corruption!: boolean;

  @Nested(() => DebtorDto)
  debtor!: DebtorDto;

  @Nested(() => PartyDto)
  creditor!: PartyDto;

  @Nested(() => ObligationLineDto, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateBy({
    name: 'totalAtMost',
    validator: {
      validate: (lines: unknown) => linesTotal(lines) <= MONEY_MAX,
      defaultMessage: () => `lines must owe at most ${MONEY_MAX} đồng in all`,
    },
  })
  lines!: ObligationLineDto[];

  /** Ngày nhận đơn yêu cầu hoặc bản án; the decision is due within 5 working days of it. */
  @IsOptional()
  @IsIsoDate()
  receivedOn?: string;

  /** Set by the receiving agency when the case came by entrustment (ủy thác). */
  @IsOptional()
  @Nested(() => EntrustedFromDto)
  entrustedFrom?: EntrustedFromDto;
}

export class StepDto {
  /** The business date the step happened (YYYY-MM-DD), not when it is recorded. */
  @IsIsoDate()
  occurredOn!: string;
}

export class AssignBailiffDto extends StepDto {
  @Matches(BAILIFF_ID_PATTERN, { message: 'bailiffId must be an appointed bailiff id' })
  bailiffId!: string;
}

export class VerifyConditionsDto extends StepDto {
  /** có điều kiện / chưa có điều kiện thi hành */
  @IsIn(['enforceable', 'not_enforceable'])
  outcome!: 'enforceable' | 'not_enforceable';

  /** Required when not enforceable. */
  @IsOptional()
  @IsIn(NOT_ENFORCEABLE_GROUNDS)
  ground?: NotEnforceableGround;

  @IsOptional()
  @NormalizedText({ maxLength: 2000, multiline: true })
  note?: string;
}

export class TakeMeasureDto extends StepDto {
  @IsIn(MEASURES)
  measure!: Measure;

  @IsOptional()
  @NormalizedText({ maxLength: 2000, multiline: true })
  description?: string;

  /** The obligation line it serves; a hand-over naming a non-money line fulfils it. */
  @IsOptional()
  @Matches(ID, { message: `lineId ${ID_MESSAGE}` })
  lineId?: string;
}

export class CollectMoneyDto extends StepDto {
  @Matches(ID, { message: `lineId ${ID_MESSAGE}` })
  lineId!: string;

  @IsPositiveMoney()
  amount!: string;

  /** Số biên lai thu tiền, unique within the case */
  @Matches(ID, { message: `receiptNumber ${ID_MESSAGE}` })
  receiptNumber!: string;
}

export class ReverseCollectionDto extends StepDto {
  @NormalizedText({ maxLength: 2000, multiline: true })
  reason!: string;
}

export class DisburseMoneyDto extends StepDto {
  @Matches(ID, { message: `lineId ${ID_MESSAGE}` })
  lineId!: string;

  @IsPositiveMoney()
  amount!: string;

  /** Số phiếu chi */
  @IsOptional()
  @Matches(ID, { message: `voucherNumber ${ID_MESSAGE}` })
  voucherNumber?: string;
}

export class GroundDto extends StepDto {
  /** Căn cứ pháp lý / lý do */
  @NormalizedText({ maxLength: 2000, multiline: true })
  ground!: string;
}

export class SuspendCaseDto extends GroundDto {
  /** Căn cứ pháp lý tạm đình chỉ theo Điều 49, e.g. "Điểm b khoản 1 Điều 49 Luật THADS" */
  @NormalizedText({ maxLength: 2000, multiline: true })
  legalBasis!: string;
}

export class PostponeCaseDto extends GroundDto {
  @IsOptional()
  @IsIsoDate()
  until?: string;
}

export class ExemptObligationDto extends StepDto {
  @Matches(ID, { message: `lineId ${ID_MESSAGE}` })
  lineId!: string;

  /** miễn (the whole outstanding sum) or giảm (by `amount`) */
  @IsIn(['exemption', 'reduction'])
  relief!: 'exemption' | 'reduction';

  @IsOptional()
  @IsPositiveMoney()
  amount?: string;

  /** Quyết định miễn, giảm của Tòa án */
  @Nested(() => DocumentReferenceDto)
  courtDecision!: DocumentReferenceDto;
}

export class EntrustCaseDto extends GroundDto {
  @Matches(AGENCY_ID_PATTERN, { message: 'toAgencyId must be a registered agency id' })
  toAgencyId!: string;
}

export class FileComplaintDto extends StepDto {
  @IsOptional()
  @Matches(ID, { message: `complaintId ${ID_MESSAGE}` })
  complaintId?: string;

  /** Người khiếu nại */
  @NormalizedText({ maxLength: 300 })
  complainant!: string;

  /** What the complaint is about; it sets the legal time limit for resolving it. */
  @IsIn(COMPLAINT_CONCERNS)
  concerns!: ComplaintConcern;

  @NormalizedText({ maxLength: 4000, multiline: true })
  summary!: string;
}

export class ResolveComplaintDto extends StepDto {
  @IsIn(COMPLAINT_OUTCOMES)
  outcome!: ComplaintOutcome;

  @IsOptional()
  @NormalizedText({ maxLength: 4000, multiline: true })
  summary?: string;
}

export class TerminateCaseDto extends StepDto {
  /** Căn cứ đình chỉ theo Điều 50 */
  @IsIn(TERMINATION_GROUNDS)
  ground!: TerminationGround;

  @NormalizedText({ maxLength: 2000, multiline: true })
  legalBasis!: string;
}

const CASE_STATUSES: readonly CaseStatus[] = ['active', 'postponed', 'suspended', 'separate_ledger', 'closed'];
const CLASSIFICATIONS: readonly Classification[] = ['unverified', 'enforceable', 'not_enforceable'];
const BASE64URL = /^[A-Za-z0-9_-]{1,500}$/;

/** A `nextCursor` of the case list (see decodeCaseListCursor), refused here rather than by PostgreSQL. */
export function isCaseListCursor(value: unknown): boolean {
  return typeof value === 'string' && BASE64URL.test(value) && decodeCaseListCursor(value) !== null;
}

export class ListCasesDto {
  @IsOptional()
  @Matches(AGENCY_ID_PATTERN, { message: 'agencyId must be an agency id' })
  agencyId?: string;

  @IsOptional()
  @Matches(BAILIFF_ID_PATTERN, { message: 'bailiffId must be a bailiff id' })
  bailiffId?: string;

  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @IsOptional()
  @IsIn(CLASSIFICATIONS)
  classification?: Classification;

  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @IsOptional()
  @IsIn(['true', 'false'])
  credit?: 'true' | 'false';

  @IsOptional()
  @IsIn(['true', 'false'])
  corruption?: 'true' | 'false';

  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @IsOptional()
  @IsIn(CASE_SORTS)
  sort?: CaseSort;

  @IsOptional()
  @IsIn(['asc', 'desc'])
  direction?: 'asc' | 'desc';

  @IsOptional()
  @Matches(/^([1-9]|[1-9][0-9]|[1-4][0-9][0-9]|500)$/, { message: 'limit must be an integer from 1 to 500' })
  limit?: string;

  /** `nextCursor` of the previous page, with the same sort */
  @IsOptional()
  @ValidateBy({
    name: 'isCursor',
    validator: {
      validate: isCaseListCursor,
      defaultMessage: () => 'cursor must be a nextCursor returned by this listing',
    },
  })
  cursor?: string;

  /** Wait (up to 5 s) until the read model has processed this global position: read your own writes. */
  @IsOptional()
  @IsPosition()
  minPosition?: string;
}

export class MinPositionDto {
  /** Wait (up to 5 s) until the read model has processed this global position: read your own writes. */
  @IsOptional()
  @IsPosition()
  minPosition?: string;
}
