import { Body, Controller, Get, Headers, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AGENCIES_PROJECTION,
  AGENCY_ID_PATTERN,
  CloseAgencyCommand,
  ListAgenciesQuery,
  RegisterAgencyCommand,
  type AgencyListItem,
  type CommandOutcome,
} from '@app/agencies';
import { Context, Roles, type RequestContext } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import { CloseAgencyDto, ID_MESSAGE, ListAgenciesDto, RegisterAgencyDto } from './agency.dto';
import {
  catchUp,
  IDEMPOTENCY_KEY_HEADER,
  IF_MATCH_HEADER,
  parseIfMatch,
  RevisionETagInterceptor,
  SlugParam,
} from '../http/conventions';

const OUTCOME = { description: '{ id, revision, position }; the ETag carries the revision' };

@ApiTags('agencies (cơ quan thi hành án dân sự)')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly checkpoints: Checkpoints,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register an agency (đăng ký cơ quan thi hành án)' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiCreatedResponse(OUTCOME)
  @UseInterceptors(RevisionETagInterceptor)
  register(@Body() body: RegisterAgencyDto, @Context() context: RequestContext): Promise<CommandOutcome> {
    return this.commands.execute(
      new RegisterAgencyCommand(
        {
          agencyId: body.id,
          name: body.name,
          level: body.level,
          parentId: body.parentId ?? null,
          validFrom: body.validFrom,
        },
        context,
      ),
    );
  }

  @Post(':id/closure')
  @Roles('admin')
  @ApiOperation({ summary: 'Close an agency after its last working day (chấm dứt hoạt động cơ quan thi hành án)' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse(OUTCOME)
  @UseInterceptors(RevisionETagInterceptor)
  close(
    @SlugParam('id', AGENCY_ID_PATTERN, `id ${ID_MESSAGE}`, 'Mã cơ quan') id: string,
    @Body() body: CloseAgencyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Context() context: RequestContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(
      new CloseAgencyCommand({ agencyId: id, validTo: body.validTo }, context, parseIfMatch(ifMatch)),
    );
  }

  @Get()
  @ApiOperation({ summary: 'The agency tree, as it stands or stood on a day (cây tổ chức cơ quan thi hành án)' })
  async list(@Query() query: ListAgenciesDto): Promise<AgencyListItem[]> {
    await catchUp(this.checkpoints, query.minPosition, [AGENCIES_PROJECTION]);
    return this.queries.execute(new ListAgenciesQuery({ under: query.under, asOf: query.asOf }));
  }
}
