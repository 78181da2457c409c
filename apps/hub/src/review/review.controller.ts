/** 研判 routes (docs/review.md): the controller translates and delegates. */
import { Body, Controller, Get, Inject, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type {
  GridIndexSettings,
  GridIndexView,
  HeatmapView,
  RepeatCallersView,
  RepeatPlacesView,
  ReviewRatesView,
  ReviewTrendsView,
  SessionUser,
  SlowestView,
} from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { GridIndexQueryDto, GridIndexSettingsDto, ReviewExportQueryDto, ReviewQueryDto } from './review.dto';
import { ReviewExport } from './review-export';
import { ReviewQueries } from './review-queries';
import { ReviewSettings } from './review-settings';

@ApiTags('review')
@Controller('api/review')
export class ReviewController {
  constructor(
    @Inject(ReviewQueries) private readonly queries: ReviewQueries,
    @Inject(ReviewSettings) private readonly settings: ReviewSettings,
    @Inject(ReviewExport) private readonly exporter: ReviewExport,
  ) {}

  /** 1-3-8 按时率 by grid, worker, category, source or station, with the period's total. */
  @Get('rates')
  @Roles('operator', 'leader', 'station')
  rates(@CurrentUser() user: SessionUser, @Query() q: ReviewQueryDto): Promise<ReviewRatesView> {
    return this.queries.rates(user, q);
  }

  /** By hour of day and by day of week (Beijing). */
  @Get('trends')
  @Roles('operator', 'leader', 'station')
  trends(@CurrentUser() user: SessionUser, @Query() q: ReviewQueryDto): Promise<ReviewTrendsView> {
    return this.queries.trends(user, q);
  }

  /** 重复地点: one address (radiusM 0) or within a radius, minCases or more within `days` days. */
  @Get('repeat-places')
  @Roles('operator', 'leader', 'station')
  repeatPlaces(@CurrentUser() user: SessionUser, @Query() q: ReviewQueryDto): Promise<RepeatPlacesView> {
    return this.queries.repeatPlaces(user, q);
  }

  /** 重复来电: numbers shown masked. */
  @Get('repeat-callers')
  @Roles('operator', 'leader', 'station')
  repeatCallers(@CurrentUser() user: SessionUser, @Query() q: ReviewQueryDto): Promise<RepeatCallersView> {
    return this.queries.repeatCallers(user, q);
  }

  /** The slowest arrivals, with ids to open their timelines. */
  @Get('slowest')
  @Roles('operator', 'leader', 'station')
  slowest(@CurrentUser() user: SessionUser, @Query() q: ReviewQueryDto): Promise<SlowestView> {
    return this.queries.slowest(user, q);
  }

  /** Heat-map points: cases per cell of about cellM metres. */
  @Get('heatmap')
  @Roles('operator', 'leader', 'station')
  heatmap(@CurrentUser() user: SessionUser, @Query() q: ReviewQueryDto): Promise<HeatmapView> {
    return this.queries.heatmap(user, q);
  }

  /** 网格指数 of a month, with the inputs behind each grid's score. */
  @Get('grid-index')
  @Roles('operator', 'leader')
  gridIndex(@CurrentUser() user: SessionUser, @Query() q: GridIndexQueryDto): Promise<GridIndexView> {
    return this.queries.gridIndex(user, q.month);
  }

  @Get('settings')
  @Roles('operator', 'leader')
  getSettings(@CurrentUser() user: SessionUser): Promise<GridIndexSettings> {
    return this.settings.get(user);
  }

  @Put('settings')
  @Roles('operator')
  setSettings(@CurrentUser() user: SessionUser, @Body() body: GridIndexSettingsDto): Promise<GridIndexSettings> {
    return this.settings.set(user, body);
  }

  /** Any table above as CSV (UTF-8 with BOM, so Excel reads the Chinese headers). */
  @Get('export')
  @Roles('operator', 'leader', 'station')
  @ApiOkResponse({ description: '附件下载 / an attachment (Content-Disposition)' })
  async export(@CurrentUser() user: SessionUser, @Query() q: ReviewExportQueryDto): Promise<StreamableFile> {
    const file = await this.exporter.csv(user, q.table, q);
    return new StreamableFile(Buffer.from(file.body, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filenameUtf8)}`,
    });
  }
}
