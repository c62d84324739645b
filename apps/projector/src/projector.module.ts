import { Module, type DynamicModule } from '@nestjs/common';
import { IntegritySealerModule } from '@app/audit';
import { ReadStoreModule } from '@app/read-store';
import { PlatformModule, type AppConfig } from '@app/platform';
import { ALL_PERSONAL_FIELDS, ALL_PROJECTIONS } from '@app/registry';

/** Runs the projections on their own, for deployments where the api does not (RUN_PROJECTIONS=false). */
@Module({})
export class ProjectorModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        PlatformModule.forRoot(config, databaseUrl, ALL_PERSONAL_FIELDS),
        ReadStoreModule.forRoot({ projections: ALL_PROJECTIONS, runProjections: true }),
        IntegritySealerModule.forRoot(),
      ],
    };
  }
}
