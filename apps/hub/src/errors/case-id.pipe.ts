import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@xiaonao/domain';

/** A case id in the path: a UUID, else 400 naming `id`. */
export const caseIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('INVALID_INPUT', 'id：不是有效的事件编号', 'id: not a case id', 'id') });
