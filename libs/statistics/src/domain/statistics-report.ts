import type { Figures } from './indicators';

export interface ReportRow extends Figures {
  agencyId?: string;
  name?: string;
  category?: string;
  flag?: 'credit' | 'corruption';
}

export interface TargetCheck {
  /** null when no target was set for the year */
  target: number | null;
  actual: number;
  met: boolean | null;
}

/** Met when fewer enforceable cases (money) are carried to the next year than at the previous year-end. */
export interface CarryOverCheck<T> {
  previousYearEnd: T;
  actual: T;
  met: boolean;
}

/** The four yearly indicators (4 chỉ tiêu), given on a year-end report. */
export interface TargetsAssessment {
  caseRate: TargetCheck;
  moneyRate: TargetCheck;
  enforceableCasesCarriedOver: CarryOverCheck<number>;
  enforceableMoneyCarriedOver: CarryOverCheck<string>;
}

export interface StatisticsReport extends Figures {
  agencyId: string;
  name: string | null;
  period: { from: string; to: string };
  children?: ReportRow[];
  categories?: ReportRow[];
  targets?: TargetsAssessment;
  /**
   * Present when some cases of the subtree have a step the read model could not apply (they are named
   * in /health): their figures are as they stood before that step.
   */
  quarantinedCases?: number;
}
