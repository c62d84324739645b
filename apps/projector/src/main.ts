import { bootstrap } from '@app/platform';
import { ALL_MIGRATIONS } from '@app/registry';
import { ProjectorModule } from './projector.module';

bootstrap({
  name: 'projector',
  defaultPort: 3001,
  defaultRunProjections: true,
  migrations: ALL_MIGRATIONS,
  module: (config, databaseUrl) => ProjectorModule.forRoot(config, databaseUrl),
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
