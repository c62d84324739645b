import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log. A position is `transaction id << 20 | index within the append`, so global order
 * is commit-safe: readers stop below the oldest transaction still running
 * (`pg_snapshot_xmin`), and any transaction that commits later has a larger id than everything
 * already read. Appends take a per-stream advisory lock before their first write, so a stream's
 * revisions are also in global order. Every event carries the hash chaining it to the previous event
 * of its stream, and `event_seals` chains hashes over the global log. See libs/event-store/README.md.
 */
export class CreateEventLog1764000000000 implements MigrationInterface {
  name = 'CreateEventLog1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        position        bigint PRIMARY KEY,
        event_id        uuid NOT NULL UNIQUE,
        stream_id       text NOT NULL,
        stream_revision bigint NOT NULL,
        type            text NOT NULL,
        schema_version  integer NOT NULL DEFAULT 1,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
        recorded_at     timestamptz NOT NULL,
        hash            bytea NOT NULL,
        CONSTRAINT events_stream_revision_key UNIQUE (stream_id, stream_revision)
      )`);

    // Append-only by convention: the role that appends could also update or delete, so it is the
    // chain of seal hashes, not a privilege, that shows a change (libs/event-store/README.md).
    await q.query(`
      CREATE TABLE event_seals (
        seal_number        bigint PRIMARY KEY,
        from_position      bigint NOT NULL,
        to_position        bigint NOT NULL UNIQUE,
        event_count        bigint NOT NULL,
        events_hash        bytea NOT NULL,
        previous_seal_hash bytea NOT NULL,
        seal_hash          bytea NOT NULL,
        sealed_at          timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE FUNCTION events_readable_below() RETURNS bigint
      LANGUAGE sql STABLE AS $$
        SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint) << 20
      $$`);

    await q.query(`
      CREATE FUNCTION append_events(
        p_stream_id text,
        p_expected text,
        p_ids uuid[],
        p_types text[],
        p_schema_versions integer[],
        p_data text[],
        p_metadata text[],
        p_recorded_at timestamptz,
        p_previous_revision bigint,
        p_previous_hash bytea,
        p_hashes bytea[],
        OUT next_expected_revision bigint,
        OUT last_position bigint,
        OUT already_written boolean)
      LANGUAGE plpgsql
      -- Plans are cached per connection, often while the table is still small; a sequential scan
      -- chosen then would make every later append read the whole log.
      SET enable_seqscan = off
      AS $$
      DECLARE
        v_count integer := cardinality(p_ids);
        v_current bigint := -1;
        v_current_hash bytea;
        v_found integer;
        v_offset_min bigint;
        v_offset_max bigint;
        v_same_stream boolean;
        v_expected_first bigint;
      BEGIN
        IF v_count IS NULL OR v_count = 0 OR v_count >= 1048576 OR cardinality(p_hashes) <> v_count THEN
          RAISE EXCEPTION 'an append takes 1 to 1048575 events, each with its hash' USING ERRCODE = '22023';
        END IF;
        -- A transaction id taken before the lock could be older than that of a writer holding the
        -- lock, which would put this stream's revisions out of global order.
        IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
          RAISE EXCEPTION 'append_events must be the first write of its transaction' USING ERRCODE = '25000';
        END IF;

        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));

        SELECT e.stream_revision, e.hash INTO v_current, v_current_hash
          FROM events e WHERE e.stream_id = p_stream_id ORDER BY e.stream_revision DESC LIMIT 1;
        IF NOT FOUND THEN
          v_current := -1;
        END IF;

        IF (p_expected = 'any'
            OR (p_expected = 'no_stream' AND v_current = -1)
            OR (p_expected = 'stream_exists' AND v_current >= 0)
            OR (p_expected ~ '^[0-9]+$' AND p_expected::bigint = v_current))
           AND NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = ANY(p_ids)) THEN
          -- The hashes were chained by the caller on what it believed the stream's last event to be;
          -- under the lock that belief is checked, so a stale cache cannot break the chain.
          IF p_previous_revision <> v_current OR p_previous_hash IS DISTINCT FROM v_current_hash THEN
            RAISE EXCEPTION 'stale previous hash' USING ERRCODE = 'TH003',
              DETAIL = v_current::text || ' ' || coalesce(encode(v_current_hash, 'hex'), '');
          END IF;
          INSERT INTO events (position, event_id, stream_id, stream_revision, type, schema_version,
                              data, metadata, recorded_at, hash)
          SELECT (pg_current_xact_id()::text::bigint << 20) + i - 1, p_ids[i], p_stream_id,
                 v_current + i, p_types[i], p_schema_versions[i], p_data[i]::jsonb,
                 p_metadata[i]::jsonb, p_recorded_at, p_hashes[i]
            FROM generate_subscripts(p_ids, 1) AS i;
          next_expected_revision := v_current + v_count;
          last_position := (pg_current_xact_id()::text::bigint << 20) + v_count - 1;
          already_written := false;
          RETURN;
        END IF;

        SELECT count(*), min(e.stream_revision - ids.ord), max(e.stream_revision - ids.ord),
               bool_and(e.stream_id = p_stream_id), max(e.stream_revision), max(e.position)
          INTO v_found, v_offset_min, v_offset_max, v_same_stream, next_expected_revision, last_position
          FROM unnest(p_ids) WITH ORDINALITY AS ids(id, ord)
          JOIN events e ON e.event_id = ids.id;

        IF v_found > 0 THEN
          IF v_found < v_count OR NOT v_same_stream OR v_offset_min <> v_offset_max THEN
            RAISE EXCEPTION 'duplicate event ids' USING ERRCODE = 'TH002', DETAIL = p_stream_id;
          END IF;
          v_expected_first := CASE
            WHEN p_expected = 'no_stream' THEN 0
            WHEN p_expected IN ('any', 'stream_exists') THEN v_offset_min + 1
            ELSE p_expected::bigint + 1 END;
          IF v_offset_min + 1 = v_expected_first THEN
            already_written := true;
            RETURN;
          END IF;
        END IF;
        RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'TH001', DETAIL = v_current::text;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION append_events');
    await q.query('DROP FUNCTION events_readable_below');
    await q.query('DROP TABLE event_seals');
    await q.query('DROP TABLE events');
  }
}
