/** The township's notifier chains, and every attempt to reach a worker about a case's offers. */
import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { NotifySettingsView, PageAttemptView, SessionUser } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { caseIdPipe } from '../errors/case-id.pipe';
import { NotifySettingsDto } from './notify-settings.dto';
import { NotifySettings } from './notify-settings';
import { PageQueries } from './page-queries';


@ApiTags('notify')
@Controller('api')
export class NotifyController {
  constructor(
    @Inject(NotifySettings) private readonly settings: NotifySettings,
    @Inject(PageQueries) private readonly pages: PageQueries,
  ) {}

  @Get('township/notify-settings')
  @Roles('operator')
  get(@CurrentUser() user: SessionUser): Promise<NotifySettingsView> {
    return this.settings.view(user);
  }

  @Put('township/notify-settings')
  @Roles('operator')
  put(@CurrentUser() user: SessionUser, @Body() body: NotifySettingsDto): Promise<NotifySettingsView> {
    return this.settings.replace(user, body);
  }

  @Get('incidents/:id/pages')
  @Roles('operator')
  forIncident(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string): Promise<PageAttemptView[]> {
    return this.pages.forIncident(user, id);
  }
}
