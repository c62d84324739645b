import { UUID_PATTERN } from './ids';

/** Exported for SQL, which joins case streams to rows keyed by case id by this prefix rather than a copy of it. */
export const CASE_STREAM_PREFIX = 'case-';

/**
 * The name of a case's stream, the case id captured. Its source is also a PostgreSQL regular
 * expression, for queries that must tell case streams from others.
 */
export const CASE_STREAM_PATTERN = new RegExp(`^${CASE_STREAM_PREFIX}(${UUID_PATTERN.source.slice(1, -1)})$`);

/**
 * The stream of a case. Its read-model rows are keyed by the id as a uuid, which ignores case: a
 * stream per spelling of one id would let a second case overwrite the first one's rows.
 */
export function caseStreamId(caseId: string): string {
  if (!UUID_PATTERN.test(caseId)) throw new Error(`A case id is a lower-case UUID, not ${JSON.stringify(caseId)}`);
  return `${CASE_STREAM_PREFIX}${caseId}`;
}

/** Whether `streamId` names a case's stream. */
export function isCaseStream(streamId: string): boolean {
  return streamId.startsWith(CASE_STREAM_PREFIX);
}

/**
 * The case id a case stream is named after. Readers of the log trust the writer's naming here, so a
 * stream of another kind is a defect of the caller, not of the log.
 */
export function caseIdOfStream(streamId: string): string {
  if (!isCaseStream(streamId)) throw new Error(`Not a case stream: ${JSON.stringify(streamId)}`);
  return streamId.slice(CASE_STREAM_PREFIX.length);
}

/** The case id of `streamId` when it is a canonical case stream, otherwise null. */
export function caseIdOfStreamOrNull(streamId: string): string | null {
  return CASE_STREAM_PATTERN.exec(streamId)?.[1] ?? null;
}
