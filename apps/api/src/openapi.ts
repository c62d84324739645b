import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeDocument } from './http/shared-responses';
import pluginMetadata from './metadata';

const DOCS = '/docs';

const BEARER =
  'A JWT with the claims `sub` (user id), `role` (admin, head, bailiff, auditor), `agencyId` and `exp`. The role ' +
  'decides the routes; heads and auditors act on their agency and the agencies under it, a bailiff on the cases ' +
  'assigned to them.';

/** The files of swagger-ui-dist the page loads, with their content types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>thads — Thi hành án dân sự — API</title>
  <link rel="stylesheet" href="${DOCS}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${DOCS}/favicon-32x32.png" sizes="32x32">
  <link rel="icon" type="image/png" href="${DOCS}/favicon-16x16.png" sizes="16x16">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS}/swagger-ui-bundle.js"></script>
  <script src="${DOCS}/swagger-ui-standalone-preset.js"></script>
  <script src="${DOCS}/swagger-ui-init.js"></script>
</body>
</html>
`;

const INIT = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '${DOCS}/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/** What Express's response and Fastify's reply both offer to a plain route handler. */
interface Reply {
  type(contentType: string): Reply;
  send(body: string | Buffer): unknown;
}

/**
 * The OpenAPI document of `app`, the contract of the api. The DTOs' schemas come from the swagger
 * CLI plugin's metadata (see scripts/openapi-metadata.ts), loaded here so that the document is the
 * same under `nest build` and under Jest, whose SWC compiler runs no plugin.
 */
export async function createOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(pluginMetadata);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('thads — Thi hành án dân sự')
      .setDescription(
        'Event-sourced case management for civil judgment enforcement agencies. ' +
          'Hệ thống quản lý việc thi hành án dân sự: mọi bước của một việc là một sự kiện không thể sửa.\n\n' +
          'Every error answers in one shape (`ErrorResponseDto`) with a stable `code`; each operation lists the ' +
          'statuses it can answer and, for a command, its preconditions (điều kiện). Money is integer đồng as a ' +
          'string of digits; dates are business dates `YYYY-MM-DD`; log positions are strings of digits.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: BEARER })
      .build(),
  );
  return completeDocument(document);
}

export async function setupOpenApi(app: INestApplication): Promise<void> {
  const document = await createOpenApiDocument(app);
  // SwaggerModule's own UI needs @fastify/static under Fastify; the page is five files, served here
  // the same way under either adapter.
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', ui: false });
  serveSwaggerUi(app);
}

function serveSwaggerUi(app: INestApplication): void {
  const http = app.getHttpAdapter();
  const page = (contentType: string, body: string | Buffer) => (_request: unknown, reply: Reply) =>
    reply.type(contentType).send(body);
  http.get(DOCS, page('text/html; charset=utf-8', PAGE));
  http.get(`${DOCS}/swagger-ui-init.js`, page('application/javascript; charset=utf-8', INIT));
  const assets = swaggerUiAssetsFolder();
  for (const [name, contentType] of Object.entries(ASSETS)) {
    let content: Buffer | undefined;
    http.get(`${DOCS}/${name}`, (_request: unknown, reply: Reply) =>
      reply.type(contentType).send((content ??= readFileSync(join(assets, name)))),
    );
  }
}

/** swagger-ui-dist as @nestjs/swagger resolves it, since it is that package's dependency, not ours. */
function swaggerUiAssetsFolder(): string {
  const swagger = require.resolve('@nestjs/swagger');
  return dirname(require.resolve('swagger-ui-dist/package.json', { paths: [swagger] }));
}
