/**
 * 回访 routes: the operators' worklist, recording a call (operators; the grid leader where allowed),
 * resolving a 督办 and 销号 by decision. The controller translates and delegates.
 */
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FollowUpWorklist, IncidentView, SessionUser } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { caseIdPipe } from '../errors/case-id.pipe';
import { RecordFollowUpDto, ResolveSupervisionDto, SignOffDto } from './followup.dto';
import { FollowUpWorklistQuery } from './followup-worklist';
import { RecordFollowUp } from './record-followup.use-case';
import { ResolveSupervision } from './resolve-supervision.use-case';
import { SignOff } from './sign-off.use-case';

@ApiTags('followup')
@Controller('api')
export class FollowUpController {
  constructor(
    @Inject(FollowUpWorklistQuery) private readonly worklist: FollowUpWorklistQuery,
    @Inject(RecordFollowUp) private readonly recordFollowUp: RecordFollowUp,
    @Inject(ResolveSupervision) private readonly resolveSupervision: ResolveSupervision,
    @Inject(SignOff) private readonly signOff: SignOff,
  ) {}

  /** 回访工作台: due, overdue, under 督办, and resolved cases waiting for a 销号 decision. */
  @Get('followups')
  @Roles('operator')
  list(@CurrentUser() user: SessionUser): Promise<FollowUpWorklist> {
    return this.worklist.of(user);
  }

  /** 记录回访 and, in the same request, what follows (销号, 重新派办, 转督办, or another attempt later). */
  @Post('incidents/:id/follow-up')
  @HttpCode(200)
  @Roles('operator', 'worker')
  record(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: RecordFollowUpDto): Promise<IncidentView> {
    return this.recordFollowUp.run({ user, incidentId: id, call: body });
  }

  /** 督办办结. */
  @Post('incidents/:id/supervision/resolve')
  @HttpCode(200)
  @Roles('operator')
  resolve(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: ResolveSupervisionDto): Promise<IncidentView> {
    return this.resolveSupervision.run(user, id, body.notes);
  }

  /** 销号 by an operator's recorded decision. */
  @Post('incidents/:id/sign-off')
  @HttpCode(200)
  @Roles('operator')
  sign(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: SignOffDto): Promise<IncidentView> {
    return this.signOff.run(user, id, body.reason);
  }
}
