import { Body, Controller, Get, Inject, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Intake110Response, IntakeRefusalView, SessionUser } from '@xiaonao/contracts';
import type { Response } from 'express';
import { CurrentIntegration, CurrentUser, Roles } from '../../auth/guards';
import type { Integration } from '../../auth/session';
import { SignedIntegration } from '../../auth/signed-integration.guard';
import { Database } from '../../persistence/database';
import { Intake110Dto } from './intake-110.dto';
import { Intake110 } from './intake-110.use-case';
import { Intake110ResponseDoc } from './intake-110.openapi';
import { RecordRefusals } from './intake-refusal.filter';
import { IntakeRefusals } from './intake-refusals';
import { DOOR_110 } from './signed-door';

@ApiTags('intake')
@Controller('api/intake')
export class IntakeController {
  constructor(
    @Inject(Intake110) private readonly intake: Intake110,
    @Inject(IntakeRefusals) private readonly refusals: IntakeRefusals,
  ) {}

  /** A non-police case transferred by 110, signed. Idempotent on `caseNo`. Contract: docs/intake-110.md. */
  @Post('110')
  @SignedIntegration(DOOR_110.admission)
  @RecordRefusals(DOOR_110.refusals.http)
  @ApiOperation({ summary: '110 非警务警情转派（签名）/ a signed 110 transfer', description: '字段、坐标系、签名与错误码见仓库 docs/intake-110.md。同一内容的 JetStream 入口见同一文档。' })
  @ApiCreatedResponse({ type: Intake110ResponseDoc, description: '新建事件并签收 / incident created; `receipt` is the 签收' })
  @ApiOkResponse({ type: Intake110ResponseDoc, description: '该警情编号已以相同内容接收，返回原事件（duplicate: true）/ already received with the same content' })
  @ApiBadRequestResponse({ description: '字段无效（INVALID_INPUT）或不是 JSON（INVALID_JSON），`field` 指明哪个字段；不保存任何数据 / a field is invalid; `field` names it; nothing stored' })
  @ApiForbiddenResponse({ description: 'API 密钥不是 110 联动平台的（FORBIDDEN），如 12345 热线的密钥 / the key is not a 110 key' })
  @ApiConflictResponse({ description: '同一警情编号内容不同（DUPLICATE_CONFLICT），`field` 与消息指明不同的字段 / same case number, other content' })
  @ApiUnprocessableEntityResponse({ description: '警务事项，退回 110（POLICE_MATTER）/ a police matter, refused back to 110' })
  @ApiPayloadTooLargeResponse({ description: '请求体超过 256 KB（PAYLOAD_TOO_LARGE）/ body over 256 KB' })
  async receive(@CurrentIntegration() from: Integration, @Body() body: Intake110Dto, @Res({ passthrough: true }) res: Response): Promise<Intake110Response> {
    const answer = await Database.step('intake', () => this.intake.run(from, body));
    res.status(answer.duplicate ? 200 : 201);
    return answer;
  }

  /** What the signed doors (110, 12345) refused lately, for the command room: a bridge with a wrong clock or secret shows here. */
  @Get('refusals')
  @Roles('operator')
  @ApiOkResponse({ description: '最近被拒收的 110 请求（最多 200 条）/ recently refused 110 requests' })
  refused(@CurrentUser() user: SessionUser): Promise<IntakeRefusalView[]> {
    return this.refusals.recent(user.townshipId);
  }
}
