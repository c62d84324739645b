import {
  AUDIT_READ_KINDS,
  type AuditEventEnvelope,
  type AuditReadEntry,
  type AuditReadKind,
  type CaseStateAt,
  type GlobalLogPage,
  type IntegrityBreak,
  type IntegrityBreakKind,
  type IntegrityOk,
} from '@app/audit';
import type { JsonObject } from '@app/event-store';
import { CaseFileDto } from '../cases/case.responses';
import * as S from '../http/schema';

const BREAK_KINDS: readonly IntegrityBreakKind[] = [
  'event_changed',
  'event_missing',
  'event_reordered',
  'seal_changed',
  'seal_chain_broken',
  'seal_mismatch',
];

export class AuditEventView implements AuditEventEnvelope {
  @S.Position('Vị trí trong nhật ký: the global log position')
  position!: string;

  @S.Uuid('Event id')
  eventId!: string;

  @S.Text('Its stream: `case-<id>`, `agency-<id>`, `bailiff-<id>`…')
  streamId!: string;

  @S.Integer('Its revision within the stream, from 0')
  revision!: number;

  @S.Text('Event type (`CaseAccepted`, `MoneyCollected`…)')
  type!: string;

  @S.Integer('Version of the shape `data` is shown in: the current one, old events being upcast on read')
  schemaVersion!: number;

  @S.Integer('Version the stored bytes were written in; they, and their hash, never change')
  storedSchemaVersion!: number;

  @S.FreeObject('The event’s data, in the current shape of its type; personal data as stored (encrypted)')
  data!: JsonObject;

  @S.Day('Ngày xảy ra: the business date (`data.occurredOn`), when the event has one', { nullable: true })
  occurredOn!: string | null;

  @S.Instant('Thời điểm ghi nhận')
  recordedAt!: string;

  @S.Text('Người thực hiện: the user id from the token; null for events written without one', { nullable: true })
  actorId!: string | null;

  @S.Text('Their role', { nullable: true })
  role!: string | null;

  @S.Text('Their agency', { nullable: true })
  agencyId!: string | null;

  @S.Text('Correlation id of the request that wrote it', { nullable: true })
  correlationId!: string | null;

  @S.Text('Id of what caused it', { nullable: true })
  causationId!: string | null;

  @S.Text("Its link in the stream's hash chain (see GET /audit/integrity); null for events stored before hashing", {
    nullable: true,
  })
  hash!: string | null;
}

export class CaseEventsDto {
  @S.Uuid('Mã hồ sơ việc')
  caseId!: string;

  @S.ListOf(() => AuditEventView, 'Every event of the case, oldest first')
  items!: AuditEventView[];
}

export class LastAppliedView {
  @S.Integer('Revision of the last event applied')
  revision!: number;

  @S.Position('Its log position')
  position!: string;

  @S.Instant('When it was recorded')
  recordedAt!: string;
}

export class CaseStateAtDto implements CaseStateAt {
  @S.Nested(() => CaseFileDto, 'Hồ sơ việc as GET /cases/:id showed it then, deadlines flagged as of that day')
  case!: CaseFileDto;

  @S.Nested(() => LastAppliedView, 'The last event replayed')
  lastApplied!: LastAppliedView;
}

export class GlobalLogPageDto implements GlobalLogPage {
  @S.ListOf(() => AuditEventView, 'One page of events, in log order')
  items!: AuditEventView[];

  @S.Position('Pass as `cursor` for the next page; null when this page was not full', { nullable: true })
  nextCursor!: string | null;
}

export class AuditReadView implements AuditReadEntry {
  @S.Position('Log position of the record of the read')
  position!: string;

  @S.Instant('When the history was read')
  recordedAt!: string;

  @S.Text('Correlation id of the request', { nullable: true })
  correlationId!: string | null;

  @S.Text('Who read (the user id from their token)')
  actorId!: string;

  @S.Text('Their role')
  role!: string;

  @S.Slug('Their agency')
  agencyId!: string;

  @S.OneOf(AUDIT_READ_KINDS, 'case_events, case_state or global_log: the endpoint read')
  what!: AuditReadKind;

  @S.Uuid('The case read; null for the global log', { nullable: true })
  caseId!: string | null;

  @S.FreeObject('The query parameters as the reader sent them')
  query!: JsonObject;

  @S.Text('json, jsonl or csv')
  format!: string;
}

export class AuditReadsDto {
  @S.ListOf(() => AuditReadView, 'Every read of the days asked, oldest first')
  items!: AuditReadView[];
}

export class IntegrityOkView implements IntegrityOk {
  @S.Always(true, 'Every hash and seal in scope is as it was written')
  ok!: true;

  @S.Integer('Events checked')
  eventsChecked!: number;

  @S.Integer('Streams checked')
  streamsChecked!: number;

  @S.Integer('Seals checked')
  sealsChecked!: number;

  @S.Position('Position of the last event checked; null when there was none', { nullable: true })
  upTo!: string | null;

  @S.Position('Position up to which the log is sealed; events after it are protected by their chains only', {
    nullable: true,
  })
  sealedUpTo!: string | null;
}

export class IntegrityBreakView implements IntegrityBreak {
  @S.Always(false, 'A link is broken')
  ok!: false;

  @S.OneOf(BREAK_KINDS, 'What is broken')
  kind!: IntegrityBreakKind;

  @S.Text('What was found, in English')
  message!: string;

  @S.Text('The stream of the event at fault; null for a seal', { nullable: true })
  streamId!: string | null;

  @S.Integer('Its revision; null for a seal', { nullable: true })
  revision!: number | null;

  @S.Position("Position of the event (or the seal's toPosition)", { nullable: true })
  position!: string | null;

  @S.Integer('The seal at fault; null for an event', { nullable: true })
  sealNumber!: number | null;

  @S.Text('What the chain and content call for')
  expected!: string;

  @S.Text('What is stored')
  found!: string;
}
