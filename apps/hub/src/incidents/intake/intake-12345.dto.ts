/**
 * A 12345 work order as it arrives at either 12345 door: the 110 transfer's fields and rules
 * (Intake110Dto, inherited with their validation), without a police station, and with the 12345
 * 工单号 as `caseNo` under its own pattern. docs/intake-12345.md.
 */
import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { WORK_ORDER_NO_PATTERN, type Intake12345Request } from '@xiaonao/contracts';
import { Intake110Dto } from './intake-110.dto';

export class Intake12345Dto extends OmitType(Intake110Dto, ['caseNo', 'policeStationCode'] as const) implements Intake12345Request {
  @ApiProperty({ example: 'HZ202611210000123', description: '12345 工单号：可选 1–6 位大写字母前缀，10–30 位数字，可带 -序号；幂等键 / work order number; idempotency key' })
  @IsString({ message: '工单号须为字符串 / caseNo must be a string' })
  @Matches(WORK_ORDER_NO_PATTERN, { message: '工单号须为可选字母前缀加 10–30 位数字（如 HZ202611210000123）/ caseNo: an optional letter prefix and 10–30 digits' })
  caseNo!: string;
}
