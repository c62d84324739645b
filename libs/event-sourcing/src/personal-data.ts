/**
 * Parties' personal data in events is encrypted with one key per party (libs/personal-data); these are
 * the names the domain shares with that layer.
 */

/** Stands where a party's personal data was once its key was destroyed (lawful erasure). */
export const ERASED_PERSONAL_DATA = '(đã xóa / erased)';

/** The key of one party of one case: `debtor`, `creditor` or `complainant-<complaint id>`. */
export const partyKeyId = (caseId: string, party: string) => `case-${caseId}/${party}`;

/** Passes one personal value through encryption, decryption or a look at its key. */
export type PersonalValueTransform = (keyId: string, value: string) => string;

/**
 * An event's data with each personal value passed through `transform` under its party's key, all else
 * as it was. It reads the data as stored, older shapes included, so it checks what it finds.
 */
export type PersonalFields = (
  data: Record<string, unknown>,
  transform: PersonalValueTransform,
) => Record<string, unknown>;

/** For every event type of a context, where its personal values are; null for a type that has none. */
export type PersonalFieldsByType = Readonly<Record<string, PersonalFields | null>>;

/** Parties' keys, kept outside the log. */
export interface PartyKeys {
  /** Keys by id, null for an erased party; with `create`, missing keys are made first. */
  keys(ids: readonly string[], create: boolean): Promise<Map<string, Buffer | null>>;
  /** Destroys a key; false when it was already gone. */
  erase(keyId: string, erasedBy: string, ground: string): Promise<boolean>;
}

export const PARTY_KEYS = Symbol('PARTY_KEYS');
