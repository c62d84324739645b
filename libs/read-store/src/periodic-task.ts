import { Logger } from '@nestjs/common';

/**
 * A round of background work repeated every so often in a server process: the timer never keeps the
 * process alive, a round still running when the next is due makes that one skip, and `stop` waits
 * for the round under way so that shutdown does not cut it off.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly round: () => Promise<unknown>) {}

  start(intervalMs: number, options: { runNow?: boolean } = {}): void {
    this.timer = setInterval(() => this.runRound(), intervalMs);
    this.timer.unref();
    if (options.runNow) this.runRound();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private runRound(): void {
    if (this.running) return;
    this.running = this.round()
      .then(
        () => undefined,
        // A round is expected to report its own failures; this only keeps one it let through from
        // ending the process as an unhandled rejection.
        (error: unknown) => new Logger('PeriodicTask').error((error as Error)?.stack ?? String(error)),
      )
      .finally(() => (this.running = undefined));
  }
}
