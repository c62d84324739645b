import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';

/**
 * `npm run openapi:metadata [-- --out <folder>]`: writes apps/api/src/metadata.ts (or the same file
 * into another folder), what the @nestjs/swagger CLI plugin learns from the DTOs and controllers
 * (types, required members, enums, class-validator patterns and limits, doc comments) when
 * `nest build` compiles them. Jest compiles with SWC, which runs no such plugin; `setupOpenApi`
 * loads this file, so the document is the same under both. Run it after changing a DTO or a
 * controller: a test fails while the file is stale.
 */
const ROOT = resolve(__dirname, '..');
export const API_SOURCE = join(ROOT, 'apps/api/src');
export const METADATA_FILE_NAME = 'metadata.ts';

interface NestCliConfig {
  compilerOptions: {
    tsConfigPath: string;
    plugins: ({ name: string; options?: Record<string, unknown> } | string)[];
  };
}

/** The plugin's options as nest-cli.json gives them to `nest build`, so the two cannot drift apart. */
function swaggerPluginOptions(): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as NestCliConfig;
  const plugin = config.compilerOptions.plugins.find(
    (entry) => (typeof entry === 'string' ? entry : entry.name) === '@nestjs/swagger',
  );
  if (plugin === undefined) throw new Error('nest-cli.json does not use the @nestjs/swagger plugin');
  return typeof plugin === 'string' ? {} : (plugin.options ?? {});
}

/**
 * The api's program as `nest build` compiles it, with only the api's own files as roots (the
 * libraries come in through their imports): a few seconds rather than the whole repository's.
 */
function apiProgram(): ts.Program {
  const config = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as NestCliConfig;
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, config.compilerOptions.tsConfigPath), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error(`Cannot read ${config.compilerOptions.tsConfigPath}`);
  const rootNames = parsed.fileNames.filter(
    (file) => file.startsWith(`${API_SOURCE}/`) && file !== join(API_SOURCE, METADATA_FILE_NAME),
  );
  return ts.createProgram({ rootNames, options: parsed.options });
}

/**
 * The generator loads each DTO file with `import("./….js")`, as nodenext wants of an ES import. The
 * api also runs from its TypeScript sources (Jest, `node -r @swc-node/register`), where no `.js`
 * file exists and nothing maps one to its source; `require` of the extensionless path finds the
 * compiled file and the source alike, and yields the same module.
 */
function requireInsteadOfImport(source: string): string {
  return source.replace(/\bimport\("(\.{1,2}\/[^"]+)\.js"\)/g, 'Promise.resolve(require("$1"))');
}

/** Writes the metadata file into `outputDir` (its imports are relative to apps/api/src). */
export function generateOpenApiMetadata(outputDir: string = API_SOURCE): string {
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...swaggerPluginOptions(), pathToSource: API_SOURCE })],
    outputDir,
    filename: METADATA_FILE_NAME,
    tsProgramRef: apiProgram(),
    printDiagnostics: false,
  });
  const file = join(outputDir, METADATA_FILE_NAME);
  writeFileSync(file, requireInsteadOfImport(readFileSync(file, 'utf8')));
  return file;
}

if (require.main === module) {
  const out = process.argv.indexOf('--out');
  console.log(`Wrote ${generateOpenApiMetadata(out === -1 ? API_SOURCE : resolve(process.argv[out + 1] ?? '.'))}`);
}
