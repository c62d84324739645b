import type { Pool } from 'pg';
import type { ReadSealsOptions, SealStore } from '../event-store.port';
import type { Seal } from '../integrity/seal';

interface SealRow {
  seal_number: string;
  from_position: string;
  to_position: string;
  event_count: string;
  events_hash: Buffer;
  previous_seal_hash: Buffer;
  seal_hash: Buffer;
  sealed_at: Date;
}

const SEAL_COLUMNS =
  'seal_number, from_position, to_position, event_count, events_hash, previous_seal_hash, seal_hash, sealed_at';
/** Session advisory lock key of the sealer: one process seals at a time across the cluster. */
const SEALER_LOCK = 7_164_010_001;
const PAGE = 1000;

/** The `event_seals` table. */
export class PostgresSealStore implements SealStore {
  constructor(private readonly pool: Pool) {}

  async last(): Promise<Seal | null> {
    const { rows } = await this.pool.query<SealRow>(
      `SELECT ${SEAL_COLUMNS} FROM event_seals ORDER BY seal_number DESC LIMIT 1`,
    );
    return rows[0] ? toSeal(rows[0]) : null;
  }

  async *read(options: ReadSealsOptions = {}): AsyncIterable<Seal> {
    let after = 0n;
    if (options.fromPosition !== undefined) {
      const { rows } = await this.pool.query<{ seal_number: string | null }>(
        'SELECT max(seal_number)::text AS seal_number FROM event_seals WHERE to_position < $1',
        [options.fromPosition.toString()],
      );
      after = rows[0]?.seal_number == null ? 0n : BigInt(rows[0].seal_number) - 1n;
    }
    for (;;) {
      const { rows } = await this.pool.query<SealRow>(
        `SELECT ${SEAL_COLUMNS} FROM event_seals WHERE seal_number > $1 ORDER BY seal_number LIMIT ${PAGE}`,
        [after.toString()],
      );
      for (const row of rows) yield toSeal(row);
      if (rows.length < PAGE) return;
      after = BigInt(rows.at(-1)!.seal_number);
    }
  }

  async append(seal: Seal): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO event_seals (${SEAL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT DO NOTHING`,
      [
        seal.sealNumber,
        seal.fromPosition.toString(),
        seal.toPosition.toString(),
        seal.eventCount,
        Buffer.from(seal.eventsHash, 'hex'),
        Buffer.from(seal.previousSealHash, 'hex'),
        Buffer.from(seal.sealHash, 'hex'),
        seal.sealedAt,
      ],
    );
    return rowCount === 1;
  }

  async exclusively<T>(work: () => Promise<T>): Promise<T | undefined> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        SEALER_LOCK,
      ]);
      if (!rows[0]?.locked) return undefined;
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [SEALER_LOCK]);
      }
    } finally {
      client.release();
    }
  }
}

function toSeal(row: SealRow): Seal {
  return {
    sealNumber: Number(row.seal_number),
    fromPosition: BigInt(row.from_position),
    toPosition: BigInt(row.to_position),
    eventCount: Number(row.event_count),
    eventsHash: row.events_hash.toString('hex'),
    previousSealHash: row.previous_seal_hash.toString('hex'),
    sealHash: row.seal_hash.toString('hex'),
    sealedAt: row.sealed_at,
  };
}
