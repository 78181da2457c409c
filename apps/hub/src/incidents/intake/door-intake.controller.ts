import { Body, Controller, Headers, HttpCode, Inject, Post, Res, UploadedFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, type PatrolReportAnswer, type ReportAnswer, type SessionUser } from '@xiaonao/contracts';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../../auth/guards';
import { parseStepKey } from '../../field/step-receipts';
import { RecordRefusals } from './intake-refusal.filter';
import { OperatorEntryDto } from './operator-entry.dto';
import { OperatorEntry } from './operator-entry.use-case';
import { PatrolReportDto } from './patrol-report.dto';
import { PatrolReport } from './patrol-report.use-case';
import type { UploadedPhoto } from './report-photo';
import { PatrolReportBody } from './report-upload';

/** The operator's and the patrol worker's doors; both answer with the report and the incident it made or joined. */
@ApiTags('intake')
@Controller('api')
export class DoorIntakeController {
  constructor(
    @Inject(OperatorEntry) private readonly operatorEntry: OperatorEntry,
    @Inject(PatrolReport) private readonly patrolReport: PatrolReport,
  ) {}

  /** A case an operator enters from a call or a visit (登记事件). */
  @Post('incidents')
  @HttpCode(201)
  @Roles('operator')
  @RecordRefusals('operator-http')
  @ApiCreatedResponse({ description: '新建事件，或关联到同一事件的在办事件（linked: true）/ a new case, or linked to an open incident of the same event' })
  @ApiBadRequestResponse({ description: '字段无效，`field` 指明哪个字段；未写入任何数据 / a field is invalid; nothing is stored' })
  @ApiUnprocessableEntityResponse({ description: '地址无法定位（field: address），或属于警务事项 / the address cannot be placed, or a police matter' })
  enter(@CurrentUser() user: SessionUser, @Body() body: OperatorEntryDto): Promise<ReportAnswer> {
    return this.operatorEntry.run(user, body);
  }

  /** What a worker found on patrol (上报), from the phone: category, description, position, optional photo. */
  @Post('workers/me/reports')
  @HttpCode(201)
  @Roles('worker')
  @RecordRefusals('patrol-http')
  @PatrolReportBody()
  @ApiCreatedResponse({ description: '新建事件或关联到在办事件；taken: 上报人已直接接单 / a new or linked case; taken: the reporter holds it' })
  @ApiPayloadTooLargeResponse({ description: '照片超过 2 MB（field: photo）/ the photo is over 2 MB' })
  async report(
    @CurrentUser() user: SessionUser,
    @Body() body: PatrolReportDto,
    @UploadedFile() photo: UploadedPhoto | undefined,
    @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatrolReportAnswer> {
    const { answer, replayed } = await this.patrolReport.run(user, body, photo, parseStepKey(key));
    if (replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return answer;
  }
}
