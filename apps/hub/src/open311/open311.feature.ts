/**
 * Open311 GeoReport v2's parts, joined to AppModule's own lists like the other features: the
 * endpoints make cases through IncidentCreator and read them through IncidentStore, which live there.
 */
import { FileOpen311Request } from './file-request.use-case';
import { Open311Controller } from './open311.controller';
import { Open311ErrorFilter } from './open311-error.filter';
import { Open311Jurisdiction } from './open311-jurisdiction';
import { Open311KeyGuard } from './open311-key.guard';
import { Open311Reads } from './open311-reads';

export const Open311Feature = {
  controllers: [Open311Controller],
  providers: [Open311KeyGuard, Open311ErrorFilter, Open311Jurisdiction, FileOpen311Request, Open311Reads],
} as const;
