import type { IsoDate } from '@app/kernel';

/** Today's business date in Vietnam (UTC+7, no daylight saving), whatever the server's time zone. */
export interface Clock {
  today(): IsoDate;
}

export const CLOCK = Symbol('CLOCK');

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

export const systemClock: Clock = {
  today: () => new Date(Date.now() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10),
};
