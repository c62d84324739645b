import { CASE_EVENT_TYPES, caseEventSchemaVersion, upcastCaseEventData } from '@app/cases';
import type { JsonObject, RecordedEvent } from '@app/event-store';
import { csvRow } from '@app/kernel';

/** One event as an auditor sees it: everything the log holds about it, its data in the current shape. */
export interface AuditEventEnvelope {
  position: string;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  /** Version of the shape `data` is shown in: the current one, old events being upcast on read. */
  schemaVersion: number;
  /** Version the stored bytes were written in; they, and their hash, never change. */
  storedSchemaVersion: number;
  data: JsonObject;
  /** Business date: the day the step legally happened (`data.occurredOn`), when the event has one. */
  occurredOn: string | null;
  recordedAt: string;
  actorId: string | null;
  role: string | null;
  agencyId: string | null;
  correlationId: string | null;
  causationId: string | null;
  /** Its link in the stream's hash chain (see GET /audit/integrity). */
  hash: string | null;
}

const CASE_TYPES: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);

/** The recorded event with its data upcast to the current shape of its type. */
export function upcastRecorded(event: RecordedEvent): { schemaVersion: number; data: JsonObject } {
  if (!CASE_TYPES.has(event.type)) return { schemaVersion: event.schemaVersion, data: event.data };
  const data = upcastCaseEventData(event.type, event.schemaVersion, event.data);
  return { schemaVersion: data === event.data ? event.schemaVersion : caseEventSchemaVersion(event.type), data };
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function toEnvelope(event: RecordedEvent): AuditEventEnvelope {
  const { schemaVersion, data } = upcastRecorded(event);
  const metadata = event.metadata ?? {};
  return {
    position: event.position.toString(),
    eventId: event.id,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    schemaVersion,
    storedSchemaVersion: event.schemaVersion,
    data,
    occurredOn: text(data.occurredOn),
    recordedAt: event.recordedAt.toISOString(),
    actorId: text(metadata.actorId),
    role: text(metadata.role),
    agencyId: text(metadata.agencyId),
    correlationId: text(metadata.correlationId),
    causationId: text(metadata.causationId),
    hash: event.hash ?? null,
  };
}

export const ENVELOPE_CSV_COLUMNS = [
  'position',
  'eventId',
  'streamId',
  'revision',
  'type',
  'schemaVersion',
  'storedSchemaVersion',
  'occurredOn',
  'recordedAt',
  'actorId',
  'role',
  'agencyId',
  'correlationId',
  'causationId',
  'hash',
  'data',
] as const satisfies readonly (keyof AuditEventEnvelope)[];

export function envelopeCsvHeader(): string {
  return csvRow(ENVELOPE_CSV_COLUMNS);
}

/** One CSV line; `data` is a JSON column so every event type fits the same columns. */
export function envelopeCsvLine(envelope: AuditEventEnvelope): string {
  return csvRow(ENVELOPE_CSV_COLUMNS.map((column) => envelope[column]));
}

export function envelopeJsonLine(envelope: AuditEventEnvelope): string {
  return `${JSON.stringify(envelope)}\n`;
}
