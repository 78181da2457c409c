import { Body, Controller, Delete, Get, Inject, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { MapTilesView, SessionUser } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { MapTilesDto } from './map-tiles.dto';
import { MapTiles } from './map-tiles';

/** The township's base map: every page with a map reads it at start; the command room sets it. */
@ApiTags('township')
@Controller('api/township/map-tiles')
export class MapTilesController {
  constructor(@Inject(MapTiles) private readonly tiles: MapTiles) {}

  @Get()
  @Roles('operator', 'worker', 'station', 'leader')
  get(@CurrentUser() user: SessionUser): Promise<MapTilesView> {
    return this.tiles.get(user);
  }

  @Put()
  @Roles('operator')
  set(@CurrentUser() user: SessionUser, @Body() body: MapTilesDto): Promise<MapTilesView> {
    return this.tiles.set(user, body);
  }

  @Delete()
  @Roles('operator')
  reset(@CurrentUser() user: SessionUser): Promise<MapTilesView> {
    return this.tiles.reset(user);
  }
}
