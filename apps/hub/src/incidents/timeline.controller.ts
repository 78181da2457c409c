import { Controller, Get, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TIMELINE_EXPORT_FORMATS, type SessionUser, type TimelineExportFormat } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { caseIdPipe } from '../errors/case-id.pipe';
import { Database } from '../persistence/database';
import { Requester, type AccessRequester } from '../privacy/access-request';
import { PersonalDataAccessLog } from '../privacy/personal-data-access-log';
import { TimelineAudit, type CaseTimelineCheck, type TownshipTimelineCheck } from './timeline-audit';
import type { TimelineDownload } from './timeline-export';

class ExportQueryDto {
  @ApiPropertyOptional({ enum: TIMELINE_EXPORT_FORMATS, default: 'json', description: 'json：完整记录；csv：表格（北京时间）/ json: complete; csv: a spreadsheet (Beijing time)' })
  @IsOptional()
  @IsIn(TIMELINE_EXPORT_FORMATS)
  format?: TimelineExportFormat;
}


/** RFC 6266: a plain ASCII name for old clients and the UTF-8 (Chinese) name for the rest. */
const download = (file: TimelineDownload) =>
  new StreamableFile(Buffer.from(file.body, 'utf8'), {
    type: file.contentType,
    disposition: `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filenameUtf8)}`,
  });

/** Whether a case's timeline is intact (hash chain, and the events rebuild the case), and its export. */
@ApiTags('timeline')
@Controller('api')
export class TimelineController {
  constructor(
    @Inject(TimelineAudit) private readonly audit: TimelineAudit,
    @Inject(PersonalDataAccessLog) private readonly accessLog: PersonalDataAccessLog,
    @Inject(Database) private readonly db: Database,
  ) {}

  /** Checks one case's chain and replays its events against the case as stored. */
  @Get('incidents/:id/timeline/verify')
  @Roles('operator', 'leader', 'station')
  verifyCase(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string): Promise<CaseTimelineCheck> {
    return this.audit.verifyCase(user, id);
  }

  /** Checks every case of the township; lists the ones that fail. */
  @Get('township/timeline/verify')
  @Roles('operator', 'leader')
  verifyTownship(@CurrentUser() user: SessionUser): Promise<TownshipTimelineCheck> {
    return this.audit.verifyTownship(user);
  }

  /** Every event of the case with its hashes and the check, as a JSON or CSV download; each export is in the personal-data access log. */
  @Get('incidents/:id/timeline/export')
  @Roles('operator', 'leader', 'station')
  @ApiOkResponse({ description: '附件下载 / an attachment (Content-Disposition)' })
  async export(@Requester() requester: AccessRequester, @Param('id', caseIdPipe) id: string, @Query() query: ExportQueryDto): Promise<StreamableFile> {
    const format = query.format ?? 'json';
    const file = await this.audit.export(requester.user, id, format);
    await this.accessLog.record(this.db, { requester, action: 'export_timeline', subject: { kind: 'incident', id }, reason: null, detail: { format, filename: file.filenameUtf8 } });
    return download(file);
  }
}
