import { Body, Controller, Get, HttpCode, Inject, Param, ParseEnumPipe, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CAMERA_ALERT_TYPES,
  type CameraAlertAnswer,
  type CameraAlertType,
  type CameraAlertView,
  type CameraIncidentView,
  type CameraTypePolicyView,
  type CameraView,
  type IncidentView,
  type SessionUser,
} from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { CurrentUser, Roles } from '../auth/guards';
import { Database } from '../persistence/database';
import { CameraIncidents } from './camera-incidents';
import { CameraPolicies } from './camera-policies';
import { CameraRegistry } from './camera-registry';
import { CAMERA_CODE_PATTERN, CameraDismissDto, CameraDto, CameraRaiseDto, CameraTypePolicyDto } from './camera.dto';
import { DismissCameraCase } from './dismiss-camera-case.use-case';
import { RaiseFromCamera } from './raise-from-camera.use-case';
import { StormStore } from './storm-store';

const RECENT_ALERTS = 50;

const uuid = (field: string) => new ParseUUIDPipe({ exceptionFactory: () => new DomainError('INVALID_INPUT', `${field}：编号无效`, `${field}: not an id`, field) });

const alertTypePipe = () =>
  new ParseEnumPipe(Object.fromEntries(CAMERA_ALERT_TYPES.map((t) => [t, t])), {
    exceptionFactory: () => new DomainError('INVALID_INPUT', 'type：未知的告警类型', 'type: unknown alert type', 'type'),
  });

function cameraCode(code: string): string {
  if (!CAMERA_CODE_PATTERN.test(code)) throw new DomainError('INVALID_INPUT', 'code：摄像头编码只能包含字母、数字、- 和 _（最长 40 位）', 'code: letters, digits, - and _ only, at most 40', 'code');
  return code;
}

/** The camera registry (摄像头台账), per-type policy, and what operators do with camera cases. */
@ApiTags('cameras')
@Controller('api/cameras')
export class CamerasController {
  constructor(
    @Inject(CameraRegistry) private readonly registry: CameraRegistry,
    @Inject(CameraPolicies) private readonly policies: CameraPolicies,
    @Inject(CameraIncidents) private readonly facts: CameraIncidents,
    @Inject(StormStore) private readonly alerts: StormStore,
    @Inject(Database) private readonly db: Database,
    @Inject(DismissCameraCase) private readonly dismissal: DismissCameraCase,
    @Inject(RaiseFromCamera) private readonly raising: RaiseFromCamera,
  ) {}

  /** The township's cameras, with their dismissals and whether they are noisy (误报较多). */
  @Get()
  @Roles('operator')
  list(@CurrentUser() user: SessionUser): Promise<CameraView[]> {
    return this.registry.list(user.townshipId);
  }

  @Get('policies')
  @Roles('operator')
  listPolicies(@CurrentUser() user: SessionUser): Promise<CameraTypePolicyView[]> {
    return this.policies.list(user.townshipId);
  }

  /** One type's threshold, auto or confirm, and storm window. */
  @Put('policies/:type')
  @Roles('operator')
  setPolicy(@CurrentUser() user: SessionUser, @Param('type', alertTypePipe()) type: CameraAlertType, @Body() body: CameraTypePolicyDto): Promise<CameraTypePolicyView> {
    return this.policies.set(user.townshipId, type, body);
  }

  /** Alert counts and source cameras of the cases the console shows. */
  @Get('incidents')
  @Roles('operator')
  incidents(@CurrentUser() user: SessionUser): Promise<CameraIncidentView[]> {
    return this.facts.forTownship(user.townshipId);
  }

  /** 驳回: close a camera case awaiting confirmation as a false alarm; it counts against its cameras. */
  @Post('incidents/:incidentId/dismiss')
  @HttpCode(200)
  @Roles('operator')
  @ApiOkResponse({ description: '事件以「驳回（误报）」办结 / the case, closed as a false alarm' })
  dismiss(@CurrentUser() user: SessionUser, @Param('incidentId', uuid('incidentId')) incidentId: string, @Body() body: CameraDismissDto): Promise<IncidentView> {
    return this.dismissal.run(user, incidentId, body.reason);
  }

  /** Registers the camera with this code, or changes it (position, owner, enabled). */
  @Put(':code')
  @Roles('operator')
  put(@CurrentUser() user: SessionUser, @Param('code') code: string, @Body() body: CameraDto): Promise<CameraView> {
    return this.registry.put(user.townshipId, cameraCode(code), body);
  }

  /** The camera's latest alerts, newest first. */
  @Get(':id/alerts')
  @Roles('operator')
  async recentAlerts(@CurrentUser() user: SessionUser, @Param('id', uuid('id')) id: string): Promise<CameraAlertView[]> {
    await this.registry.byId(user.townshipId, id);
    return this.alerts.recent(this.db, user.townshipId, id, RECENT_ALERTS);
  }

  /** 视频巡查: an operator watching the feed raises a case from the camera. */
  @Post(':id/raise')
  @Roles('operator')
  @ApiCreatedResponse({ description: '立案（或计入该摄像头同类在办事件）/ a case opened, or the open one counted' })
  raise(@CurrentUser() user: SessionUser, @Param('id', uuid('id')) id: string, @Body() body: CameraRaiseDto): Promise<CameraAlertAnswer> {
    return this.raising.run(user, id, body);
  }
}
