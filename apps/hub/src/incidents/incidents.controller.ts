import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { CallAttemptRequest, CloseRequest, DeclineRequest, IncidentDetailView, IncidentView, SessionUser, StepRequest } from '@xiaonao/contracts';
import { DomainError, MAX_CALL_SECONDS, type WorkerStep } from '@xiaonao/domain';
import { CurrentUser, Roles } from '../auth/guards';
import { PositionFixDto } from '../workers/workers.controller';
import { AddAssistant } from './command/add-assistant.use-case';
import { AssignWorker } from './command/assign-worker.use-case';
import { ConfirmDispatch } from './command/confirm-dispatch.use-case';
import { IncidentQueries } from './incident-queries';
import { RecordCallAttempt } from './respond/call-attempt.use-case';
import { TakeWorkerStep } from './respond/worker-step.use-case';

class StepDto implements StepRequest {
  @ApiPropertyOptional({ type: PositionFixDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PositionFixDto)
  position?: PositionFixDto;
}

class DeclineDto extends StepDto implements DeclineRequest {
  @ApiProperty({ example: '正在处置另一起事件' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason!: string;
}

class CloseDto extends StepDto implements CloseRequest {
  @ApiProperty({ example: '双方已调解，矛盾化解' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  result!: string;
}

class AssignDto {
  @ApiProperty({ description: '指派给哪位网格员 / the worker to assign' })
  @IsUUID()
  workerId!: string;

  @ApiPropertyOptional({ example: '该网格员熟悉当事人' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

class CallAttemptDto implements CallAttemptRequest {
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

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('INVALID_INPUT', 'id：不是有效的事件编号', 'id: not a case id', 'id') });

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
  ) {}

  /** Open cases and those closed in the last 24 h that the caller may see. */
  @Get()
  @Roles()
  list(@CurrentUser() user: SessionUser): Promise<IncidentView[]> {
    return this.queries.list(user);
  }

  /** One case with its timeline. */
  @Get(':id')
  @Roles()
  detail(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string): Promise<IncidentDetailView> {
    return this.queries.detail(user, id);
  }

  /** An operator lets a case that waits for confirmation be dispatched. */
  @Post(':id/confirm-dispatch')
  @HttpCode(200)
  @Roles('operator')
  confirm(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string): Promise<IncidentView> {
    return this.confirmDispatch.run(user, id);
  }

  /** An operator assigns the case by hand, or reassigns a case in hand to another worker. */
  @Post(':id/assign')
  @HttpCode(200)
  @Roles('operator')
  assign(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string, @Body() body: AssignDto): Promise<IncidentView> {
    return this.assignWorker.run({ user, incidentId: id, workerId: body.workerId, reason: body.reason });
  }

  /** An operator adds a second worker to help with the case. */
  @Post(':id/assist')
  @HttpCode(200)
  @Roles('operator')
  assist(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string, @Body() body: AssignDto): Promise<IncidentView> {
    return this.addAssistant.run(user, id, body.workerId);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('worker')
  accept(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string, @Body() body: StepDto): Promise<IncidentView> {
    return this.step(user, id, 'accept', body);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles('worker')
  decline(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string, @Body() body: DeclineDto): Promise<IncidentView> {
    return this.step(user, id, 'decline', body, { reason: body.reason });
  }

  @Post(':id/contact')
  @HttpCode(200)
  @Roles('worker')
  contact(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string, @Body() body: StepDto): Promise<IncidentView> {
    return this.step(user, id, 'contact', body);
  }

  @Post(':id/arrive')
  @HttpCode(200)
  @Roles('worker')
  arrive(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string, @Body() body: StepDto): Promise<IncidentView> {
    return this.step(user, id, 'arrive', body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('worker')
  close(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string, @Body() body: CloseDto): Promise<IncidentView> {
    return this.step(user, id, 'close', body, { result: body.result });
  }

  /** The holder's call to the party from the phone, answered or not: evidence of contact, or of 联系不上. */
  @Post(':id/call-attempts')
  @Roles('worker')
  callAttempt(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string, @Body() body: CallAttemptDto): Promise<IncidentView> {
    return this.callAttempts.run({ user, incidentId: id, ...body });
  }

  private step(user: SessionUser, incidentId: string, step: WorkerStep, body: StepDto, extra: { reason?: string; result?: string } = {}): Promise<IncidentView> {
    return this.steps.run({ user, incidentId, step, position: body.position, ...extra });
  }
}
