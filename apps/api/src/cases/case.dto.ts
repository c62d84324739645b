import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
} from 'class-validator';
import {
  CATEGORIES,
  COMPLAINT_CONCERNS,
  COMPLAINT_OUTCOMES,
  INITIATIONS,
  MEASURES,
  NOT_ENFORCEABLE_GROUNDS,
  TERMINATION_GROUNDS,
  type Category,
  type ComplaintConcern,
  type ComplaintOutcome,
  type Initiation,
  type Measure,
  type NotEnforceableGround,
  type TerminationGround,
} from '@app/cases';
import { IsIsoDate, IsMoney, IsPositiveMoney, NormalizedText } from '@app/platform';

const ID = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const ID_MESSAGE = 'must be 1-64 letters, digits or . _ / - starting with a letter or digit';

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

  @NormalizedText({ maxLength: 500 })
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

export class EntrustedFromDto {
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'agencyId must be a registered agency id' })
  agencyId!: string;

  @IsUUID()
  caseId!: string;
}

export class AcceptCaseDto {
  /** Optional client-chosen id (UUID); otherwise the server assigns one. */
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'agencyId must be a registered agency id' })
  agencyId!: string;

  /** Quyết định thi hành án: its number and date (the date of acceptance). */
  @ValidateNested()
  @Type(() => DocumentReferenceDto)
  decision!: DocumentReferenceDto;

  /** Bản án, quyết định được thi hành */
  @ValidateNested()
  @Type(() => JudgmentDto)
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

  @ValidateNested()
  @Type(() => DebtorDto)
  debtor!: DebtorDto;

  @ValidateNested()
  @Type(() => PartyDto)
  creditor!: PartyDto;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ObligationLineDto)
  lines!: ObligationLineDto[];

  /** Ngày nhận đơn yêu cầu hoặc bản án; the decision is due within 5 working days of it. */
  @IsOptional()
  @IsIsoDate()
  receivedOn?: string;

  /** Set by the receiving agency when the case came by entrustment (ủy thác). */
  @IsOptional()
  @ValidateNested()
  @Type(() => EntrustedFromDto)
  entrustedFrom?: EntrustedFromDto;
}

export class StepDto {
  /** The business date the step happened (YYYY-MM-DD), not when it is recorded. */
  @IsIsoDate()
  occurredOn!: string;
}

export class AssignBailiffDto extends StepDto {
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'bailiffId must be an appointed bailiff id' })
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
  @NormalizedText({ maxLength: 2000 })
  note?: string;
}

export class TakeMeasureDto extends StepDto {
  @IsIn(MEASURES)
  measure!: Measure;

  @IsOptional()
  @NormalizedText({ maxLength: 2000 })
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
  @NormalizedText({ maxLength: 2000 })
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
  @NormalizedText({ maxLength: 2000 })
  ground!: string;
}

export class SuspendCaseDto extends GroundDto {
  /** Căn cứ pháp lý tạm đình chỉ theo Điều 49, e.g. "Điểm b khoản 1 Điều 49 Luật THADS" */
  @NormalizedText({ maxLength: 2000 })
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
  @ValidateNested()
  @Type(() => DocumentReferenceDto)
  courtDecision!: DocumentReferenceDto;
}

export class EntrustCaseDto extends GroundDto {
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'toAgencyId must be a registered agency id' })
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

  @NormalizedText({ maxLength: 4000 })
  summary!: string;
}

export class ResolveComplaintDto extends StepDto {
  @IsIn(COMPLAINT_OUTCOMES)
  outcome!: ComplaintOutcome;

  @IsOptional()
  @NormalizedText({ maxLength: 4000 })
  summary?: string;
}

export class TerminateCaseDto extends StepDto {
  /** Căn cứ đình chỉ theo Điều 50 */
  @IsIn(TERMINATION_GROUNDS)
  ground!: TerminationGround;

  @NormalizedText({ maxLength: 2000 })
  legalBasis!: string;
}

export class ListCasesDto {
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'agencyId must be an agency id' })
  agencyId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  bailiffId?: string;

  @IsOptional()
  @IsIn(['active', 'postponed', 'suspended', 'separate_ledger', 'closed'])
  status?: string;

  @IsOptional()
  @IsIn(['unverified', 'enforceable', 'not_enforceable'])
  classification?: string;

  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

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
  @IsIn(['acceptedOn', 'nextDueOn', 'outstanding'])
  sort?: 'acceptedOn' | 'nextDueOn' | 'outstanding';

  @IsOptional()
  @IsIn(['asc', 'desc'])
  direction?: 'asc' | 'desc';

  @IsOptional()
  @Matches(/^([1-9]|[1-9][0-9]|[1-4][0-9][0-9]|500)$/, { message: 'limit must be an integer from 1 to 500' })
  limit?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  /** Wait (up to 5 s) until the read model has processed this global position: read your own writes. */
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'minPosition must be a position returned by a command' })
  minPosition?: string;
}

export class MinPositionDto {
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'minPosition must be a position returned by a command' })
  minPosition?: string;
}
