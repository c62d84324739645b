import { Body, Controller, Get, Headers, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AGENCIES_PROJECTION,
  AgencyDirectory,
  AppointBailiffCommand,
  BAILIFF_ID_PATTERN,
  BAILIFFS_PROJECTION,
  ListBailiffsQuery,
  MoveBailiffCommand,
  staffScope,
  type BailiffListItem,
  type CommandOutcome,
} from '@app/agencies';
import { Context, Roles, type RequestContext } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import { ID_MESSAGE } from './agency.dto';
import { AppointBailiffDto, ListBailiffsDto, MoveBailiffDto } from './bailiff.dto';
import {
  catchUp,
  IDEMPOTENCY_KEY_HEADER,
  IF_MATCH_HEADER,
  parseIfMatch,
  RevisionETagInterceptor,
  SlugParam,
} from '../http/conventions';

const OUTCOME = { description: '{ id, revision, position }; the ETag carries the revision' };

@ApiTags('bailiffs (Chấp hành viên)')
@ApiBearerAuth()
@Controller('bailiffs')
export class BailiffsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly checkpoints: Checkpoints,
    private readonly directory: AgencyDirectory,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Appoint a bailiff to an agency (bổ nhiệm Chấp hành viên)' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiCreatedResponse(OUTCOME)
  @UseInterceptors(RevisionETagInterceptor)
  appoint(@Body() body: AppointBailiffDto, @Context() context: RequestContext): Promise<CommandOutcome> {
    return this.commands.execute(
      new AppointBailiffCommand(
        {
          bailiffId: body.id,
          name: body.name,
          agencyId: body.agencyId,
          grade: body.grade,
          appointedOn: body.appointedOn,
        },
        context,
      ),
    );
  }

  @Post(':id/moves')
  @Roles('admin')
  @ApiOperation({ summary: 'Move a bailiff to another agency (điều động, luân chuyển Chấp hành viên)' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse(OUTCOME)
  @UseInterceptors(RevisionETagInterceptor)
  move(
    @SlugParam('id', BAILIFF_ID_PATTERN, `id ${ID_MESSAGE}`, 'Mã Chấp hành viên') id: string,
    @Body() body: MoveBailiffDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Context() context: RequestContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(
      new MoveBailiffCommand(
        { bailiffId: id, toAgencyId: body.toAgencyId, movedOn: body.movedOn },
        context,
        parseIfMatch(ifMatch),
      ),
    );
  }

  @Get()
  @Roles('head', 'auditor', 'admin')
  @ApiOperation({
    summary: 'Bailiffs working in an agency subtree, with their postings (danh sách Chấp hành viên)',
    description: 'Heads and auditors see their own subtree only (403 outside it); administrators see every agency.',
  })
  async list(@Query() query: ListBailiffsDto, @Context() { actor }: RequestContext): Promise<BailiffListItem[]> {
    const under = await staffScope(actor, query.agencyId, this.directory);
    await catchUp(this.checkpoints, query.minPosition, [AGENCIES_PROJECTION, BAILIFFS_PROJECTION]);
    return this.queries.execute(new ListBailiffsQuery({ under }));
  }
}
