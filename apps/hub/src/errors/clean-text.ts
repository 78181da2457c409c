/**
 * `@CleanText({ max, multiline?, allowEmpty? })` on a person-readable text field of a DTO: the value is
 * normalised as it becomes the DTO (NFC, trimmed, line breaks as `\n`) and then judged by the domain's
 * text rules (libs/domain/src/text), so what a handler receives is exactly what will be stored. A
 * refusal is the usual 400 INVALID_INPUT naming the field, e.g.
 * 「字段 callerName 无效：含有无法存储的字符（不成对的代理项）」. Optional fields add @IsOptional().
 * Codes and ids (case numbers, phone numbers, camera codes) keep their own patterns instead.
 */
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import { judgeText, normaliseText, type TextRules } from '@xiaonao/domain';

/** Joins the two languages as the hub's constraint messages do; validationFailure splits them again. */
export const bilingual = (zh: string, en: string) => `${zh} / ${en}`;

function reasonFor(value: unknown, rules: TextRules): string {
  if (typeof value !== 'string') return bilingual('须为字符串', 'must be a string');
  const verdict = judgeText(value, rules);
  return verdict.ok ? bilingual('无效', 'invalid') : bilingual(verdict.reason.zh, verdict.reason.en);
}

export function CleanText(rules: TextRules): PropertyDecorator {
  return applyDecorators(
    // Normalised even when it will be refused: an address of blanks beside a point becomes '' and is left out.
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseText(value, rules.multiline) : value), { toClassOnly: true }),
    ValidateBy({
      name: 'cleanText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && judgeText(value, rules).ok,
        defaultMessage: (args?: ValidationArguments) => reasonFor(args?.value, rules),
      },
    }),
  );
}
