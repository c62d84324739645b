import { BadRequestException, Controller, ForbiddenException, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { verifyIntegrity, type IntegrityReport, type IntegrityScope } from '@app/audit';
import { AgencyDirectory } from '@app/agencies';
import { CaseAggregate } from '@app/cases';
import { AggregateStore } from '@app/event-sourcing';
import { STORED_EVENT_STORE, type EventStore } from '@app/event-store';
import { Context, Roles, type Actor, type RequestContext } from '@app/platform';

const POSITION = /^\d{1,20}$/;

function invalid(field: string, rule: string, message: string): BadRequestException {
  return new BadRequestException({
    code: 'VALIDATION_FAILED',
    message: `${field}: ${message}`,
    errors: [{ field, rule, message }],
  });
}
const CASE_STREAM = /^case-(.+)$/;

export class IntegrityQueryDto {
  @ApiPropertyOptional({ description: 'Hồ sơ việc: verify the stream of this case only' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { message: 'caseId must be a case id' })
  caseId?: string;

  @ApiPropertyOptional({ description: 'Verify this stream only (e.g. case-…, agency-…)' })
  @IsOptional()
  @Matches(/^[^$\s][^\s]{0,199}$/, { message: 'streamId must be a stream id' })
  streamId?: string;

  @ApiPropertyOptional({
    description: 'Verify the events after this log position (widened back to the seal before it)',
  })
  @IsOptional()
  @Matches(POSITION, { message: 'fromPosition must be a log position (digits)' })
  fromPosition?: string;

  @ApiPropertyOptional({ description: 'Verify up to and including this log position' })
  @IsOptional()
  @Matches(POSITION, { message: 'toPosition must be a log position (digits)' })
  toPosition?: string;
}

@ApiTags('audit (kiểm toán)')
@ApiBearerAuth()
@Controller('audit')
export class IntegrityController {
  constructor(
    @Inject(STORED_EVENT_STORE) private readonly store: EventStore,
    private readonly directory: AgencyDirectory,
    private readonly aggregates: AggregateStore,
  ) {}

  @Get('integrity')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'Verify the event log has not been changed (kiểm tra tính toàn vẹn)',
    description:
      'Recomputes every hash chain and seal in scope and answers {ok: true, eventsChecked, …} or the first broken ' +
      'link {ok: false, kind, streamId, revision, position, expected, found}. The whole store or a position range: ' +
      'admin and auditors of the central agency. One case (caseId, or streamId case-…): also auditors whose agency ' +
      'subtree holds the case.',
  })
  async integrity(@Query() query: IntegrityQueryDto, @Context() context: RequestContext): Promise<IntegrityReport> {
    const scope = this.scopeOf(query);
    await this.assertMayVerify(context.actor, scope);
    return verifyIntegrity(this.store, scope);
  }

  private scopeOf(query: IntegrityQueryDto): IntegrityScope {
    const ranged = query.fromPosition !== undefined || query.toPosition !== undefined;
    if (query.caseId !== undefined && query.streamId !== undefined) {
      throw invalid('streamId', 'exclusive', 'caseId and streamId name the same thing: send one of them');
    }
    const streamId = query.caseId !== undefined ? `case-${query.caseId}` : query.streamId;
    if (streamId !== undefined) {
      if (ranged) {
        throw invalid(
          'fromPosition',
          'exclusive',
          'fromPosition and toPosition apply to the whole log, not to a stream',
        );
      }
      return { kind: 'stream', streamId };
    }
    if (!ranged) return { kind: 'store' };
    const fromPosition = query.fromPosition === undefined ? undefined : BigInt(query.fromPosition);
    const toPosition = query.toPosition === undefined ? undefined : BigInt(query.toPosition);
    if (fromPosition !== undefined && toPosition !== undefined && toPosition <= fromPosition) {
      throw invalid('toPosition', 'greaterThan', 'toPosition must be greater than fromPosition');
    }
    return { kind: 'range', fromPosition, toPosition };
  }

  /**
   * The log holds every agency's cases, so the whole of it (or a range of it) is for administrators
   * and the central agency's auditors; other auditors verify the cases of their subtree one at a time.
   */
  private async assertMayVerify(actor: Actor, scope: IntegrityScope): Promise<void> {
    if (actor.role === 'admin') return;
    const own = await this.directory.agency(actor.agencyId);
    if (own && own.parentId === null) return;
    if (scope.kind !== 'stream') {
      throw new ForbiddenException(
        'Only administrators and auditors of the central agency may verify the whole log or a range of it; ' +
          'verify one case of your agency with ?caseId=',
      );
    }
    const caseId = CASE_STREAM.exec(scope.streamId)?.[1];
    if (caseId === undefined) {
      throw new ForbiddenException('Auditors outside the central agency may verify case streams only');
    }
    const { state } = await this.aggregates.load(CaseAggregate, caseId);
    if (state.status === 'none' || !(await this.directory.isWithin(state.agencyId, actor.agencyId))) {
      throw new ForbiddenException(`Case ${caseId} is not a case of your agency ${actor.agencyId} or below it`);
    }
  }
}
