import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { CameraAlertAnswer } from '@xiaonao/contracts';
import type { Response } from 'express';
import { CurrentIntegration } from '../auth/guards';
import type { Integration } from '../auth/session';
import { SignedIntegration } from '../auth/signed-integration.guard';
import { RecordRefusals } from '../incidents/intake/intake-refusal.filter';
import { CameraAlertDto } from './camera.dto';
import { ReceiveCameraAlert } from './receive-alert.use-case';

/** The video platform's door (视频巡查告警), signed like the 110 door. */
@ApiTags('intake')
@Controller('api/intake')
export class CameraIntakeController {
  constructor(@Inject(ReceiveCameraAlert) private readonly receive: ReceiveCameraAlert) {}

  @Post('camera-alerts')
  @SignedIntegration()
  @RecordRefusals('camera-http')
  @ApiOperation({ summary: '视频告警（签名）/ a signed camera alert', description: '签名方式同 110 接口（docs/intake-110.md）。同一摄像头的同一 alertId 重复发送返回首次结果。' })
  @ApiCreatedResponse({ description: '已记录：立案、关联、合并计数或低于阈值 / recorded: opened, linked, merged or below threshold' })
  @ApiOkResponse({ description: '该告警已接收（duplicate: true）/ already received' })
  @ApiBadRequestResponse({ description: '字段无效或摄像头未登记，`field` 指明字段；不保存任何数据 / a field is invalid or the camera unknown; nothing stored' })
  @ApiForbiddenResponse({ description: '摄像头已停用（field: cameraCode）/ the camera is disabled' })
  @ApiUnprocessableEntityResponse({ description: '该类型在本街道属于警务事项（field: type）/ a police matter here' })
  async alert(@CurrentIntegration() from: Integration, @Body() body: CameraAlertDto, @Res({ passthrough: true }) res: Response): Promise<CameraAlertAnswer> {
    const { answer, created } = await this.receive.run(from.townshipId, body);
    res.status(created ? 201 : 200);
    return answer;
  }
}
