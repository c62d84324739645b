import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AuditErrors, verifyIntegrity, type IntegrityReport, type IntegrityScope } from '@app/audit';
import { AgencyDirectory } from '@app/agencies';
import { assertMaySeeCase, caseScopeOf } from '@app/cases';
import { STORED_EVENT_STORE, type EventStore } from '@app/event-store';
import { Context, invalidField as invalid, Roles } from '@app/platform';
import { type Actor, caseIdOfStreamOrNull, caseStreamId, type RequestContext } from '@app/kernel';
import { ApiErrors, AUDIT_TAG } from '../http/api-responses';
import { IntegrityBreakView, IntegrityOkView } from './audit.responses';
import { IntegrityQueryDto } from './integrity.dto';

/** Case streams are named after the case's canonical (lower-case) UUID; nothing else is a case. */

@ApiTags(AUDIT_TAG)
@ApiBearerAuth()
@Controller('audit')
export class IntegrityController {
  constructor(
    @Inject(STORED_EVENT_STORE) private readonly store: EventStore,
    private readonly directory: AgencyDirectory,
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
  @ApiExtraModels(IntegrityOkView, IntegrityBreakView)
  @ApiOkResponse({
    description: 'Intact (`ok: true`), or the first broken link (`ok: false`): both are a 200',
    schema: { oneOf: [{ $ref: getSchemaPath(IntegrityOkView) }, { $ref: getSchemaPath(IntegrityBreakView) }] },
  })
  @ApiErrors({
    400:
      '`VALIDATION_FAILED`: also for `caseId` with `streamId`, a position range with a stream, or `toPosition` not ' +
      'after `fromPosition` (rules `exclusive`, `greaterThan`).',
    403:
      '`FORBIDDEN`: auditors and administrators only; the whole log or a range is for administrators and the ' +
      'central agency’s auditors; other auditors verify the cases of their agency one at a time.',
    404:
      '`NOT_FOUND`: an auditor outside the central agency named a case that does not exist or is not of their ' +
      'agency (the same answer for both).',
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
    const streamId = query.caseId !== undefined ? caseStreamId(query.caseId) : query.streamId;
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
    if (scope.kind !== 'stream') throw AuditErrors.wholeLogForCentralOnly();
    const caseId = caseIdOfStreamOrNull(scope.streamId);
    if (caseId === null) throw AuditErrors.caseStreamsOnly();
    // The agency from the acceptance alone: a case whose later history cannot be folded (see
    // UnreadableHistory) is the one an auditor most needs to verify. One beyond the auditor's reach is
    // answered as a missing one, as on every other route.
    const accepted = await this.store.readStream(scope.streamId, { limit: 1 });
    await assertMaySeeCase(actor, caseId, caseScopeOf(accepted), this.directory);
  }
}
