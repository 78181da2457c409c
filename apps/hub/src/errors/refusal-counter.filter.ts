/**
 * The global filter, counting what it refuses: every 4xx answer of a route without a refusal log of
 * its own adds one to `xiaonao_refusals_total{door,code}` (door: `http <METHOD> <route>`), so a flood
 * of junk at any route shows on the dashboard. The intake doors write intake_refusal instead.
 */
import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { Request } from 'express';
import type { MetricsService } from '../ops/metrics.service';
import { routeLabel } from '../ops/route-label';
import { answerBody, DomainErrorFilter } from './domain-error.filter';

@Catch()
export class RefusalCountingFilter extends DomainErrorFilter {
  constructor(private readonly metrics: MetricsService) {
    super();
  }

  override catch(error: unknown, host: ArgumentsHost): void {
    const body = answerBody(error);
    if (body.statusCode >= 400 && body.statusCode < 500) {
      const req = host.switchToHttp().getRequest<Request>();
      this.metrics.refusals.inc({ door: `http ${req.method} ${routeLabel(req)}`, code: body.code });
    }
    super.catch(error, host);
  }
}
