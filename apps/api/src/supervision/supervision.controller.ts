import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AGENCIES_PROJECTION, BAILIFFS_PROJECTION } from '@app/agencies';
import {
  GetWatchlistQuery,
  GetWorkloadQuery,
  LARGE_CREDIT_THRESHOLD,
  WATCHLISTS,
  type Watchlist,
  type Workload,
} from '@app/cases';
import { Context, Roles } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import type { RequestContext } from '@app/kernel';
import { catchUp, SlugParam } from '../http/conventions';
import { ApiErrors } from '../http/api-responses';
import { WATCHLIST_NAME, WatchlistQueryDto, WorkloadQueryDto } from './supervision.dto';
import { WatchlistDto, WorkloadDto } from './supervision.responses';

const READ_MODELS = ['cases', AGENCIES_PROJECTION, BAILIFFS_PROJECTION];

@ApiTags('supervision (giám sát, chỉ đạo)')
@ApiBearerAuth()
@Controller()
export class SupervisionController {
  constructor(
    private readonly queries: QueryBus,
    private readonly checkpoints: Checkpoints,
  ) {}

  @Get('workload')
  @Roles('head', 'auditor')
  @ApiOperation({
    summary: 'Khối lượng công việc của Chấp hành viên: the workload of each bailiff of an agency subtree',
    description:
      'One row per bailiff posted in the subtree on asOf or holding cases in it: open cases (việc đang thi hành), ' +
      'enforceable cases (việc có điều kiện), money outstanding (tiền phải thi hành, integer đồng as a string), ' +
      'cases open over one year, overdue steps (quá hạn), pending complaints (khiếu nại chưa giải quyết) and cases ' +
      'completed or terminated this statistical year (1 October–30 September). Also the unassigned cases, the ' +
      'totals, and open cases and money per bailiff posted. Heads and auditors see their own subtree (403 outside it).',
  })
  @ApiOkResponse({
    type: WorkloadDto,
    description: 'The rows, sorted as asked, with unassigned, totals and per-bailiff ratios',
  })
  @ApiErrors({
    403: '`FORBIDDEN`: only heads and auditors supervise; `OUTSIDE_OWN_AGENCY`: `agencyId` is outside your agency.',
  })
  async workload(@Query() query: WorkloadQueryDto, @Context() { actor }: RequestContext): Promise<Workload> {
    await catchUp(this.checkpoints, query.minPosition, READ_MODELS);
    return this.queries.execute(
      new GetWorkloadQuery({ agencyId: query.agencyId, asOf: query.asOf, sort: query.sort, order: query.order }, actor),
    );
  }

  @Get('watchlists/:name')
  @Roles('head', 'auditor', 'bailiff')
  @ApiOperation({
    summary: 'Danh sách theo dõi: cases a supervisor should act on',
    description:
      'long-open: enforceable cases open over one year (việc có điều kiện tồn đọng trên 1 năm); ' +
      `large-credit: credit cases (tín dụng, ngân hàng) with over ${LARGE_CREDIT_THRESHOLD} đồng outstanding, ` +
      'open over three years; overdue: cases with a step past its legal time limit (quá hạn luật định); ' +
      'complaints-due: unresolved complaints (khiếu nại) near or past their deadline; reverification-due: ' +
      'not-enforceable cases due for re-verification (xác minh lại). Oldest or most urgent first, cursor-paginated; ' +
      'listDate is the date that put the case on the list. Heads and auditors see their subtree, a bailiff their ' +
      'own cases. An unknown name is a 404 naming the watchlists.',
  })
  @ApiOkResponse({ type: WatchlistDto, description: 'One page of the watchlist' })
  @ApiErrors({
    403:
      '`FORBIDDEN`: administrators supervise no cases; a bailiff names no other bailiff; `OUTSIDE_OWN_AGENCY`: ' +
      '`agencyId` is outside your agency.',
    404: '`WATCHLIST_NOT_FOUND`: no watchlist has this name; `watchlists` lists those there are.',
  })
  async watchlist(
    @SlugParam('name', WATCHLIST_NAME, 'name must be a watchlist name', `One of ${WATCHLISTS.join(', ')}`)
    name: string,
    @Query() query: WatchlistQueryDto,
    @Context() { actor }: RequestContext,
  ): Promise<Watchlist> {
    await catchUp(this.checkpoints, query.minPosition, READ_MODELS);
    return this.queries.execute(
      new GetWatchlistQuery(
        name,
        {
          agencyId: query.agencyId,
          bailiffId: query.bailiffId,
          asOf: query.asOf,
          withinDays: query.withinDays === undefined ? undefined : Number(query.withinDays),
          limit: query.limit === undefined ? undefined : Number(query.limit),
          cursor: query.cursor,
        },
        actor,
      ),
    );
  }
}
