import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FeedbackDeadLetterView, FeedbackSubscriptionView, SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { CurrentUser, Roles } from '../auth/guards';
import { FeedbackResendDto, FeedbackSubscriptionDto } from './feedback.dto';
import { FeedbackSubscriptions } from './feedback-subscriptions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function integrationIdOf(raw: string): string {
  if (!UUID.test(raw)) throw new DomainError('INVALID_INPUT', '对接方编号格式不对', 'The integration id is not a UUID', 'integrationId');
  return raw;
}

/** Results back to the sender: each integration's feedback subscription, and the dead letters (docs/feedback-110.md). */
@ApiTags('township')
@Controller('api/township/integrations')
export class FeedbackController {
  constructor(@Inject(FeedbackSubscriptions) private readonly subscriptions: FeedbackSubscriptions) {}

  @Get('feedback')
  @Roles('operator')
  list(@CurrentUser() user: SessionUser): Promise<FeedbackSubscriptionView[]> {
    return this.subscriptions.list(user.townshipId);
  }

  @Get('feedback/dead-letters')
  @Roles('operator')
  deadLetters(@CurrentUser() user: SessionUser): Promise<FeedbackDeadLetterView[]> {
    return this.subscriptions.deadLetters(user.townshipId);
  }

  @Post('feedback/resend')
  @HttpCode(200)
  @Roles('operator')
  resend(@CurrentUser() user: SessionUser, @Body() body: FeedbackResendDto): Promise<{ requeued: number }> {
    return this.subscriptions.resend(user.townshipId, body);
  }

  @Get(':integrationId/feedback')
  @Roles('operator')
  get(@CurrentUser() user: SessionUser, @Param('integrationId') id: string): Promise<FeedbackSubscriptionView> {
    return this.subscriptions.get(user.townshipId, integrationIdOf(id));
  }

  @Put(':integrationId/feedback')
  @Roles('operator')
  set(@CurrentUser() user: SessionUser, @Param('integrationId') id: string, @Body() body: FeedbackSubscriptionDto): Promise<FeedbackSubscriptionView> {
    return this.subscriptions.set(user.townshipId, integrationIdOf(id), body);
  }
}
