import { DataSource } from 'typeorm';
import { AgenciesProjection, AgencyDirectory } from '@app/agencies';
import { AggregateStore } from '@app/event-sourcing';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { GetKnownAtReportHandler, GetKnownAtReportQuery, StatisticsReader } from '@app/statistics';
import { CENTRAL_AGENCY_ID, generateHistory, writeHistory } from '@app/testing';
import { fmt } from './support';

export interface KnownAtResult {
  cases: number;
  events: number;
  /** Milliseconds of each `knownAt` report, whole history and half of it. */
  wholeMs: number[];
  halfMs: number[];
  markdown: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * "What did the report say then?" over a generated history written into `url` (a fresh migrated
 * database): the national report as known at the end and half-way, through the query handler the
 * api uses, on the whole country — an upper bound for one province of the same number of cases.
 */
export async function benchKnownAtStatistics(options: { url: string; cases: number }): Promise<KnownAtResult> {
  const store = PostgresEventStore.fromConnectionString(options.url);
  const dataSource = new DataSource({ type: 'postgres', url: options.url });
  await dataSource.initialize();
  try {
    const history = generateHistory({ cases: options.cases, seed: 7 });
    const written = await writeHistory(store, history, { concurrency: 8 });

    const agencyEvents: RecordedEvent[] = [];
    for await (const e of store.readAll({ filter: { eventTypes: new AgenciesProjection().eventTypes } })) {
      agencyEvents.push(e);
    }
    await dataSource.transaction((tx) => new AgenciesProjection().apply(agencyEvents, tx));

    let middle: Date | null = null;
    let seen = 0;
    for await (const e of store.readAll()) {
      if (++seen >= written.events / 2) {
        middle = e.recordedAt;
        break;
      }
    }
    const handler = new GetKnownAtReportHandler(
      new StatisticsReader(dataSource),
      new AgencyDirectory(new AggregateStore(store)),
      store,
    );
    const admin = { id: 'bench-admin', role: 'admin' as const, agencyId: CENTRAL_AGENCY_ID };
    const time = async (knownAt: Date) => {
      const started = process.hrtime.bigint();
      await handler.execute(new GetKnownAtReportQuery(CENTRAL_AGENCY_ID, '2026-09-30', knownAt, null, admin));
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const wholeMs: number[] = [];
    const halfMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      wholeMs.push(await time(new Date()));
      halfMs.push(await time(middle ?? new Date()));
    }
    const markdown = [
      `### Statistics as known at an instant (\`GET /audit/statistics?knownAt=\`)`,
      '',
      `The national report for the statistical year 2026 over a generated history of ${fmt(history.stats.cases)} cases ` +
        `(${fmt(written.events)} events), computed by replaying the log up to \`knownAt\` through the statistics ` +
        `projection's own fold and contribution function (median of 3).`,
      '',
      '| knownAt | time |',
      '|---|---:|',
      `| after the whole history | ${fmt(median(wholeMs))} ms |`,
      `| half-way through it | ${fmt(median(halfMs))} ms |`,
    ].join('\n');
    return { cases: history.stats.cases, events: written.events, wholeMs, halfMs, markdown };
  } finally {
    await dataSource.destroy();
    await store.close();
  }
}
