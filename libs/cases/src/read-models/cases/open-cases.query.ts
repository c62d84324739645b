import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AGENCY_CASELOAD, type AgencyCaseload } from '@app/agencies';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Checkpoints } from '@app/read-store';

/**
 * The open cases of agencies, for the decision to close one: counted once the cases read model has
 * caught up with the log as it stands now, so a case accepted a moment before is not missed (a read
 * model still behind after 5 s answers 503, to be retried).
 */
@Injectable()
export class OpenCasesCount implements AgencyCaseload {
  constructor(
    private readonly dataSource: DataSource,
    private readonly checkpoints: Checkpoints,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async openCases(agencyIds: readonly string[]): Promise<number> {
    const head = await this.store.headPosition();
    if (head !== null) await this.checkpoints.waitFor(head, { names: ['cases'], timeoutMs: 5000 });
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM cases WHERE agency_id = ANY($1::text[]) AND status <> 'closed'`,
      [agencyIds],
    );
    return Number(row?.count ?? 0);
  }
}

/** Lends the count to the agencies context, which stands below this one and cannot import it. */
@Global()
@Module({
  providers: [{ provide: AGENCY_CASELOAD, useClass: OpenCasesCount }],
  exports: [AGENCY_CASELOAD],
})
export class AgencyCaseloadModule {}
