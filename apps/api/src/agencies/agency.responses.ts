import {
  AGENCY_LEVELS,
  BAILIFF_GRADES,
  type AgencyLevel,
  type AgencyListItem,
  type BailiffGrade,
  type BailiffListItem,
} from '@app/agencies';
import type { CommandResult } from '@app/event-sourcing';
import * as S from '../http/schema';

/** What an agency or bailiff write answers: every decision on them records an event, so there is a position. */
export interface AgencyRecorded extends CommandResult {
  position: string;
}

export function agencyRecorded(result: CommandResult): AgencyRecorded {
  const { position } = result;
  if (position === null) {
    throw new Error(
      `The decision on ${result.id} recorded no event, but every decision on an agency or bailiff records one`,
    );
  }
  return { ...result, position };
}

// The class name is the schema's name in the OpenAPI document, which clients generate code from.
export class CommandOutcomeDto implements AgencyRecorded {
  @S.Slug('The agency or bailiff the command recorded a step of')
  id!: string;

  @S.Integer('Its revision after the step (also in `ETag`); 0 is the registration or appointment')
  revision!: number;

  @S.Position('Log position of the event written: pass it as `minPosition` to read your own write')
  position!: string;
}

export class AgencyView implements AgencyListItem {
  @S.Slug('Mã cơ quan')
  id!: string;

  @S.Text('Tên cơ quan')
  name!: string;

  @S.OneOf(
    AGENCY_LEVELS,
    'central (Cục Quản lý THADS), province (THADS tỉnh), local (Phòng THADS khu vực / Chi cục THADS huyện)',
  )
  level!: AgencyLevel;

  @S.Slug('Cơ quan cấp trên; null for the central agency', { nullable: true })
  parentId!: string | null;

  @S.Day('First working day')
  validFrom!: string;

  @S.Day('Last working day, inclusive; null while open', { nullable: true })
  validTo!: string | null;

  @S.Slug('Cơ quan tiếp nhận: the agency that took over its open cases when it closed; null if none', {
    nullable: true,
  })
  successorId!: string | null;

  @S.Text('Căn cứ pháp lý: the decision that closed it; null if none was recorded', { nullable: true })
  legalBasis!: string | null;
}

export class PostingView {
  @S.Slug('Cơ quan công tác')
  agencyId!: string;

  @S.Day('First day of the posting')
  validFrom!: string;

  @S.Day('Last day of the posting, inclusive; null for the current one', { nullable: true })
  validTo!: string | null;
}

export class BailiffView implements BailiffListItem {
  @S.Slug('Mã Chấp hành viên')
  id!: string;

  @S.Text('Họ và tên')
  name!: string;

  @S.OneOf(BAILIFF_GRADES, 'junior (sơ cấp), intermediate (trung cấp), senior (cao cấp)')
  grade!: BailiffGrade;

  @S.Slug('The agency the bailiff works at now')
  agencyId!: string;

  @S.Day('Start of the current posting')
  since!: string;

  @S.ListOf(() => PostingView, 'Quá trình công tác: every posting, oldest first, the current one last')
  postings!: PostingView[];
}
