import { DataSource } from 'typeorm';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { AgenciesProjection } from '@app/agencies';
import { StatisticsReader } from '@app/statistics';

async function main() {
  const url = 'postgres://postgres@127.0.0.1:5432/prof';
  const ds = new DataSource({ type: 'postgres', url });
  await ds.initialize();
  const store = PostgresEventStore.fromConnectionString(url);
  const n = await ds.query('select count(*) from agencies');
  if (n[0].count === '0') {
    const ev: RecordedEvent[] = [];
    for await (const e of store.readAll({ filter: { eventTypes: new AgenciesProjection().eventTypes } })) ev.push(e);
    await ds.transaction((tx) => new AgenciesProjection().apply(ev, tx));
  }
  const r = new StatisticsReader(ds);
  for (const asOf of ['2026-09-30', '2026-11-20', '2025-03-31']) {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = process.hrtime.bigint();
      await r.sums('cuc-qlthads', asOf, 'total');
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(asOf, 'p50', times[7]!.toFixed(1), 'max', times[14]!.toFixed(1));
  }
  await store.close();
  await ds.destroy();
}
void main();
