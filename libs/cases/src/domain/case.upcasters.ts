import type { JsonObject } from '@app/event-store';
import type { CaseEventType } from './case.events';

/**
 * Schema versions of the case events. A stored event is never rewritten (its bytes are covered by
 * the hash chain), so an event whose shape changed is brought up to the current version on read,
 * one version at a step; evolve, the projections and the audit endpoints only ever see the current
 * shape. Types not listed here are at version 1.
 */
export const CASE_EVENT_SCHEMA_VERSIONS: Readonly<Partial<Record<CaseEventType, number>>> = {
  CaseSuspended: 2,
};

/**
 * What a suspension recorded before schema v2 is read with. Article 49 of the Law on Enforcement of
 * Civil Judgments is the only ground for a suspension (tạm đình chỉ), so the article is certain;
 * which point of it was not recorded, and the envelope's stored schema version shows the default.
 */
export const SUSPENSION_LEGAL_BASIS_BEFORE_V2 = 'Điều 49 Luật Thi hành án dân sự';

type Upcaster = (data: JsonObject) => JsonObject;

/** `UPCASTERS[type][v]` turns the data of version v into version v + 1. */
const UPCASTERS: Readonly<Partial<Record<CaseEventType, Readonly<Record<number, Upcaster>>>>> = {
  CaseSuspended: {
    1: (data) => ({ ...data, legalBasis: SUSPENSION_LEGAL_BASIS_BEFORE_V2 }),
  },
};

export function caseEventSchemaVersion(type: string): number {
  return CASE_EVENT_SCHEMA_VERSIONS[type as CaseEventType] ?? 1;
}

export class UnknownSchemaVersion extends Error {
  constructor(type: string, version: number, current: number) {
    super(
      version > current
        ? `${type} v${version} was written by a newer release (this one reads up to v${current})`
        : `No upcaster from ${type} v${version} to v${version + 1}`,
    );
  }
}

/** The event's data in the current shape of its type; the stored data is left untouched. */
export function upcastCaseEventData(type: string, schemaVersion: number, data: JsonObject): JsonObject {
  const current = caseEventSchemaVersion(type);
  if (schemaVersion === current) return data;
  // A newer version must fail loudly: reading it as an older shape would replay it wrongly.
  if (schemaVersion > current) throw new UnknownSchemaVersion(type, schemaVersion, current);
  let upcast = data;
  for (let version = Math.max(schemaVersion, 1); version < current; version++) {
    const step = UPCASTERS[type as CaseEventType]?.[version];
    if (!step) throw new UnknownSchemaVersion(type, version, current);
    upcast = step(upcast);
  }
  return upcast;
}
