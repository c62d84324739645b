/**
 * Reads typed settings from the environment, pushing one line per wrong variable onto `problems`
 * so that start-up names every mistake at once; a wrong value reads as its fallback meanwhile.
 */
export interface EnvReader {
  integer: (name: string, fallback: number, min: number, max: number) => number;
  boolean: (name: string, fallback: boolean) => boolean;
  /** A comma-separated list, without blanks. */
  list: (name: string) => string[];
}

export function envReader(env: NodeJS.ProcessEnv, problems: string[]): EnvReader {
  return {
    integer: (name, fallback, min, max) => {
      const raw = env[name];
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min || value > max) {
        problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
        return fallback;
      }
      return value;
    },
    boolean: (name, fallback) => {
      const raw = env[name]?.toLowerCase();
      if (raw === undefined || raw === '') return fallback;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      problems.push(`${name} must be true or false, got "${env[name]}"`);
      return fallback;
    },
    list: (name) =>
      (env[name] ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
  };
}
