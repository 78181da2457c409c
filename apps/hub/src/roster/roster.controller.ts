import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DutyChangeView, RosterView, SessionUser, WorkerDutyView } from '@xiaonao/contracts';
import { shanghaiDate } from '@xiaonao/domain';
import { CurrentUser, Roles } from '../auth/guards';
import { Clock } from '../clock/clock';
import { OverrideDuty } from './override-duty.use-case';
import { RosterQueries } from './roster-queries';
import { DutyChangesQueryDto, DutyOverrideDto, RosterDto, RosterQueryDto, workerIdParam } from './roster.dto';
import { SetRoster } from './set-roster.use-case';

/** Duty rosters (排班) for operators and grid leaders (workers who lead a grid; checked in the use cases). */
@ApiTags('roster')
@Controller('api')
export class RosterController {
  constructor(
    @Inject(RosterQueries) private readonly queries: RosterQueries,
    @Inject(SetRoster) private readonly setRoster: SetRoster,
    @Inject(OverrideDuty) private readonly override: OverrideDuty,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get('township/roster')
  @Roles('operator', 'worker', 'leader')
  get(@CurrentUser() user: SessionUser, @Query() query: RosterQueryDto): Promise<RosterView> {
    const from = query.from ?? shanghaiDate(this.clock.now());
    return this.queries.roster(user, from, query.to ?? from);
  }

  @Put('township/roster')
  @Roles('operator', 'worker')
  put(@CurrentUser() user: SessionUser, @Body() body: RosterDto): Promise<RosterView> {
    return this.setRoster.run(user, body);
  }

  @Get('township/roster/changes')
  @Roles('operator', 'worker')
  changes(@CurrentUser() user: SessionUser, @Query() query: DutyChangesQueryDto): Promise<DutyChangeView[]> {
    return this.queries.changes(user, query);
  }

  @Put('workers/:id/duty')
  @Roles('operator', 'worker')
  duty(@CurrentUser() user: SessionUser, @Param('id', workerIdParam) id: string, @Body() body: DutyOverrideDto): Promise<WorkerDutyView> {
    return this.override.forWorker(user, id, body);
  }
}
