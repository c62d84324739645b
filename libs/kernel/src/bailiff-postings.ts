/** One posting of a bailiff: `agencyId` from `validFrom` to `validTo` (inclusive; null while it lasts). */
export interface BailiffPosting {
  agencyId: string;
  validFrom: string;
  validTo: string | null;
}

/**
 * Where bailiffs are posted, as the agencies context records it (appointments and moves). Declared
 * here so that authentication (@app/platform) can check a bailiff's agency claim and the agencies
 * context can answer it without either depending on the other; a process that serves bailiffs binds
 * it (see BailiffPostingsModule in @app/agencies).
 */
export interface BailiffPostings {
  /** Every posting of the bailiff whose id is `bailiffId`, oldest first; null when none is appointed. */
  postingsOf(bailiffId: string): Promise<readonly BailiffPosting[] | null>;
}

export const BAILIFF_POSTINGS = Symbol('BAILIFF_POSTINGS');
