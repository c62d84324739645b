import { plainToInstance, Type } from 'class-transformer';
import { IsOptional, ValidateNested, validateSync } from 'class-validator';
import { flattenValidationErrors, IsIsoDate, IsMoney, IsPositiveMoney, NormalizedText } from './validation';

class Line {
  @IsPositiveMoney()
  amount!: string;
}

class Form {
  @IsOptional()
  @IsMoney()
  money?: string;

  @IsOptional()
  @IsIsoDate()
  date?: string;

  @IsOptional()
  @NormalizedText({ maxLength: 5 })
  text?: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Line)
  lines?: Line[];
}

const check = (plain: object) => {
  const form = plainToInstance(Form, plain);
  return { form, errors: flattenValidationErrors(validateSync(form, { whitelist: true, forbidNonWhitelisted: true })) };
};
const rulesFor = (plain: object) => check(plain).errors.map((e) => `${e.field}:${e.rule}`);

describe('DTO decorators', () => {
  it.each(['0', '1', '999', '1000000000000000'])('IsMoney accepts %j', (money) => {
    expect(rulesFor({ money })).toEqual([]);
  });

  it.each(['1000000000000001', '99999999999999999', '-0', '-5', '+5', '1.0', '1e3', '00', '012', ' 5', '5 ', '', '٣'])(
    'IsMoney rejects %j',
    (money) => {
      expect(rulesFor({ money })).toEqual(['money:isMoney']);
    },
  );

  it('IsMoney rejects numbers, which JSON parsers may round', () => {
    expect(rulesFor({ money: 5 })).toEqual(['money:isMoney']);
  });

  it('IsPositiveMoney starts at one đồng', () => {
    expect(rulesFor({ lines: [{ amount: '1' }, { amount: '0' }] })).toEqual(['lines.1.amount:isPositiveMoney']);
  });

  it.each(['2024-02-29', '2000-02-29', '2025-12-31', '0001-01-01'])('IsIsoDate accepts %j', (date) => {
    expect(rulesFor({ date })).toEqual([]);
  });

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-1-5',
    '20250105',
    '2025-01-05T00:00:00Z',
  ])('IsIsoDate rejects %j', (date) => {
    expect(rulesFor({ date })).toEqual(['date:isIsoDate']);
  });

  it('NormalizedText trims and composes before checking the length', () => {
    const { form, errors } = check({ text: ' Hu\u0300ng\t' });
    expect(errors).toEqual([]);
    expect(form.text).toBe('H\u00f9ng');
    expect(rulesFor({ text: '   ' })).toEqual(['text:isNotEmpty']);
    expect(rulesFor({ text: 'Hoàng' })).toEqual([]);
    expect(rulesFor({ text: 'Hoàngg' })).toEqual(['text:maxLength']);
  });

  it('reports unknown fields, nested ones with their path', () => {
    expect(check({ extra: 1, lines: [{ amount: '1', memo: 'x' }] }).errors).toEqual([
      { field: 'extra', rule: 'whitelist', message: 'property extra should not exist' },
      { field: 'lines.0.memo', rule: 'whitelist', message: 'property memo should not exist' },
    ]);
  });
});
