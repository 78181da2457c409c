/** The district view's period, as the review takes it (a 400 names the field). */
import { PickType } from '@nestjs/swagger';
import { ReviewQueryDto } from '../review/review.dto';

export class RegionPeriodDto extends PickType(ReviewQueryDto, ['from', 'to'] as const) {}
