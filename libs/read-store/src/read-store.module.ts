import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
  type Type,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STORED_EVENT_STORE, type EventStore } from '@app/event-store';
import { Checkpoints } from './checkpoints';
import { Quarantine } from './quarantine';
import { PROJECTIONS, type Projection } from './projection';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';

export interface ReadStoreOptions {
  projections: Type<Projection>[];
  /** Run the projections in this process (the api by default, or the projector app). */
  runProjections: boolean;
  runner?: Omit<ProjectionRunnerOptions, 'log'>;
}

const RUN_PROJECTIONS = Symbol('RUN_PROJECTIONS');

@Injectable()
class ProjectionHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');

  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(RUN_PROJECTIONS) private readonly run: boolean,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.run) return;
    await this.runner.start();
    this.logger.log(`Running ${this.projections.map((p) => p.name).join(', ') || 'no projections'}`);
  }

  /** Before the database pools close, or a batch in flight would fail on an ended pool. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

@Module({})
export class ReadStoreModule {
  static forRoot(options: ReadStoreOptions): DynamicModule {
    const logger = new Logger('Projections');
    return {
      module: ReadStoreModule,
      global: true,
      providers: [
        ...options.projections,
        { provide: PROJECTIONS, useFactory: (...all: Projection[]) => all, inject: options.projections },
        { provide: RUN_PROJECTIONS, useValue: options.runProjections },
        {
          provide: Checkpoints,
          useFactory: (ds: DataSource, store: EventStore) => new Checkpoints(ds, () => store.headPosition()),
          inject: [DataSource, STORED_EVENT_STORE],
        },
        { provide: Quarantine, useFactory: (ds: DataSource) => new Quarantine(ds), inject: [DataSource] },
        {
          provide: ProjectionRunner,
          // The log as stored: read models keep personal values encrypted, and decrypt what they serve.
          useFactory: (stored: EventStore, ds: DataSource, projections: Projection[], checkpoints: Checkpoints) =>
            new ProjectionRunner(
              stored,
              ds,
              projections,
              {
                ...options.runner,
                log: (message, error) =>
                  error === undefined ? logger.log(message) : logger.error(message, (error as Error)?.stack),
              },
              checkpoints,
            ),
          inject: [STORED_EVENT_STORE, DataSource, PROJECTIONS, Checkpoints],
        },
        ProjectionHost,
      ],
      exports: [PROJECTIONS, Checkpoints, Quarantine, ProjectionRunner],
    };
  }
}
