import { applyDecorators } from '@nestjs/common';
import type { Role } from '@app/kernel';
import { ApiHeader, ApiOperation } from '@nestjs/swagger';
import { ApiErrors, ApiRecorded } from '../http/api-responses';
import { IDEMPOTENCY_KEY_HEADER, IF_MATCH_HEADER } from '../http/conventions';
import { CaseCommandResultDto } from './case.responses';

export interface CaseStepDoc {
  summary: string;
  /** What the step records and what follows from it, when the summary does not say. */
  effect?: string;
  role: Role;
  /** The conditions of this step beyond those every step shares, each with the code answered when it fails. */
  preconditions: string[];
  /** The step may be taken while the case is in the separate ledger (sổ theo dõi riêng). */
  inSeparateLedger?: boolean;
  /** The step may be taken on a closed case. */
  onClosedCase?: boolean;
  /** 409 codes of this step's own rules, as `CODE: when`. */
  conflicts?: string[];
  /** 422 codes of this step's own rules, as `CODE: when`. */
  unprocessable?: string[];
}

const WHO: Record<Role, string> = {
  head: 'the head (Thủ trưởng) of the case’s agency or of an agency above it',
  bailiff: 'the bailiff (Chấp hành viên) assigned to the case',
  auditor: 'an auditor (Thẩm tra viên) of the case’s agency or of an agency above it',
  admin: 'an administrator (Quản trị hệ thống)',
};

const list = (items: readonly string[]) => items.map((item) => `- ${item}`).join('\n');

/**
 * A step on an existing case: its preconditions in the description, where a client finds them
 * before trying, and the errors every step shares beside its own.
 */
export function CaseStep(doc: CaseStepDoc): MethodDecorator {
  const shared = [
    `The case exists and you may see it: ${WHO[doc.role]} (404 \`NOT_FOUND\` otherwise).`,
    ...(doc.onClosedCase ? [] : ['The case is not closed (409 `CASE_CLOSED`).']),
    ...(doc.inSeparateLedger || doc.onClosedCase
      ? []
      : ['The case is not in the separate ledger, sổ theo dõi riêng (409 `CASE_IN_SEPARATE_LEDGER`).']),
    '`occurredOn`, the business date of the step, is not after today (422 `STEP_DATE_IN_FUTURE`) nor before ' +
      'the decision to enforce (422 `STEP_BEFORE_ACCEPTANCE`).',
  ];
  const description = [
    ...(doc.effect ? [doc.effect, ''] : []),
    `**Who:** ${WHO[doc.role]}.`,
    '',
    '**Preconditions (điều kiện):**',
    list([...shared, ...doc.preconditions]),
  ].join('\n');
  const conflicts = [
    ...(doc.onClosedCase ? [] : ['`CASE_CLOSED`: the case is closed and accepts nothing but reads']),
    ...(doc.inSeparateLedger || doc.onClosedCase
      ? []
      : ['`CASE_IN_SEPARATE_LEDGER`: reinstate the case (khôi phục) first']),
    ...(doc.conflicts ?? []),
    '`CONCURRENT_MODIFICATION`: other requests kept changing the case meanwhile; read it again and retry',
  ];
  const unprocessable = [
    '`STEP_DATE_IN_FUTURE`, `STEP_BEFORE_ACCEPTANCE`: the date of the step',
    ...(doc.unprocessable ?? []),
    '`DECISION_NOT_RECORDABLE`: a defect, nothing was written; quote the correlationId',
  ];
  return applyDecorators(
    ApiOperation({ summary: doc.summary, description }),
    ApiHeader(IF_MATCH_HEADER),
    ApiHeader(IDEMPOTENCY_KEY_HEADER),
    ApiRecorded(CaseCommandResultDto, 'Recorded: the case, its new revision (also in `ETag`) and the log position'),
    ApiErrors({
      403:
        `\`FORBIDDEN\`: your role may not take this step (only ${WHO[doc.role]}; auditors read only). ` +
        '`BAILIFF_NOT_POSTED_TO_CASE_AGENCY`: you were moved out of the agency that holds the case; its head must ' +
        'reassign it.',
      404: '`NOT_FOUND`: there is no case with this id, or none you may see (the same answer for both).',
      409: `A business rule of the case's current state, in \`messages\` (vi, en) and \`details\`:\n${list(conflicts)}`,
      422: `A business rule of the request, in \`messages\` (vi, en) and \`details\`:\n${list(unprocessable)}`,
      503: '`HISTORY_UNREADABLE`: the case holds an event this release cannot apply; nothing can be recorded past it.',
    }),
  );
}
