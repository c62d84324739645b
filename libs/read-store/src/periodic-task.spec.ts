import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function controlledRounds() {
    const finishers: (() => void)[] = [];
    const round = jest.fn(() => new Promise<void>((resolve) => finishers.push(resolve)));
    return { round, finishLatest: () => finishers.at(-1)!() };
  }

  it('runs a round every interval, skipping one that falls due while the last is still running', async () => {
    const { round, finishLatest } = controlledRounds();
    const task = new PeriodicTask(round);
    task.start(1000);
    expect(round).toHaveBeenCalledTimes(0);
    await jest.advanceTimersByTimeAsync(1000);
    expect(round).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(round).toHaveBeenCalledTimes(1);
    finishLatest();
    await jest.advanceTimersByTimeAsync(1000);
    expect(round).toHaveBeenCalledTimes(2);
    finishLatest();
    await task.stop();
  });

  it('runs at once when asked, and stop waits for the round under way', async () => {
    const { round, finishLatest } = controlledRounds();
    const task = new PeriodicTask(round);
    task.start(1000, { runNow: true });
    expect(round).toHaveBeenCalledTimes(1);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(5000);
    expect(stopped).toBe(false);
    expect(round).toHaveBeenCalledTimes(1);
    finishLatest();
    await stopping;
    expect(stopped).toBe(true);
  });
});
