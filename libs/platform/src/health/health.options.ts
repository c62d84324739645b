export interface HealthOptions {
  eventStore: string;
}

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
