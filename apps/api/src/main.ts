import { bootstrap } from '@app/platform';
import { ALL_MIGRATIONS } from '@app/registry';
import { ApiModule } from './app.module';
import { setupOpenApi } from './openapi';

bootstrap({
  name: 'api',
  defaultPort: 3000,
  defaultRunProjections: true,
  migrations: ALL_MIGRATIONS,
  module: (config, databaseUrl) => ApiModule.forRoot(config, databaseUrl),
  documentation: setupOpenApi,
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
