/**
 * Video patrol's parts (视频巡查), joined to AppModule's own lists like the gazetteer's: its endpoints
 * use the operator session and the signed-integration guards, whose services live in AppModule.
 */
import { CameraAlertJetStream } from './camera-alert-jetstream';
import { CameraAlertMessage } from './camera-alert-message';
import { CameraIncidents } from './camera-incidents';
import { CameraIntakeController } from './camera-intake.controller';
import { CameraPolicies } from './camera-policies';
import { CameraRegistry } from './camera-registry';
import { CamerasController } from './cameras.controller';
import { DismissCameraCase } from './dismiss-camera-case.use-case';
import { RaiseFromCamera } from './raise-from-camera.use-case';
import { ReceiveCameraAlert } from './receive-alert.use-case';
import { StormCounter } from './storm-counter';
import { StormStore } from './storm-store';

export const CamerasFeature = {
  controllers: [CamerasController, CameraIntakeController],
  providers: [CameraRegistry, CameraPolicies, StormStore, CameraIncidents, StormCounter, ReceiveCameraAlert, RaiseFromCamera, DismissCameraCase, CameraAlertMessage, CameraAlertJetStream],
} as const;
