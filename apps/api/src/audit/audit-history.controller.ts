import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import {
  AuditHistory,
  envelopeCsvHeader,
  envelopeCsvLine,
  envelopeJsonLine,
  vietnamDate,
  type AuditEventEnvelope,
  type AuditReadEntry,
  type CaseStateAt,
  type GlobalLogFilters,
  type GlobalLogPage,
  type HistoryBound,
} from '@app/audit';
import type { JsonObject } from '@app/event-store';
import { Context, invalidField as invalid, Roles } from '@app/platform';
import type { RequestContext } from '@app/kernel';
import { ApiErrors, AUDIT_TAG } from '../http/api-responses';
import { CaseIdParam } from '../http/conventions';
import { AuditReadsQueryDto, CaseEventsQueryDto, CaseStateQueryDto, GlobalLogQueryDto } from './audit-history.dto';
import { AuditReadsDto, CaseEventsDto, CaseStateAtDto, GlobalLogPageDto } from './audit.responses';

const DEFAULT_PAGE = 100;

const AUDITORS_403 =
  '`FORBIDDEN`: the audit history is for auditors (Thẩm tra viên: their agency and those under it) and ' +
  'administrators.';
const CASE_404 = '`NOT_FOUND`: there is no case with this id, or none you may see (the same answer for both).';
const JSON_LINES = { schema: { type: 'string', description: 'One JSON envelope per line, as in `items`' } };
const MAX_READS_DAYS = 366;

