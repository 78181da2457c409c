/** The police station's own routes beyond the shared case views: the search over its history. */
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SessionUser, StationSearchPage } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { StationSearch } from './station-search';
import { StationSearchQueryDto } from './station-search.dto';

@ApiTags('station')
@Controller('api/station')
export class StationController {
  constructor(@Inject(StationSearch) private readonly stationSearch: StationSearch) {}

  /** Every case the signed-in station handed over that matches, newest received first; the caller's phone masked. */
  @Get('incidents')
  @Roles('station')
  search(@CurrentUser() user: SessionUser, @Query() query: StationSearchQueryDto): Promise<StationSearchPage> {
    return this.stationSearch.search(user, query);
  }
}
