import { Controller, Get, Inject, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { WorkerTrackView } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { Roles } from '../auth/guards';
import { Requester, type AccessRequester } from './access-request';
import { TrackQueryDto } from './privacy.dto';
import { WorkerTrack } from './worker-track';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A worker id in the path, or `me`. */
class WorkerIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (value === 'me' || UUID.test(value)) return value;
    throw new DomainError('INVALID_INPUT', 'id：不是有效的网格员编号', 'id: not a worker id', 'id');
  }
}

/** A worker's position track: their own, or an operator's with a reason (logged); never a station's. */
@ApiTags('personal data')
@Controller('api/workers')
export class TrackController {
  constructor(@Inject(WorkerTrack) private readonly track: WorkerTrack) {}

  @Get(':id/track')
  @Roles('worker', 'operator')
  @ApiParam({ name: 'id', description: '网格员编号，或 me / a worker id, or me' })
  read(@Requester() requester: AccessRequester, @Param('id', WorkerIdPipe) id: string, @Query() query: TrackQueryDto): Promise<WorkerTrackView> {
    return this.track.read({ requester, workerId: id, from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined, reason: query.reason });
  }
}
