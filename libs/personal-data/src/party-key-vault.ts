import { randomBytes } from 'node:crypto';
import { Pool, type PoolConfig } from 'pg';
import { BoundedCache, type PartyKeys } from '@app/event-sourcing';

/** Erased after this long at most in processes other than the one that erased. */
const KEY_CACHE_MS = 60_000;
/** Keys kept in memory at most (a key and its entry take about 200 bytes). */
const KEY_CACHE_SIZE = 100_000;

/**
 * Parties' keys, in PostgreSQL beside the read models and never in the event log: destroying a key
 * (lawful erasure) makes that party's data unreadable everywhere it was written, while the events
 * and their hashes stay exactly as they were.
 */
export class PartyKeyVault implements PartyKeys {
  /** Bounded: every party ever read would otherwise stay in memory for the life of the process. */
  private readonly cache = new BoundedCache<string, { key: Buffer | null; until: number }>(KEY_CACHE_SIZE);

  constructor(private readonly pool: Pool) {}

  static fromConnectionString(
    url: string,
    onIdleError: (error: Error) => void = () => {},
    options: Omit<PoolConfig, 'connectionString'> = {},
  ): PartyKeyVault {
    const pool = new Pool({ max: 4, ...options, connectionString: url });
    // A lost idle connection is replaced on the next query; unheard, its error would end the process.
    pool.on('error', onIdleError);
    return new PartyKeyVault(pool);
  }

  /** Keys by id, null for an erased party; with `create`, missing keys are made first. */
  async keys(ids: readonly string[], create: boolean): Promise<Map<string, Buffer | null>> {
    const now = Date.now();
    const found = new Map<string, Buffer | null>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.cache.get(id);
      if (cached && cached.until > now) found.set(id, cached.key);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    if (create) {
      await this.pool.query(
        `INSERT INTO party_keys (key_id, key)
         SELECT * FROM unnest($1::text[], $2::bytea[]) ON CONFLICT (key_id) DO NOTHING`,
        [missing, missing.map(() => randomBytes(32))],
      );
    }
    const { rows } = await this.pool.query<{ key_id: string; key: Buffer | null }>(
      'SELECT key_id, key FROM party_keys WHERE key_id = ANY($1::text[])',
      [missing],
    );
    for (const row of rows) {
      found.set(row.key_id, row.key);
      this.cache.set(row.key_id, { key: row.key, until: now + KEY_CACHE_MS });
    }
    for (const id of missing) if (!found.has(id)) found.set(id, null);
    return found;
  }

  /** Destroys the key; false when there was none left to destroy. */
  async erase(keyId: string, erasedBy: string, ground: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE party_keys SET key = NULL, erased_at = now(), erased_by = $2, ground = $3
        WHERE key_id = $1 AND key IS NOT NULL`,
      [keyId, erasedBy, ground],
    );
    this.cache.delete(keyId);
    return (rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
