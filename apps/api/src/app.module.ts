import { Module, type DynamicModule } from '@nestjs/common';
import { BailiffPostingsModule } from '@app/agencies';
import { IntegritySealerModule } from '@app/audit';
import { ReadStoreModule } from '@app/read-store';
import { PlatformModule, type AppConfig } from '@app/platform';
import { ALL_PERSONAL_FIELDS, ALL_PROJECTIONS } from '@app/registry';
import { AgenciesHttpModule } from './agencies/agencies-http.module';
import { AuditHttpModule } from './audit/audit-http.module';
import { CasesHttpModule } from './cases/cases-http.module';
import { StatisticsHttpModule } from './statistics/statistics-http.module';
import { SupervisionHttpModule } from './supervision/supervision-http.module';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(config, databaseUrl, ALL_PERSONAL_FIELDS),
        // Bailiffs' agency claims are checked against their postings (AuthGuard).
        BailiffPostingsModule,
        ReadStoreModule.forRoot({ projections: ALL_PROJECTIONS, runProjections: config.runProjections }),
        IntegritySealerModule.forRoot(),
        AgenciesHttpModule,
        CasesHttpModule,
        SupervisionHttpModule,
        StatisticsHttpModule,
        AuditHttpModule,
      ],
    };
  }
}
