import type { PersonalFieldsByType, PersonalValueTransform } from '@app/event-sourcing';

/**
 * The personal values of the events of every context, as the contexts declare them (a context lists
 * each of its event types, e.g. `CASE_PERSONAL_FIELDS`); other events pass through untouched.
 */
export class PersonalFieldMap {
  private readonly types: ReadonlySet<string>;

  constructor(private readonly byType: PersonalFieldsByType) {
    this.types = new Set(Object.entries(byType).flatMap(([type, fields]) => (fields ? [type] : [])));
  }

  carriesPersonalData(type: string): boolean {
    return this.types.has(type);
  }

  /** The event data with every personal value passed through `transform`; other events unchanged. */
  map(type: string, data: Record<string, unknown>, transform: PersonalValueTransform): Record<string, unknown> {
    const fields = this.byType[type];
    return fields ? fields(data, transform) : data;
  }

  /** Key ids an event's personal values are (or would be) encrypted under. */
  keyIds(type: string, data: Record<string, unknown>): string[] {
    const ids = new Set<string>();
    this.map(type, data, (keyId, value) => {
      ids.add(keyId);
      return value;
    });
    return [...ids];
  }
}
