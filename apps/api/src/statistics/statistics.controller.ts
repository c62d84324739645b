import { Body, Controller, Get, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Context, Roles } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import {
  ClosePeriodCommand,
  GetClosedPeriodQuery,
  GetStatisticsReportQuery,
  SetTargetCommand,
  statisticsCsv,
  statisticsWorkbook,
  type ClosedPeriodView,
  PERIOD_COMMAND_ROLES,
  TARGET_COMMAND_ROLES,
  type StatisticsReport,
} from '@app/statistics';
import type { RequestContext } from '@app/kernel';
import { ApiErrors, ApiRecorded } from '../http/api-responses';
import { catchUp, IDEMPOTENCY_KEY_HEADER } from '../http/conventions';
import {
  PeriodParamsDto,
  SetTargetDto,
  StatisticsExportDto,
  StatisticsReportQueryDto,
  TargetParamsDto,
} from './statistics.dto';
import {
  ClosedPeriodDto,
  ClosePeriodResultView,
  SetTargetResultView,
  StatisticsReportView,
  type ClosePeriodResult,
  type SetTargetResult,
} from './statistics.responses';

const READERS_403 =
  '`FORBIDDEN`: statistics are for heads, auditors (their agency and those under it) and administrators.';
const NO_AGENCY_404 = '`NOT_FOUND`: no agency has this id.';

