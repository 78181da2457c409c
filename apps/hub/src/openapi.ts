import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API, API_KEY_HEADER } from '@xiaonao/contracts';

/** OpenAPI for the HTTP API: JSON at /api/openapi.json, a browsable page at /api/docs. */
export function mountOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('小脑 Xiaonao — 镇街指挥室派单中枢 API')
    .setDescription('非警务警情接收、就近派单、1-3-8 计时（1 分钟接单、3 分钟联系、8 分钟到场）。Socket.io 事件见仓库 docs/socket-events.md。')
    .setVersion('0.1.0')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(API.docs, app, document, { jsonDocumentUrl: API.openapi });
  return document;
}
