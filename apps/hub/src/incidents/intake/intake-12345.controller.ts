/** The 12345 door over HTTP: the 110 door's contract (signature, answers, refusal log) under its own path and kind of key. */
import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
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
import type { Intake12345Response } from '@xiaonao/contracts';
import type { Response } from 'express';
import { CurrentIntegration } from '../../auth/guards';
import type { Integration } from '../../auth/session';
import { SignedIntegration } from '../../auth/signed-integration.guard';
import { Intake12345Dto } from './intake-12345.dto';
import { Intake12345 } from './intake-12345.use-case';
import { Intake110ResponseDoc } from './intake-110.openapi';
import { RecordRefusals } from './intake-refusal.filter';
import { DOOR_12345 } from './signed-door';

@ApiTags('intake')
@Controller('api/intake')
export class Intake12345Controller {
  constructor(@Inject(Intake12345) private readonly intake: Intake12345) {}

  /** A 12345 work order transferred to the township, signed. Idempotent on `caseNo` (the 工单号). Contract: docs/intake-12345.md. */
  @Post('12345')
  @SignedIntegration(DOOR_12345.admission)
  @RecordRefusals(DOOR_12345.refusals.http)
  @ApiOperation({ summary: '12345 工单转派（签名）/ a signed 12345 work order', description: '与 110 入口同一契约（签名、签收、错误码），差异见仓库 docs/intake-12345.md。仅限 kind=12345 的 API 密钥。' })
  @ApiCreatedResponse({ type: Intake110ResponseDoc, description: '新建事件并签收 / incident created; `receipt` is the 签收' })
  @ApiOkResponse({ type: Intake110ResponseDoc, description: '该工单号已以相同内容接收，返回原事件（duplicate: true）/ already received with the same content' })
  @ApiBadRequestResponse({ description: '字段无效（INVALID_INPUT）或不是 JSON（INVALID_JSON），`field` 指明哪个字段 / a field is invalid; `field` names it; nothing stored' })
  @ApiForbiddenResponse({ description: 'API 密钥不是 12345 热线的（FORBIDDEN）/ the key is not a 12345 key' })
  @ApiConflictResponse({ description: '同一工单号内容不同，或该编号已由其他入口使用（DUPLICATE_CONFLICT）/ same number, other content' })
  @ApiUnprocessableEntityResponse({ description: '警务事项，退回（POLICE_MATTER）/ a police matter, refused back' })
  @ApiPayloadTooLargeResponse({ description: '请求体超过 256 KB（PAYLOAD_TOO_LARGE）/ body over 256 KB' })
  async receive(@CurrentIntegration() from: Integration, @Body() body: Intake12345Dto, @Res({ passthrough: true }) res: Response): Promise<Intake12345Response> {
    const answer = await this.intake.run(from, body);
    res.status(answer.duplicate ? 200 : 201);
    return answer;
  }
}
