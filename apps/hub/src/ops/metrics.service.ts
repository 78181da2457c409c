/** Prometheus metrics (prom-client), one registry per hub so tests can run several hubs in a process. */
import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../persistence/database';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly incidentsReceived = new Counter({ name: 'xiaonao_incidents_received_total', help: 'Incidents created, by source', labelNames: ['source'], registers: [this.registry] });
  readonly offers = new Counter({ name: 'xiaonao_offers_total', help: 'Offers made to workers', registers: [this.registry] });
  readonly offersLapsed = new Counter({ name: 'xiaonao_offers_lapsed_total', help: 'Offers that lapsed unanswered', registers: [this.registry] });
  readonly steps = new Counter({ name: 'xiaonao_worker_steps_total', help: 'Worker steps taken, by step', labelNames: ['step'], registers: [this.registry] });
  readonly timerLateness = new Histogram({
    name: 'xiaonao_timer_lateness_seconds',
    help: 'How late a 1-3-8 deadline timer fired after it fell due',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60],
    registers: [this.registry],
  });
  readonly clockAlarms = new Counter({ name: 'xiaonao_clock_alarms_total', help: '1-3-8 clock alarms, by stage and status', labelNames: ['stage', 'status'], registers: [this.registry] });
  readonly positions = new Counter({ name: 'xiaonao_positions_total', help: 'Position fixes accepted', registers: [this.registry] });
  readonly positionsRefused = new Counter({ name: 'xiaonao_positions_refused_total', help: 'Position fixes refused (outside the township, unknown worker)', registers: [this.registry] });
  readonly sockets = new Gauge({ name: 'xiaonao_socket_connections', help: 'Connected sockets', registers: [this.registry] });
  readonly httpDuration = new Histogram({
    name: 'xiaonao_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(@Inject(Database) db: Database) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'xiaonao_db_statements',
      help: 'SQL statements sent since start',
      registers: [this.registry],
      collect() {
        this.set(db.statements);
      },
    });
  }
}
