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
    const [database, bus] = await Promise.all([this.db.isUp(), this.bus.isUp()]);
    const body: HealthResponse = { status: database && bus ? 'ok' : 'degraded', database: database ? 'up' : 'down', bus: bus ? 'up' : 'down', busKind: this.bus.kind };
    if (body.status !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
