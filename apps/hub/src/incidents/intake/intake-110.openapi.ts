/** Shapes of the 110 door's answers for the OpenAPI document only; the wire types live in libs/contracts. */
import { ApiProperty } from '@nestjs/swagger';
import { INCIDENT_STATES, type IncidentState, type IncidentView, type Intake110Receipt, type Intake110Response } from '@xiaonao/contracts';

export class Intake110ReceiptDoc implements Intake110Receipt {
  @ApiProperty({ example: '330114202611210001' })
  caseNo!: string;

  @ApiProperty({ format: 'uuid' })
  incidentId!: string;

  @ApiProperty({ description: 'true：该编号已以相同内容接收，未新建 / already received, nothing new made' })
  duplicate!: boolean;

  @ApiProperty({ description: 'true：并入同一事件的已有事件（编号不同），incidentId 为该事件 / joined an open incident of the same event' })
  linked!: boolean;

  @ApiProperty({ example: '2026-11-21T01:30:00.000Z', description: '街道接收时间（1-3-8 计时起点）/ when the township received the case' })
  receivedAt!: string;

  @ApiProperty({ example: '2026-11-21T01:30:00.412Z', description: '小脑签收时间 / when the hub signed for it' })
  signedAt!: string;

  @ApiProperty({ enum: INCIDENT_STATES })
  state!: IncidentState;

  @ApiProperty({ example: '待派单' })
  stateLabel!: string;
}

export class Intake110ResponseDoc implements Intake110Response {
  @ApiProperty({ format: 'uuid' })
  incidentId!: string;

  @ApiProperty()
  duplicate!: boolean;

  @ApiProperty({ type: 'object', additionalProperties: true, description: '事件全貌（IncidentView）/ the incident' })
  incident!: IncidentView;

  @ApiProperty({ type: Intake110ReceiptDoc, description: '签收回执 / the receipt' })
  receipt!: Intake110ReceiptDoc;
}
