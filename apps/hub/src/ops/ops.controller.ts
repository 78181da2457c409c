import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@xiaonao/contracts';
import type { Response } from 'express';
import { EventBus } from '../bus/event-bus';
import { Database } from '../persistence/database';

/** Health on the public port (load balancers, the container's probe). Metrics are not here: see metrics-server.ts. */
@ApiTags('ops')
@Controller()
export class OpsController {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventBus) private readonly bus: EventBus,
  ) {}

  @Get('health')
  @ApiOkResponse({ description: '数据库与消息总线可达 / database and bus reachable (503 otherwise)' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const [database, bus] = await Promise.all([this.db.check(), this.bus.check()]);
    const why = [
      ...(database === null ? [] : [`数据库不可达 / PostgreSQL unreachable: ${database}`]),
      ...(bus === null ? [] : [`消息总线不可达 / NATS unreachable: ${bus}`]),
    ];
    const body: HealthResponse = { status: why.length ? 'degraded' : 'ok', database: database === null ? 'up' : 'down', bus: bus === null ? 'up' : 'down', busKind: this.bus.kind, why };
    if (body.status !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
