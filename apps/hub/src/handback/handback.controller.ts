/**
 * Hand-backs: 退回公安 (worker on site or operator), 移交12345 (operator), and the station's side:
 * 「退回我所」 and 签收. The controller translates and delegates; the use cases judge and write.
 */
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, type IncidentView, type SessionUser } from '@xiaonao/contracts';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/guards';
import { caseIdPipe } from '../errors/case-id.pipe';
import { parseStepKey } from '../field/step-receipts';
import { AcknowledgeReturn } from './acknowledge.use-case';
import { HandBack } from './hand-back.use-case';
import { HandOver12345Dto, ReturnToPoliceDto } from './handback.dto';
import { StationReturns } from './station-returns';

@ApiTags('handback')
@Controller('api')
export class HandbackController {
  constructor(
    @Inject(HandBack) private readonly handBack: HandBack,
    @Inject(AcknowledgeReturn) private readonly acknowledgeReturn: AcknowledgeReturn,
    @Inject(StationReturns) private readonly returns: StationReturns,
  ) {}

  /** 退回公安: the case closes as 已退回公安 and appears at once in its station's 「退回我所」. */
  @Post('incidents/:id/return-to-police')
  @HttpCode(200)
  @Roles('worker', 'operator')
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: '网格员每次点按一个键；重发得到首次的回答 / one key per tap; a resend gets the first answer' })
  async returnToPolice(
    @CurrentUser() user: SessionUser,
    @Param('id', caseIdPipe) id: string,
    @Body() body: ReturnToPoliceDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncidentView> {
    const answer = await this.handBack.run({ user, incidentId: id, target: 'police', reasonCategory: body.reasonCategory, reason: body.reason, notes: body.notes, key: parseStepKey(key) });
    if (answer.replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return answer.incident;
  }

  /** 移交12345: a government department's matter; the case closes as 已移交12345. */
  @Post('incidents/:id/hand-over-12345')
  @HttpCode(200)
  @Roles('operator')
  async handOver12345(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: HandOver12345Dto): Promise<IncidentView> {
    return (await this.handBack.run({ user, incidentId: id, target: '12345', reasonCategory: body.reasonCategory, reason: body.reason, notes: body.notes })).incident;
  }

  /** 签收: the station a case was returned to signs for it (again: the same answer). */
  @Post('incidents/:id/acknowledge')
  @HttpCode(200)
  @Roles('station')
  acknowledge(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string): Promise<IncidentView> {
    return this.acknowledgeReturn.run(user, id);
  }

  /** 「退回我所」: cases returned to the caller's station, newest return first (signed ones for 30 days). */
  @Get('station/returned')
  @Roles('station')
  stationReturned(@CurrentUser() user: SessionUser): Promise<IncidentView[]> {
    return this.returns.list(user);
  }
}
