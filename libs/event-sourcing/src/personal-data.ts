/**
 * Parties' personal data in events is encrypted with one key per party (libs/personal-data); these are
 * the names the domain shares with that layer.
 */

/** Stands where a party's personal data was once its key was destroyed (lawful erasure). */
export const ERASED_PERSONAL_DATA = '(đã xóa / erased)';

/** The key of one party of one case: `debtor`, `creditor` or `complainant-<complaint id>`. */
export const partyKeyId = (caseId: string, party: string) => `case-${caseId}/${party}`;

/** Destroys parties' keys; false when the key was already gone. */
export interface PartyKeys {
  erase(keyId: string, erasedBy: string, ground: string): Promise<boolean>;
}

export const PARTY_KEYS = Symbol('PARTY_KEYS');
