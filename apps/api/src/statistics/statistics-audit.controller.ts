import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Context, invalidField, Roles } from '@app/platform';
import {
  DiffKnownAtReportsQuery,
  GetKnownAtReportQuery,
  type ReportDiff,
  type StatisticsReport,
} from '@app/statistics';
import type { RequestContext } from '@app/kernel';
import { ApiErrors, AUDIT_TAG } from '../http/api-responses';
import { KnownAtDiffQueryDto, KnownAtReportQueryDto } from './statistics.dto';
import { KnownAtReportView, ReportDiffView } from './statistics.responses';

const AUDITORS_403 = '`FORBIDDEN`: audit views are for auditors (their agency and those under it) and administrators.';

@ApiTags(AUDIT_TAG)
@ApiBearerAuth()
@Controller('audit/statistics')
export class StatisticsAuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'The statistics report as it stood at an instant (số liệu thống kê tại thời điểm)',
    description:
      'Same shape and same code as GET /statistics, computed only from the events recorded up to knownAt, so late ' +
      'entries and year-end reclassifications stand out.',
  })
  @ApiOkResponse({ type: KnownAtReportView, description: 'The report as it stood at `knownAt`' })
  @ApiErrors({ 403: AUDITORS_403, 404: '`NOT_FOUND`: no agency has this id.' })
  report(
    @Query() query: KnownAtReportQueryDto,
    @Context() context: RequestContext,
  ): Promise<StatisticsReport & { knownAt: string }> {
    return this.queries.execute(
      new GetKnownAtReportQuery(query.agencyId, query.asOf, new Date(query.knownAt), query.by ?? null, context.actor),
    );
  }

  @Get('diff')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'Which cases changed the report between two instants (đối chiếu số liệu giữa hai thời điểm)',
  })
  @ApiOkResponse({ type: ReportDiffView, description: 'The two reports and the cases that changed between them' })
  @ApiErrors({
    400: '`VALIDATION_FAILED`: also when `to` is before `from` (rule `notBeforeFrom`).',
    403: AUDITORS_403,
    404: '`NOT_FOUND`: no agency has this id.',
  })
  diff(@Query() query: KnownAtDiffQueryDto, @Context() context: RequestContext): Promise<ReportDiff> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (from > to) throw invalidField('to', 'notBeforeFrom', 'must not be before from');
    return this.queries.execute(new DiffKnownAtReportsQuery(query.agencyId, query.asOf, from, to, context.actor));
  }
}
