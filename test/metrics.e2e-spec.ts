import { randomUUID } from 'node:crypto';
import { Checkpoints, ProjectionRunner } from '@app/read-store';
import { seedAgencies, startTestApp, type TestApp } from './support/test-app';

/** The samples of a Prometheus text exposition, keyed by name and labels as printed. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

describe('Prometheus metrics on /metrics', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const scrape = async () => {
    const response = await t.http().get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(response.text);
  };

  it('reports each projection at the head of the log with no lag once it has caught up', async () => {
    const head = (await t.store.headPosition())!;
    await t.caughtUp(head);
    const samples = await scrape();

    expect(samples.get('thads_event_log_head_position')).toBe(Number(head));
    const checkpoints = await t.app.get(Checkpoints).all();
    expect(checkpoints.map((c) => c.name)).toEqual(expect.arrayContaining(['agencies', 'bailiffs', 'cases']));
    for (const { name, position } of checkpoints) {
      expect(samples.get(`thads_projection_position{projection="${name}"}`)).toBe(Number(position));
      expect(samples.get(`thads_projection_lag_seconds{projection="${name}"}`)).toBe(0);
      expect(samples.get(`thads_projection_checkpoint_age_seconds{projection="${name}"}`)).toBeGreaterThanOrEqual(0);
    }
  });

  it('times requests by route pattern and status, and exposes the Node process metrics', async () => {
    const head = `Bearer ${t.token(world.actors.headA)}`;
    await t.http().get(`/cases/${randomUUID()}`).set('Authorization', head).expect(404);
    await t.http().get(`/cases/${randomUUID()}`).set('Authorization', head).expect(404);
    await t.http().get('/agencies').set('Authorization', head).expect(200);
    const samples = await scrape();

    expect(
      samples.get('thads_http_request_duration_seconds_count{method="GET",route="/cases/:caseId",status="404"}'),
    ).toBe(2);
    expect(samples.get('thads_http_request_duration_seconds_count{method="GET",route="/agencies",status="200"}')).toBe(
      1,
    );
    expect(
      [...samples.keys()].filter(
        (key) => key.startsWith('thads_http_request_duration_seconds') && /\/cases\/[0-9a-f]/.test(key),
      ),
    ).toEqual([]);
    expect(samples.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samples.has('nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('shows the lag and checkpoint age growing while a projection stands still, on /metrics and /health', async () => {
    const before = await t.app.get(Checkpoints).all();
    await t.app.get(ProjectionRunner).stop();
    const { position } = await t.store.appendToStream(
      `agency-stalled-${randomUUID()}`,
      [
        {
          id: randomUUID(),
          type: 'AgencyRegistered',
          data: {
            agencyId: `stalled-${randomUUID()}`,
            name: 'x',
            level: 'local',
            parentId: null,
            validFrom: '2025-01-01',
          },
        },
      ],
      'no_stream',
    );
    // Readers see an event once no older transaction of the server is still open, a moment later.
    const readable = async () => {
      for await (const event of t.store.readAll({ fromPosition: position - 1n, limit: 1 }))
        return event.position === position;
      return false;
    };
    while (!(await readable())) await new Promise((resolve) => setTimeout(resolve, 10));
    const samples = await scrape();

    expect(samples.get('thads_event_log_head_position')).toBeGreaterThanOrEqual(Number(position));
    for (const { name, position: stood } of before) {
      expect(samples.get(`thads_projection_position{projection="${name}"}`)).toBe(Number(stood));
      expect(samples.get(`thads_projection_lag_seconds{projection="${name}"}`)).toBeGreaterThan(0);
      expect(samples.get(`thads_projection_checkpoint_age_seconds{projection="${name}"}`)).toBeGreaterThan(0);
    }
    const health = await t.http().get('/health').expect(200);
    const agencies = (
      health.body.details.projections.projections as {
        name: string;
        lagSeconds: number;
        checkpointAgeSeconds: number;
      }[]
    ).find((p) => p.name === 'agencies');
    expect(agencies!.lagSeconds).toBeGreaterThan(0);
    expect(agencies!.checkpointAgeSeconds).toBeGreaterThan(0);
  });
});
