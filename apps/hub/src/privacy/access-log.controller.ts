import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PersonalDataAccessPage, SessionUser } from '@xiaonao/contracts';
import { CurrentUser, Roles } from '../auth/guards';
import { PersonalDataAccessLog } from './personal-data-access-log';
import { AccessLogQueryDto } from './privacy.dto';

/** The township's personal-data access log for its operators to review, newest first. */
@ApiTags('personal data')
@Controller('api/township')
export class AccessLogController {
  constructor(@Inject(PersonalDataAccessLog) private readonly log: PersonalDataAccessLog) {}

  @Get('personal-data-access')
  @Roles('operator')
  page(@CurrentUser() user: SessionUser, @Query() query: AccessLogQueryDto): Promise<PersonalDataAccessPage> {
    return this.log.page(user.townshipId, query.before, query.limit);
  }
}
