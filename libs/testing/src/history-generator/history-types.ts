import type { EventToAppend } from '@app/event-store';
import type { IsoDate } from '@app/kernel';

/** Who took a step, as the api records it in the event metadata (libs/event-sourcing execute-options.ts). */
export interface HistoryActor {
  id: string;
  role: 'admin' | 'head' | 'bailiff';
  agencyId: string;
}

/** One event as it would have been written, and the day it was recorded (not the business date). */
export interface PlannedEvent {
  streamId: string;
  recordedOn: IsoDate;
  event: EventToAppend;
  /**
   * The opening of a case received by entrustment: the api accepts it only once the sender's
   * entrustment is in the log, so it is written after everything else recorded the same period.
   */
  afterOthers: boolean;
}

export interface GeneratedAgency {
  id: string;
  name: string;
  level: 'central' | 'province' | 'local';
  parentId: string | null;
  provinceName: string | null;
}

export interface GeneratedBailiff {
  id: string;
  name: string;
  agencyId: string;
  grade: 'junior' | 'intermediate' | 'senior';
  appointedOn: IsoDate;
  /** A few bailiffs change office during the history. */
  move: { toAgencyId: string; on: IsoDate } | null;
}

export interface GeneratedHead {
  id: string;
  name: string;
  agencyId: string;
}
