/** The district view's routes (docs/regions.md): region accounts only, read-only; the controller translates and delegates. */
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { IncidentDetailView, RegionMapView, RegionOverview, SessionUser } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { caseIdPipe } from '../errors/case-id.pipe';
import { RegionQueries } from './region-queries';
import { RegionPeriodDto } from './region.dto';

@ApiTags('region')
@Controller('api/region')
export class RegionController {
  constructor(@Inject(RegionQueries) private readonly queries: RegionQueries) {}

  /** The region tree and each township's 1-3-8 rates today and over the period, open and breached cases. */
  @Get('overview')
  @Roles('admin', 'district')
  @ApiOkResponse({ description: '辖区树与各镇街今日及时段的 1-3-8 按时率、在办与超时事件数 / the region tree; per township its rates today and over the period, open and breached cases' })
  overview(@CurrentUser() user: SessionUser, @Query() q: RegionPeriodDto): Promise<RegionOverview> {
    return this.queries.overview(user, q);
  }

  /** Every open case and on-duty worker's last position under the region. */
  @Get('map')
  @Roles('admin', 'district')
  map(@CurrentUser() user: SessionUser): Promise<RegionMapView> {
    return this.queries.map(user);
  }

  /** One case with its timeline, read-only, caller number masked. */
  @Get('incidents/:id')
  @Roles('admin', 'district')
  @ApiNotFoundResponse({ description: '事件不存在或不在本辖区 / no such case, or not in the region' })
  incident(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string): Promise<IncidentDetailView> {
    return this.queries.incident(user, id);
  }
}
