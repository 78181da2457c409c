/**
 * Personal data shown only to who needs it (docs/personal-data.md): revealing a caller's number, the
 * access log, worker tracks. Joined to AppModule's lists like the other features (the session guard's
 * AuthService lives there).
 */
import { AccessLogController } from './access-log.controller';
import { CallerPhoneController } from './caller-phone.controller';
import { HolderPhones } from './holder-phones';
import { PersonalDataAccessLog } from './personal-data-access-log';
import { RevealCallerPhone } from './reveal-caller-phone.use-case';
import { TrackController } from './track.controller';
import { WorkerTrack } from './worker-track';

export const PrivacyFeature = {
  controllers: [CallerPhoneController, AccessLogController, TrackController],
  providers: [PersonalDataAccessLog, RevealCallerPhone, HolderPhones, WorkerTrack],
} as const;