/** The query as sent, for the access log: only the parameters the reader gave. */
function asRecorded(query: object): JsonObject {
  return Object.fromEntries(
    Object.entries(query as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

function download(lines: AsyncIterable<string> | Iterable<string>, type: string, name: string): StreamableFile {
  async function* bytes() {
    for await (const line of lines) yield Buffer.from(line, 'utf8');
  }
  return new StreamableFile(Readable.from(bytes(), { objectMode: false }), {
    type,
    disposition: `attachment; filename="${name}"`,
  });
}

async function* jsonLines(envelopes: AsyncIterable<AuditEventEnvelope>): AsyncIterable<string> {
  for await (const envelope of envelopes) yield envelopeJsonLine(envelope);
}

@ApiTags(AUDIT_TAG)
@ApiBearerAuth()
@ApiExtraModels(CaseEventsDto, GlobalLogPageDto)
@Controller('audit')
export class AuditHistoryController {
  constructor(private readonly history: AuditHistory) {}

  @Get('cases/:caseId/events')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'Every event of a case with its full envelope (lịch sử hồ sơ)',
    description:
      'Type, schema version, data (old versions upcast to the current shape; storedSchemaVersion tells), business ' +
      'date, recorded-at, actor, role, agency, correlation and causation ids, position and hash. `format=jsonl|csv` ' +
      'downloads it. Auditors read their agency subtree. The read itself is recorded.',
  })
  @ApiOkResponse({
    description: 'json: the case and its events; jsonl and csv: a download of the same events',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CaseEventsDto) } },
      'application/x-ndjson': JSON_LINES,
      'text/csv': { schema: { type: 'string', description: 'A header line, then one line per event' } },
    },
  })
  @ApiErrors({ 403: AUDITORS_403, 404: CASE_404 })
  async caseEvents(
    @CaseIdParam() caseId: string,
    @Query() query: CaseEventsQueryDto,
    @Context() context: RequestContext,
  ): Promise<{ caseId: string; items: AuditEventEnvelope[] } | StreamableFile> {
    const format = query.format ?? 'json';
    const items = await this.history.caseEvents(caseId, context.actor);
    await this.history.recordRead(context, 'case_events', caseId, asRecorded(query), format);
    if (format === 'jsonl') {
      return download(items.map(envelopeJsonLine), 'application/x-ndjson; charset=utf-8', `case-${caseId}.jsonl`);
    }
    if (format === 'csv') {
      return download(
        [envelopeCsvHeader(), ...items.map(envelopeCsvLine)],
        'text/csv; charset=utf-8',
        `case-${caseId}.csv`,
      );
    }
    return { caseId, items };
  }

  @Get('cases/:caseId/state')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'The case as it stood at an instant or a revision (trạng thái hồ sơ tại thời điểm)',
    description:
      'Replays only the events recorded up to `at` (an ISO instant) or up to `revision`, with the deciders’ own ' +
      'evolve, and shows the case file as GET /cases/:id did then (deadlines flagged as of that day), with the ' +
      'last event applied. Exactly one of `at` and `revision`; 404 if the case did not exist then.',
  })
  @ApiOkResponse({ type: CaseStateAtDto, description: 'The case file as it stood, and the last event replayed' })
  @ApiErrors({
    400: '`VALIDATION_FAILED`: also when neither or both of `at` and `revision` are given (rules `required`, `exclusive`).',
    403: AUDITORS_403,
    404: `${CASE_404} Also when the case did not exist yet at that instant or revision.`,
    503: '`HISTORY_UNREADABLE`: the case holds an event this release cannot apply, at or before the bound.',
  })
  async caseState(
    @CaseIdParam() caseId: string,
    @Query() query: CaseStateQueryDto,
    @Context() context: RequestContext,
  ): Promise<CaseStateAt> {
    if (query.at !== undefined && query.revision !== undefined) {
      throw invalid('at', 'exclusive', 'give either at or revision, not both');
    }
    if (query.at === undefined && query.revision === undefined) {
      throw invalid('at', 'required', 'give at (an ISO instant) or revision');
    }
    const bound: HistoryBound =
      query.at !== undefined ? { at: new Date(query.at) } : { revision: Number(query.revision) };
    const state = await this.history.caseStateAt(caseId, bound, context.actor);
    await this.history.recordRead(context, 'case_state', caseId, asRecorded(query), 'json');
    return state;
  }

  @Get('events')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'The global event log, filtered (nhật ký sự kiện toàn hệ thống)',
    description:
      'Filters: agency subtree (an auditor’s own when omitted; 403 outside it), actor, event type, recorded-at ' +
      'range [recordedFrom, recordedTo) and business-date range [occurredFrom, occurredTo]. Position order; ' +
      '`cursor` = the previous page’s nextCursor. `format=jsonl` streams every matching event as a download.',
  })
  @ApiOkResponse({
    description: 'json: one page of events; jsonl: a download of every matching event',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(GlobalLogPageDto) } },
      'application/x-ndjson': JSON_LINES,
    },
  })
  @ApiErrors({
    400: '`VALIDATION_FAILED`: also when a range ends before it starts (rule `notBeforeFrom`).',
    403: `${AUDITORS_403} \`agencyId\` outside your agency is refused too.`,
  })
  async globalLog(
    @Query() query: GlobalLogQueryDto,
    @Context() context: RequestContext,
  ): Promise<GlobalLogPage | StreamableFile> {
    const filters = this.filters(query);
    const format = query.format ?? 'json';
    const record = () => this.history.recordRead(context, 'global_log', null, asRecorded(query), format);
    if (format === 'jsonl') {
      const envelopes = await this.history.globalLogExport(filters, context.actor);
      await record();
      return download(jsonLines(envelopes), 'application/x-ndjson; charset=utf-8', 'audit-events.jsonl');
    }
    const limit = query.limit === undefined ? DEFAULT_PAGE : Number(query.limit);
    const page = await this.history.globalLogPage(filters, limit, context.actor);
    await record();
    return page;
  }

  @Get('reads')
  @Roles('admin')
  @ApiOperation({
    summary: 'Who read which history, and when (nhật ký truy cập lịch sử)',
    description: 'Every call to the audit history, state and global-log endpoints, per Vietnamese business day.',
  })
  @ApiOkResponse({ type: AuditReadsDto, description: 'The reads of the days asked' })
  @ApiErrors({
    400:
      '`VALIDATION_FAILED`: also when `to` is before `from` or more than 366 days after it (rules ' +
      '`notBeforeFrom`, `maxRange`).',
    403: '`FORBIDDEN`: only administrators see who read the history.',
  })
  async reads(@Query() query: AuditReadsQueryDto): Promise<{ items: AuditReadEntry[] }> {
    const from = query.from ?? vietnamDate(new Date());
    const to = query.to ?? from;
    if (to < from) throw invalid('to', 'notBeforeFrom', 'must not be before from');
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (days > MAX_READS_DAYS) throw invalid('to', 'maxRange', `at most ${MAX_READS_DAYS} days from from`);
    return { items: await this.history.reads(from, to, query.actorId) };
  }

  private filters(query: GlobalLogQueryDto): GlobalLogFilters {
    const recordedFrom = query.recordedFrom === undefined ? undefined : new Date(query.recordedFrom);
    const recordedTo = query.recordedTo === undefined ? undefined : new Date(query.recordedTo);
    if (recordedFrom && recordedTo && recordedTo < recordedFrom) {
      throw invalid('recordedTo', 'notBeforeFrom', 'must not be before recordedFrom');
    }
    if (query.occurredFrom && query.occurredTo && query.occurredTo < query.occurredFrom) {
      throw invalid('occurredTo', 'notBeforeFrom', 'must not be before occurredFrom');
    }
    const cursor = query.cursor === undefined ? undefined : BigInt(query.cursor);
    return {
      agencyId: query.agencyId,
      actorId: query.actorId,
      types: query.type?.split(','),
      recordedFrom,
      recordedTo,
      occurredFrom: query.occurredFrom,
      occurredTo: query.occurredTo,
      cursor,
    };
  }
}
