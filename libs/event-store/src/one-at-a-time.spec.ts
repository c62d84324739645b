import { OneAtATime } from './one-at-a-time';

/** A promise the test settles by hand, so the order of events does not depend on timers. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('OneAtATime', () => {
  it('runs the work of one key in arrival order, never two at once', async () => {
    const queue = new OneAtATime();
    const log: string[] = [];
    const first = gate();
    const runs = [
      queue.run('s', async () => {
        log.push('1 start');
        await first.opened;
        log.push('1 end');
        return 1;
      }),
      queue.run('s', async () => {
        log.push('2 start');
        return 2;
      }),
    ];
    await Promise.resolve();
    expect(log).toEqual(['1 start']);
    first.open();
    expect(await Promise.all(runs)).toEqual([1, 2]);
    expect(log).toEqual(['1 start', '1 end', '2 start']);
  });

  it('lets other keys run meanwhile', async () => {
    const queue = new OneAtATime();
    const blocked = gate();
    const slow = queue.run('a', () => blocked.opened);
    await expect(queue.run('b', async () => 'b ran')).resolves.toBe('b ran');
    blocked.open();
    await slow;
  });

  it('goes on with the next piece of work after one fails, and keeps nothing once idle', async () => {
    const queue = new OneAtATime();
    const failed = queue.run('s', async () => {
      throw new Error('refused');
    });
    const next = queue.run('s', async () => 'next');
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('next');
    expect(queue.size).toBe(0);
  });
});
