import { Body, Controller, Get, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsNumber, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { COORD_SYSTEMS, type CoordSystem, type FleetPositionsRequest, type OfferView, type PositionAccepted, type PositionFix, type SessionUser, type WorkerView } from '@xiaonao/contracts';
import { ApiKeyAuth, CurrentIntegration, CurrentUser, Roles } from '../auth/guards';
import type { Integration } from '../auth/session';
import { BodyLimits } from '../errors/body-limits';
import { WorkerQueries } from './worker-queries';
import { OverrideDuty } from '../roster/override-duty.use-case';
import { DutyOverrideDto } from '../roster/roster.dto';

export class PositionFixDto implements PositionFix {
  @ApiProperty() @IsNumber() lng!: number;
  @ApiProperty() @IsNumber() lat!: number;
  @ApiPropertyOptional({ enum: COORD_SYSTEMS }) @IsOptional() @IsIn(COORD_SYSTEMS) coordSystem?: CoordSystem;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() at?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() accuracyM?: number;
}

class FleetFixDto extends PositionFixDto {
  @ApiProperty() @IsUUID() workerId!: string;
}

/** Up to 5,000 fixes of seven values each. */
@BodyLimits({ maxNodes: 40_000 })
class FleetPositionsDto implements FleetPositionsRequest {
  @ApiProperty({ type: [FleetFixDto] })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => FleetFixDto)
  positions!: FleetFixDto[];
}

@ApiTags('workers')
@Controller('api')
export class WorkersController {
  constructor(
    @Inject(WorkerQueries) private readonly workers: WorkerQueries,
    @Inject(OverrideDuty) private readonly dutySwitch: OverrideDuty,
  ) {}

  @Get('workers')
  @Roles('operator')
  list(@CurrentUser() user: SessionUser): Promise<WorkerView[]> {
    return this.workers.list(user);
  }

  /** The signed-in worker: duty, status, position. */
  @Get('workers/me')
  @Roles('worker')
  me(@CurrentUser() user: SessionUser): Promise<WorkerView> {
    return this.workers.me(user);
  }

  @Post('workers/me/position')
  @HttpCode(200)
  @Roles('worker')
  position(@CurrentUser() user: SessionUser, @Body() fix: PositionFixDto): Promise<PositionAccepted> {
    return this.workers.reportOwn(user, fix);
  }

  /** The worker's own switch; an override of their roster when they have one (roster/override-duty.use-case.ts). */
  @Put('workers/me/duty')
  @Roles('worker')
  duty(@CurrentUser() user: SessionUser, @Body() body: DutyOverrideDto): Promise<WorkerView> {
    return this.dutySwitch.own(user, body);
  }

  @Get('workers/me/offers')
  @Roles('worker')
  offers(@CurrentUser() user: SessionUser): Promise<OfferView[]> {
    return this.workers.pendingOffers(user);
  }

  /** Positions for many workers from a positioning platform (or the simulator). */
  @Post('integrations/positions')
  @HttpCode(200)
  @ApiKeyAuth()
  async fleet(@CurrentIntegration() from: Integration, @Body() body: FleetPositionsDto): Promise<{ moved: number }> {
    return { moved: await this.workers.reportFleet(from, body.positions) };
  }
}
