/**
 * How many open cases agencies hold, as the cases context counts them: an agency that still holds
 * some may close only into a successor. Provided by the cases context (which stands on this one), so
 * agencies know nothing of cases but this count.
 */
export interface AgencyCaseload {
  /** Cases not closed whose accepting agency is one of `agencyIds`. */
  openCases(agencyIds: readonly string[]): Promise<number>;
}

export const AGENCY_CASELOAD = Symbol('AGENCY_CASELOAD');
