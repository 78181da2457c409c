/** The admin's routes (docs/onboarding.md): the controller translates and delegates. */
import { Controller, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IMPORT_KINDS, type ImportKind, type ImportReport, type SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../auth/guards';
import { AdminImportQueryDto } from './admin.dto';
import { AdminImports } from './admin-imports';

@ApiTags('admin')
@Controller('api/admin')
export class AdminController {
  constructor(@Inject(AdminImports) private readonly imports: AdminImports) {}

  /** One file of a township's set-up: applied whole with a change report, or refused whole (422) naming rows and fields. */
  @Post('townships/:code/imports/:kind')
  @Roles('admin')
  @HttpCode(200)
  @ApiConsumes('application/octet-stream', 'text/csv', 'application/json', 'application/geo+json')
  @ApiBody({ description: '文件内容本身（CSV、XLSX、JSON 或 GeoJSON）/ the file itself' })
  @ApiOkResponse({ description: '已导入或演练：变化报告 / imported (or a dry run): what changed' })
  @ApiUnprocessableEntityResponse({ description: '文件有错，未写入任何内容：逐行逐字段的报告 / refused, nothing written: the report names rows and fields' })
  async import(
    @CurrentUser() user: SessionUser,
    @Param('code') code: string,
    @Param('kind') kind: string,
    @Query() q: AdminImportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportReport> {
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
      throw new DomainError('INVALID_INPUT', `导入类别应为 ${IMPORT_KINDS.join('、')} 之一`, `kind must be one of ${IMPORT_KINDS.join(', ')}`, 'kind');
    }
    const body: unknown = req.body;
    const report = await this.imports.run(user, {
      townshipCode: code,
      kind: kind as ImportKind,
      content: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
      format: q.format,
      coordSystem: q.coordSystem,
      toleranceM2: q.toleranceM2,
      dryRun: q.dryRun === 'true',
      regionCode: q.regionCode,
    });
    if (report.refused) res.status(422);
    return report;
  }
}
