import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { PlaceImportAnswer, PlaceSearchResult, SessionUser } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { GazetteerService } from './gazetteer.service';
import { PlaceImportDto, PlaceSearchQueryDto } from './places.dto';

/** The township's address gazetteer (标准地址), for its operators. */
@ApiTags('places')
@Controller('api/places')
export class PlacesController {
  constructor(@Inject(GazetteerService) private readonly gazetteer: GazetteerService) {}

  /** Address points and named places matching a text (fuzzy: typos and other names allowed), most likely first. */
  @Get()
  @Roles('operator')
  search(@CurrentUser() user: SessionUser, @Query() query: PlaceSearchQueryDto): Promise<PlaceSearchResult[]> {
    return this.gazetteer.search(user.townshipId, query.q, query.limit);
  }

  /** Imports a CSV or GeoJSON file of places; importing the same file again changes nothing. */
  @Post('import')
  @HttpCode(200)
  @Roles('operator')
  @ApiOkResponse({ description: '导入（或校验）结果 / counts of what was (or would be) written' })
  @ApiBadRequestResponse({ description: '有错误的行：`field` 形如 content[5].lng，未导入任何数据 / a bad row, named as content[row].field; nothing is written' })
  import(@CurrentUser() user: SessionUser, @Body() body: PlaceImportDto): Promise<PlaceImportAnswer> {
    return this.gazetteer.import(user.townshipId, body.format, body.content, body.coordSystem, { source: body.source, dryRun: body.dryRun });
  }
}
