import { Body, Controller, Get, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Context, Roles, type RequestContext } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import {
  ClosePeriodCommand,
  GetClosedPeriodQuery,
  GetStatisticsReportQuery,
  SetTargetCommand,
  statisticsCsv,
  statisticsWorkbook,
  type ClosedPeriodView,
  type ClosePeriodResult,
  type SetTargetResult,
  type StatisticsReport,
} from '@app/statistics';
import { catchUp, IDEMPOTENCY_KEY_HEADER } from '../http/conventions';
import {
  PeriodParamsDto,
  SetTargetDto,
  StatisticsExportDto,
  StatisticsReportDto,
  TargetParamsDto,
} from './statistics.dto';

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
  async report(@Query() query: StatisticsReportDto, @Context() context: RequestContext): Promise<StatisticsReport> {
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
  @Roles('head')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({
    summary: 'Close a month and publish its report (khóa sổ kỳ báo cáo)',
    description: 'Later entries dated in a closed month count in the first open month and show as adjustments.',
  })
  close(@Param() params: PeriodParamsDto, @Context() context: RequestContext): Promise<ClosePeriodResult> {
    return this.commands.execute(new ClosePeriodCommand(params.agencyId, params.month, context));
  }

  @Get('statistics/periods/:agencyId/:month')
  @Roles('head', 'auditor', 'admin')
  @ApiOperation({
    summary: 'A closed month: published figures and later adjustments (số liệu đã công bố và điều chỉnh)',
  })
  period(@Param() params: PeriodParamsDto, @Context() context: RequestContext): Promise<ClosedPeriodView> {
    return this.queries.execute(new GetClosedPeriodQuery(params.agencyId, params.month, context.actor));
  }

  @Put('targets/:agencyId/:year')
  @Roles('head', 'admin')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({ summary: 'Set the yearly targets of an agency (giao chỉ tiêu)' })
  setTarget(
    @Param() params: TargetParamsDto,
    @Body() body: SetTargetDto,
    @Context() context: RequestContext,
  ): Promise<SetTargetResult> {
    return this.commands.execute(
      new SetTargetCommand(params.agencyId, params.year, body.caseRate, body.moneyRate, context),
    );
  }
}
