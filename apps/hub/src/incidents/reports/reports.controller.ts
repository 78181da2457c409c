import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { COORD_SYSTEMS, type ConfirmPointRequest, type CoordSystem, type IncidentReportsView, type IncidentView, type SessionUser, type SplitReportAnswer } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { CurrentUser, Roles } from '../../auth/guards';
import { ConfirmPoint } from '../command/confirm-point.use-case';
import { SplitReport } from '../command/split-report.use-case';
import { PointDto } from '../intake/door-dtos';
import { ReportQueries } from './report-queries';

class ConfirmPointDto implements ConfirmPointRequest {
  @ApiPropertyOptional({ type: PointDto, description: '改到此处；缺省即确认建议位置 / move the case here; absent: the suggested point is right' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location?: PointDto;

  @ApiProperty({ enum: COORD_SYSTEMS, required: false, default: 'WGS84' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coordSystem?: CoordSystem;
}

const uuid = (field: string, zh: string) => new ParseUUIDPipe({ exceptionFactory: () => new DomainError('INVALID_INPUT', `${field}：${zh}`, `${field}: not an id`, field) });
const caseId = uuid('id', '不是有效的事件编号');
const reportId = uuid('reportId', '不是有效的报告编号');

/** A case's reports (linked reports of one event), splitting a wrong link, a report's photo, and confirming a placed point. */
@ApiTags('reports')
@Controller('api')
export class ReportsController {
  constructor(
    @Inject(ReportQueries) private readonly queries: ReportQueries,
    @Inject(SplitReport) private readonly splitReport: SplitReport,
    @Inject(ConfirmPoint) private readonly confirmPoint: ConfirmPoint,
  ) {}

  /** Every report of the case, how many and by which doors. */
  @Get('incidents/:id/reports')
  @Roles('operator')
  reports(@CurrentUser() user: SessionUser, @Param('id', caseId) id: string): Promise<IncidentReportsView> {
    return this.queries.list(user, id);
  }

  /** A wrongly linked report becomes a case of its own (拆分). */
  @Post('incidents/:id/reports/:reportId/split')
  @HttpCode(201)
  @Roles('operator')
  split(@CurrentUser() user: SessionUser, @Param('id', caseId) id: string, @Param('reportId', reportId) report: string): Promise<SplitReportAnswer> {
    return this.splitReport.run(user, id, report);
  }

  /** An operator confirms, or moves, the point of a case placed from a weak address match (确认位置). */
  @Post('incidents/:id/confirm-point')
  @HttpCode(200)
  @Roles('operator')
  confirm(@CurrentUser() user: SessionUser, @Param('id', caseId) id: string, @Body() body: ConfirmPointDto): Promise<IncidentView> {
    return this.confirmPoint.run({ user, incidentId: id, location: body.location, coordSystem: body.coordSystem });
  }

  @Get('reports/:reportId/photo')
  @Roles('operator')
  @ApiOkResponse({ description: '照片（JPEG、PNG 或 WebP）/ the photo bytes' })
  async photo(@CurrentUser() user: SessionUser, @Param('reportId', reportId) id: string): Promise<StreamableFile> {
    const photo = await this.queries.photo(user, id);
    return new StreamableFile(photo.bytes, { type: photo.contentType, length: photo.bytes.length });
  }
}
