import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SessionUser, TownshipView } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { TownshipDirectory } from './township-directory';

@ApiTags('township')
@Controller('api/township')
export class TownshipController {
  constructor(@Inject(TownshipDirectory) private readonly townships: TownshipDirectory) {}

  /** The caller's township: grids (WGS-84 polygons) and police stations. */
  @Get()
  @Roles('operator', 'worker', 'station', 'leader')
  get(@CurrentUser() user: SessionUser): Promise<TownshipView> {
    return this.townships.view(user.townshipId);
  }
}