@ApiTags('statistics (thống kê thi hành án dân sự)')
@ApiBearerAuth()
@Controller()
export class StatisticsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly checkpoints: Checkpoints,
  ) {}

  @Get('statistics')
  @Roles('head', 'auditor', 'admin')
  @ApiOperation({
    summary: 'Cumulative report of the statistical year up to asOf (báo cáo thống kê kết quả thi hành án)',
    description:
      'Cases (việc) and money (tiền, đồng as strings of digits) for the agency and everything under it, with the ' +
      'completion rate (tỷ lệ thi hành xong = X / K × 100). On 30 September, the four yearly targets (4 chỉ tiêu).',
  })
  @ApiOkResponse({ type: StatisticsReportView, description: 'The cumulative report' })
  @ApiErrors({
    403: READERS_403,
    404: NO_AGENCY_404,
  })
  async report(
    @Query() query: StatisticsReportQueryDto,
    @Context() context: RequestContext,
  ): Promise<StatisticsReport> {
    await catchUp(this.checkpoints, query.minPosition, ['statistics']);
    return this.queries.execute(
      new GetStatisticsReportQuery(query.agencyId, query.asOf, query.by ?? null, context.actor),
    );
  }

  @Get('statistics/export')
  @Roles('head', 'auditor', 'admin')
  @ApiOperation({
    summary: 'The report as a spreadsheet: one row per child agency and a total (xuất báo cáo thống kê)',
    description:
      'Columns and Vietnamese headings follow the official report forms; xlsx has a sheet in cases and one in money.',
  })
  @ApiOkResponse({
    description: 'A download (`Content-Disposition: attachment`), named `thong-ke-<agencyId>-<asOf>.<format>`',
    content: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiErrors({ 403: READERS_403, 404: NO_AGENCY_404 })
  async export(@Query() query: StatisticsExportDto, @Context() context: RequestContext): Promise<StreamableFile> {
    const report: StatisticsReport = await this.queries.execute(
      new GetStatisticsReportQuery(query.agencyId, query.asOf, 'child', context.actor),
    );
    const name = `thong-ke-${query.agencyId}-${query.asOf}.${query.format}`;
    return query.format === 'xlsx'
      ? new StreamableFile(await statisticsWorkbook(report), {
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          disposition: `attachment; filename="${name}"`,
        })
      : new StreamableFile(Buffer.from(statisticsCsv(report), 'utf8'), {
          type: 'text/csv; charset=utf-8',
          disposition: `attachment; filename="${name}"`,
        });
  }

  @Post('statistics/periods/:agencyId/:month/close')
  @Roles(PERIOD_COMMAND_ROLES.ClosePeriod)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({
    summary: 'Close a month and publish its report (khóa sổ kỳ báo cáo)',
    description: [
      'Later entries dated in a closed month count in the first open month and show as adjustments.',
      '',
      '**Who:** the head (Thủ trưởng) of the agency or of an agency above it.',
      '',
      '**Preconditions (điều kiện):**',
      '- The agency is registered (404 `NOT_FOUND`).',
      '- The month has ended: its last day is before today (422 `PERIOD_NOT_ENDED`).',
      '- It is not closed already (409 `PERIOD_ALREADY_CLOSED`).',
      '- The read models have caught up with the log, so that the published figures are complete (503 ' +
        '`READ_MODEL_BEHIND` after 10 s).',
      '',
      'No body.',
    ].join('\n'),
  })
  @ApiRecorded(ClosePeriodResultView, 'Closed: the published report is recorded in the closing event')
  @ApiErrors({
    403: '`FORBIDDEN`: only a head closes a month, of their agency or one under it.',
    404: NO_AGENCY_404,
    409: '`PERIOD_ALREADY_CLOSED`: closed already; `CONCURRENT_MODIFICATION`: closed meanwhile, retry.',
    422: '`PERIOD_NOT_ENDED`: the month has not ended yet.',
    503: '`READ_MODEL_BEHIND`: the read models did not catch up within 10 s (`Retry-After`).',
  })
  async close(@Param() params: PeriodParamsDto, @Context() context: RequestContext): Promise<ClosePeriodResult> {
    const { revision, position } = await this.commands.execute(
      new ClosePeriodCommand({ type: 'ClosePeriod', input: { ...params } }, context),
    );
    return { ...params, revision, position };
  }

  @Get('statistics/periods/:agencyId/:month')
  @Roles('head', 'auditor', 'admin')
  @ApiOperation({
    summary: 'A closed month: published figures and later adjustments (số liệu đã công bố và điều chỉnh)',
  })
  @ApiOkResponse({ type: ClosedPeriodDto, description: 'The published report beside the figures as now known' })
  @ApiErrors({ 403: READERS_403, 404: '`NOT_FOUND`: no agency has this id, or the month is not closed.' })
  period(@Param() params: PeriodParamsDto, @Context() context: RequestContext): Promise<ClosedPeriodView> {
    return this.queries.execute(new GetClosedPeriodQuery(params.agencyId, params.month, context.actor));
  }

  @Put('targets/:agencyId/:year')
  @Roles(TARGET_COMMAND_ROLES.SetTarget)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({
    summary: 'Set the yearly targets of an agency (giao chỉ tiêu)',
    description: [
      'The rates the 30 September report is judged on. Setting the same targets again records nothing.',
      '',
      '**Who:** the head (Thủ trưởng) of an agency above this one, or an administrator.',
      '',
      '**Preconditions (điều kiện):**',
      '- The agency is registered (404 `NOT_FOUND`).',
      '- A head sets the targets of an agency under their own, never their own (403 `FORBIDDEN`).',
    ].join('\n'),
  })
  @ApiOkResponse({ type: SetTargetResultView, description: 'The targets as set' })
  @ApiErrors({
    403: '`FORBIDDEN`: only the head of an agency above this one, or an administrator, sets its targets.',
    404: NO_AGENCY_404,
    409: '`CONCURRENT_MODIFICATION`: set meanwhile by another request; retry.',
  })
  async setTarget(
    @Param() params: TargetParamsDto,
    @Body() body: SetTargetDto,
    @Context() context: RequestContext,
  ): Promise<SetTargetResult> {
    const target = { agencyId: params.agencyId, year: params.year, ...body };
    const { position } = await this.commands.execute(
      new SetTargetCommand({ type: 'SetTarget', input: target }, context),
    );
    return { ...target, position };
  }
}
