/**
 * The most a single amount, or all the lines of one case together, may be: 10^15 đồng. No case owes
 * more than the whole country enforces in a year, and the statistics add cases up in bigint.
 */
export const MONEY_MAX = 10n ** 15n;
