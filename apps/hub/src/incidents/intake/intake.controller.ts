import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Intake110Response } from '@xiaonao/contracts';
import type { Response } from 'express';
import { ApiKeyAuth, CurrentIntegration } from '../../auth/guards';
import type { Integration } from '../../auth/session';
import { Intake110Dto } from './intake-110.dto';
import { Intake110 } from './intake-110.use-case';

@ApiTags('intake')
@Controller('api/intake')
export class IntakeController {
  constructor(@Inject(Intake110) private readonly intake: Intake110) {}

  /** A non-police case transferred by 110. Idempotent on `caseNo`. */
  @Post('110')
  @ApiKeyAuth()
  @ApiCreatedResponse({ description: '新建事件 / incident created' })
  @ApiOkResponse({ description: '该警情编号已接收，返回原事件 (duplicate: true) / already received' })
  @ApiBadRequestResponse({ description: '字段无效，`field` 指明哪个字段 / a field is invalid; `field` names it; nothing is stored' })
  async receive(@CurrentIntegration() from: Integration, @Body() body: Intake110Dto, @Res({ passthrough: true }) res: Response): Promise<Intake110Response> {
    const answer = await this.intake.run(from, body);
    res.status(answer.duplicate ? 200 : 201);
    return answer;
  }
}
