// Imported by path rather than through '@app/platform' so that signing a token does not load Nest,
// TypeORM and the embedded PostgreSQL.
import { runTokenCli } from '../libs/platform/src/auth/token-cli';

process.exitCode = runTokenCli(process.argv.slice(2), process.env, process);
