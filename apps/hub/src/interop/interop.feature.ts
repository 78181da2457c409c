/**
 * Standards exports (#11), joined to AppModule's lists like the other features: EIDO and CAP over
 * HTTP, and the EIDO websocket (STA-024 style) on the hub's own HTTP server.
 */
import { CapExport } from './cap-export';
import { EidoExport } from './eido-export';
import { EidoSocket } from './eido-socket';
import { InteropController } from './interop.controller';

export const InteropFeature = {
  controllers: [InteropController],
  providers: [EidoExport, CapExport, EidoSocket],
} as const;
