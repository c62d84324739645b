/** What an event carries besides its place in the log: JSON data and metadata, as both adapters store them. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface EventMetadata {
  actorId?: string;
  role?: string;
  agencyId?: string;
  correlationId?: string;
  causationId?: string;
  [key: string]: JsonValue | undefined;
}
