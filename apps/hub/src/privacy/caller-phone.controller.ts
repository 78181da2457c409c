import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { RevealCallerPhoneAnswer } from '@xiaonao/contracts';
import { Roles } from '../auth/guards';
import { caseIdPipe } from '../errors/case-id.pipe';
import { Requester, type AccessRequester } from './access-request';
import { RevealCallerPhoneDto } from './privacy.dto';
import { RevealCallerPhone } from './reveal-caller-phone.use-case';

/** 查看完整号码: an operator of the case's township, with a reason; each reveal is logged. */
@ApiTags('personal data')
@Controller('api/incidents')
export class CallerPhoneController {
  constructor(@Inject(RevealCallerPhone) private readonly reveal: RevealCallerPhone) {}

  @Post(':id/caller-phone/reveal')
  @HttpCode(200)
  @Roles('operator')
  run(@Requester() requester: AccessRequester, @Param('id', caseIdPipe) id: string, @Body() body: RevealCallerPhoneDto): Promise<RevealCallerPhoneAnswer> {
    return this.reveal.run({ requester, incidentId: id, reason: body.reason, reportId: body.reportId });
  }
}
