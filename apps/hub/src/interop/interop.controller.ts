/** The standards exports over HTTP: a case as an EIDO, a camera alert as CAP. Translate and delegate. */
import { Controller, Get, Header, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CAP_MEDIA_TYPE, EIDO_MEDIA_TYPE, type EidoDocument, type SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { CurrentUser, Roles } from '../auth/guards';
import { caseIdPipe } from '../errors/case-id.pipe';
import { CapExport } from './cap-export';
import { EidoExport } from './eido-export';

@ApiTags('interop')
@Controller('api')
export class InteropController {
  constructor(
    @Inject(EidoExport) private readonly eido: EidoExport,
    @Inject(CapExport) private readonly cap: CapExport,
  ) {}

  /** The case as a NENA EIDO (NENA-STA-021.1b) JSON document; see docs/eido-cap.md. */
  @Get('incidents/:id/eido')
  @Roles('operator', 'station')
  @ApiProduces(EIDO_MEDIA_TYPE)
  @ApiOkResponse({ description: 'EIDO JSON（schemas/nena/eido/NENA-STA-021.1b）/ an EIDO document' })
  @Header('Content-Type', `${EIDO_MEDIA_TYPE}; charset=utf-8`)
  eidoOf(@CurrentUser() user: SessionUser, @Param('id', caseIdPipe) id: string): Promise<EidoDocument> {
    return this.eido.forReader(user, id);
  }

  /** One camera alert as an OASIS CAP 1.2 alert (XML); see docs/eido-cap.md. */
  @Get('cameras/alerts/:id/cap')
  @Roles('operator')
  @ApiProduces(CAP_MEDIA_TYPE)
  @ApiOkResponse({ description: 'CAP 1.2 XML（schemas/oasis/CAP-v1.2.xsd）/ a CAP alert' })
  @Header('Content-Type', `${CAP_MEDIA_TYPE}; charset=utf-8`)
  capOf(@CurrentUser() user: SessionUser, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new DomainError('INVALID_INPUT', 'id：不是有效的告警编号', 'id: not a camera alert id', 'id') })) id: string): Promise<string> {
    return this.cap.forReader(user, id);
  }
}
