/**
 * Open311 GeoReport v2 (JSON): services, and requests filed and followed by a city's citizen-report
 * tools. Shapes as the spec writes them; errors as `[{ code, description }]`. docs/open311.md.
 */
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, type Open311Created, type Open311Request, type Open311Service } from '@xiaonao/contracts';
import { CurrentIntegration } from '../auth/guards';
import type { Integration } from '../auth/session';
import { parseStepKey } from '../field/step-receipts';
import { FileOpen311Request } from './file-request.use-case';
import { Open311Key } from './open311-key.guard';
import { Open311ErrorFilter } from './open311-error.filter';
import { Open311KeyQuery, Open311ListQuery, Open311RequestDto } from './open311.dto';
import { Open311Reads } from './open311-reads';

@ApiTags('open311')
@Controller('open311/v2')
@UseFilters(Open311ErrorFilter)
export class Open311Controller {
  constructor(
    @Inject(FileOpen311Request) private readonly filing: FileOpen311Request,
    @Inject(Open311Reads) private readonly reads: Open311Reads,
  ) {}

  /** Public, as the spec has it: which services (categories) the township takes. */
  @Get('services.json')
  @ApiOperation({ summary: 'Open311 服务列表（公开）/ services', description: '本街道处置的事件类别（不含警务类别）。jurisdiction_id 为街道编码。' })
  @ApiOkResponse({ description: '[{ service_code, service_name, description, metadata, type, keywords, group }]' })
  services(@Query() q: Open311KeyQuery): Promise<Open311Service[]> {
    return this.reads.services(q.jurisdiction_id, null);
  }

  @Get('services/:code.json')
  @ApiOperation({ summary: 'Open311 服务定义（公开）/ a service definition', description: '本系统的服务没有附加属性：attributes 恒为空。' })
  @ApiNotFoundResponse({ description: '未知的服务代码 / unknown service_code' })
  service(@Param('code') code: string, @Query() q: Open311KeyQuery): Promise<{ service_code: string; attributes: never[] }[]> {
    return this.reads.service(code, q.jurisdiction_id, null);
  }

  @Post('requests.json')
  @HttpCode(201)
  @Open311Key()
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({ summary: 'Open311 提交上报 / file a request', description: '表单或 JSON；可带 Idempotency-Key 请求头，重发不重复建单。见 docs/open311.md。' })
  @ApiCreatedResponse({ description: '[{ service_request_id, service_notice, account_id }]' })
  @ApiBadRequestResponse({ description: '[{ code: 400, description }]，description 指明字段 / names the field' })
  file(@CurrentIntegration() from: Integration, @Body() body: Open311RequestDto, @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined): Promise<Open311Created[]> {
    return this.filing.run(from, body, parseStepKey(key));
  }

  @Get('requests.json')
  @Open311Key()
  @ApiOperation({ summary: 'Open311 查询上报 / requests', description: '仅本街道经 Open311 提交的上报；默认近 90 天，至多 1000 条；不含个人信息。' })
  list(@CurrentIntegration() from: Integration, @Query() q: Open311ListQuery): Promise<Open311Request[]> {
    return this.reads.list(from, q);
  }

  @Get('requests/:id.json')
  @Open311Key()
  @ApiOperation({ summary: 'Open311 单条上报 / one request' })
  @ApiNotFoundResponse({ description: '[{ code: 404, description }]' })
  one(@CurrentIntegration() from: Integration, @Param('id') id: string, @Query() q: Open311KeyQuery): Promise<Open311Request[]> {
    return this.reads.one(from, id, q.jurisdiction_id);
  }
}
