import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, type CallAttemptRequest, type CloseRequest, type DeclineRequest, type IncidentDetailView, type IncidentView, type SessionUser, type StepRequest } from '@xiaonao/contracts';
import type { Response } from 'express';
import { MAX_CALL_SECONDS, type WorkerStep } from '@xiaonao/domain';
import { CurrentUser, Roles } from '../auth/guards';
import { caseIdPipe } from '../errors/case-id.pipe';
import { CleanText } from '../errors/clean-text';
import { parseStepKey } from '../field/step-receipts';
import { HolderPhones } from '../privacy/holder-phones';
import { PositionFixDto } from '../workers/workers.controller';
import { AddAssistant } from './command/add-assistant.use-case';
import { AssignWorker } from './command/assign-worker.use-case';
import { ConfirmDispatch } from './command/confirm-dispatch.use-case';
import { IncidentQueries } from './incident-queries';
import { RecordCallAttempt } from './respond/call-attempt.use-case';
import { TakeWorkerStep, type StepAnswer } from './respond/worker-step.use-case';

class StepDto implements StepRequest {
  @ApiPropertyOptional({ type: PositionFixDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PositionFixDto)
  position?: PositionFixDto;

  @ApiPropertyOptional({ example: '2026-11-21T10:03:12+08:00', description: '点按时间（手机按中枢时钟推算）；离线排队的操作据此计时，限度见 docs/field-steps.md / when the worker tapped' })
  @IsOptional()
  @IsISO8601({ strict: true })
  deviceAt?: string;
}

class DeclineDto extends StepDto implements DeclineRequest {
  @ApiProperty({ example: '正在处置另一起事件' })
  @CleanText({ max: 200 })
  reason!: string;
}

class CloseDto extends StepDto implements CloseRequest {
  @ApiProperty({ example: '双方已调解，矛盾化解' })
  @CleanText({ max: 2000, multiline: true })
  result!: string;
}

class AssignDto {
  @ApiProperty({ description: '指派给哪位网格员 / the worker to assign' })
  @IsUUID()
  workerId!: string;

  @ApiPropertyOptional({ example: '该网格员熟悉当事人' })
  @IsOptional()
  @CleanText({ max: 200 })
  reason?: string;
}

class CallAttemptDto implements CallAttemptRequest {
  @ApiPropertyOptional({ example: '2026-11-21T09:31:40+08:00', description: '点按时间 / when the worker tapped' })
  @IsOptional()
  @IsISO8601({ strict: true })
  deviceAt?: string;

  @ApiProperty({ description: '是否接通 / whether the party answered' })
  @IsBoolean()
  answered!: boolean;

  @ApiPropertyOptional({ description: '通话时长（秒），仅接通时 / call length in seconds, answered calls only', minimum: 0, maximum: MAX_CALL_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CALL_SECONDS)
  durationSeconds?: number;

  @ApiPropertyOptional({ example: '2026-11-21T09:31:00+08:00', description: '拨出时间；缺省为当前 / when the call was placed; now when absent' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedAt?: string;
}


/**
 * A resend answered from the first time says so in a header; the body is the first answer, with the
 * caller's full number when the worker holds the case now (answers are built and kept masked).
 */
async function answer(res: Response, pending: Promise<StepAnswer>, disclose: (incident: IncidentView) => Promise<IncidentView>): Promise<IncidentView> {
  const { incident, replayed } = await pending;
  if (replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return disclose(incident);
}

const stepKeyHeader = ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: '每次点按一个键（如 UUID）；重发得到首次的回答 / one key per tap; a resend gets the first answer' });

@ApiTags('incidents')
@Controller('api/incidents')
export class IncidentsController {
  constructor(
    @Inject(IncidentQueries) private readonly queries: IncidentQueries,
    @Inject(TakeWorkerStep) private readonly steps: TakeWorkerStep,
    @Inject(ConfirmDispatch) private readonly confirmDispatch: ConfirmDispatch,
    @Inject(AssignWorker) private readonly assignWorker: AssignWorker,
    @Inject(AddAssistant) private readonly addAssistant: AddAssistant,
    @Inject(RecordCallAttempt) private readonly callAttempts: RecordCallAttempt,
    @Inject(HolderPhones) private readonly holderPhones: HolderPhones,
  ) {}

  /** Open cases and those closed in the last 24 h that the caller may see. */
  @Get()
  @Roles('operator', 'worker', 'station', 'leader')
  list(@CurrentUser() user: SessionUser): Promise<IncidentView[]> {
    return this.queries.list(user);
  }

  /** One case with its timeline. */
  @Get(':id')
  @Roles('operator', 'worker', 'station', 'leader')
  detail(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string): Promise<IncidentDetailView> {
    return this.queries.detail(user, id);
  }

  /** An operator lets a case that waits for confirmation be dispatched. */
  @Post(':id/confirm-dispatch')
  @HttpCode(200)
  @Roles('operator')
  confirm(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string): Promise<IncidentView> {
    return this.confirmDispatch.run(user, id);
  }

  /** An operator assigns the case by hand, or reassigns a case in hand to another worker. */
  @Post(':id/assign')
  @HttpCode(200)
  @Roles('operator')
  assign(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: AssignDto): Promise<IncidentView> {
    return this.assignWorker.run({ user, incidentId: id, workerId: body.workerId, reason: body.reason });
  }

  /** An operator adds a second worker to help with the case. */
  @Post(':id/assist')
  @HttpCode(200)
  @Roles('operator')
  assist(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: AssignDto): Promise<IncidentView> {
    return this.addAssistant.run(user, id, body.workerId);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('worker')
  @stepKeyHeader
  accept(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: StepDto, @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: Response): Promise<IncidentView> {
    return this.step(res, { user, incidentId: id, step: 'accept', key }, body);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles('worker')
  @stepKeyHeader
  decline(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: DeclineDto, @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: Response): Promise<IncidentView> {
    return this.step(res, { user, incidentId: id, step: 'decline', key, reason: body.reason }, body);
  }

  @Post(':id/contact')
  @HttpCode(200)
  @Roles('worker')
  @stepKeyHeader
  contact(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: StepDto, @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: Response): Promise<IncidentView> {
    return this.step(res, { user, incidentId: id, step: 'contact', key }, body);
  }

  @Post(':id/arrive')
  @HttpCode(200)
  @Roles('worker')
  @stepKeyHeader
  arrive(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: StepDto, @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: Response): Promise<IncidentView> {
    return this.step(res, { user, incidentId: id, step: 'arrive', key }, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('worker')
  @stepKeyHeader
  close(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: CloseDto, @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: Response): Promise<IncidentView> {
    return this.step(res, { user, incidentId: id, step: 'close', key, result: body.result }, body);
  }

  /** The holder's call to the party from the phone, answered or not: evidence of contact, or of 联系不上. */
  @Post(':id/call-attempts')
  @Roles('worker')
  @stepKeyHeader
  callAttempt(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string, @Body() body: CallAttemptDto, @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: Response): Promise<IncidentView> {
    return answer(res, this.callAttempts.run({ user, incidentId: id, ...body, key: parseStepKey(key) }), (v) => this.holderPhones.forReader(user, v));
  }

  private step(res: Response, cmd: { user: SessionUser; incidentId: string; step: WorkerStep; key: string | undefined; reason?: string; result?: string }, body: StepDto): Promise<IncidentView> {
    return answer(res, this.steps.run({ ...cmd, key: parseStepKey(cmd.key), position: body.position, deviceAt: body.deviceAt }), (v) => this.holderPhones.forReader(cmd.user, v));
  }
}
