import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('thads — Thi hành án dân sự')
      .setDescription(
        'Event-sourced case management for civil judgment enforcement agencies. ' +
          'Hệ thống quản lý việc thi hành án dân sự: mọi bước của một việc là một sự kiện không thể sửa.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
