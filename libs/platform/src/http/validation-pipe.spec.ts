import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Min, ValidateIf } from 'class-validator';
import fc from 'fast-check';
import {
  createValidationPipe,
  IsIsoDate,
  IsMoney,
  IsPositiveMoney,
  NormalizedText,
  validationFailed,
} from './validation';

class CollectionBody {
  @IsPositiveMoney()
  amount!: string;

  @IsIsoDate()
  occurredOn!: string;

  @NormalizedText({ maxLength: 10 })
  receiptNumber!: string;

  @IsIn(['cash', 'transfer'])
  method!: string;

  @ValidateIf((body: CollectionBody) => body.method === 'transfer')
  @NormalizedText({ maxLength: 20 })
  bankReference?: string;

  @IsOptional()
  @IsMoney()
  fee?: string;

  @IsOptional()
  @IsBoolean()
  final?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  copies?: number;

  @IsOptional()
  @IsUUID()
  lineId?: string;
}

const metadata: ArgumentMetadata = { type: 'body', metatype: CollectionBody };
const valid = {
  amount: '1500000',
  occurredOn: '2026-11-24',
  receiptNumber: ' BL-01 ',
  method: 'transfer',
  bankReference: 'Nga\u0300n ha\u0300ng',
};

/** The pipe Nest ships, with the options `createValidationPipe` passes it. */
const reference = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => validationFailed(errors),
});

async function outcome(pipe: ValidationPipe, body: unknown): Promise<unknown> {
  try {
    const result = (await pipe.transform(JSON.parse(JSON.stringify(body)), metadata)) as object;
    return { accepted: result instanceof CollectionBody, value: { ...result } };
  } catch (error) {
    return { refused: (error as { getResponse(): unknown }).getResponse() };
  }
}

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

  it('answers a valid flat body as Nest’s ValidationPipe does: an instance, text trimmed and composed', async () => {
    const result = await pipe.transform(JSON.parse(JSON.stringify(valid)), metadata);
    expect(result).toBeInstanceOf(CollectionBody);
    expect(result).toEqual({ ...valid, receiptNumber: 'BL-01', bankReference: 'Ngàn hàng' });
    expect(await outcome(pipe, valid)).toEqual(await outcome(reference, valid));
  });

  it.each([
    ['an unknown field', { ...valid, extra: '1' }],
    ['a missing field', { ...valid, amount: undefined }],
    ['zero đồng', { ...valid, amount: '0' }],
    ['money as a number', { ...valid, amount: 1500000 }],
    ['an impossible date', { ...valid, occurredOn: '2026-02-30' }],
    ['text too long once trimmed', { ...valid, receiptNumber: 'BL-0123456789' }],
    ['a value outside the list', { ...valid, method: 'cheque' }],
    ['a conditional field left out', { ...valid, bankReference: undefined }],
    ['null for a required field', { ...valid, amount: null }],
    ['a boolean as a string', { ...valid, final: 'true' }],
    ['a fraction for an integer', { ...valid, copies: 1.5 }],
    ['a nested object', { ...valid, fee: { amount: '1' } }],
    ['an array', [valid]],
  ])('refuses %s exactly as Nest’s ValidationPipe does', async (_label, body) => {
    const expected = await outcome(reference, body);
    expect(expected).toHaveProperty('refused');
    expect(await outcome(pipe, body)).toEqual(expected);
  });

  it('agrees with Nest’s ValidationPipe on arbitrary flat bodies', async () => {
    const value = fc.oneof(
      fc.constantFrom(undefined, null, true, false, 0, 1, 2.5, '', ' ', '0', '1', '2026-11-24', '2026-13-01'),
      fc.constantFrom('cash', 'transfer', 'BL-1', '9c6d7d1e-5c1b-4f0e-8a54-0d1d4a0c2f11', 'Ha\u0300 Nô\u0323i'),
      fc.string({ maxLength: 24 }),
      fc.integer(),
    );
    const body = fc.record(
      {
        amount: value,
        occurredOn: value,
        receiptNumber: value,
        method: value,
        bankReference: value,
        fee: value,
        final: value,
        copies: value,
        lineId: value,
        other: value,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (generated) => {
        const candidate = { ...valid, ...generated };
        expect(await outcome(pipe, candidate)).toEqual(await outcome(reference, candidate));
      }),
      { numRuns: 500 },
    );
  });

  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', '__proto__', 'prototype'])(
    'refuses a member named %s, which class-transformer would drop before Nest’s pipe saw it',
    async (name) => {
      // Parsed afresh for each call: Nest's pipe deletes `constructor` and `prototype` keys in place.
      const body = () => JSON.parse(JSON.stringify({ ...valid, [name]: 1 })) as object;
      await expect(pipe.transform(body(), metadata)).rejects.toMatchObject({
        response: { code: 'VALIDATION_FAILED', errors: [{ field: name, rule: 'whitelist' }] },
      });
      await expect(
        pipe.transform(JSON.parse(JSON.stringify({ ...valid, amount: '0', [name]: 1 })), metadata),
      ).rejects.toMatchObject({
        response: {
          errors: [
            { field: 'amount', rule: 'isPositiveMoney' },
            { field: name, rule: 'whitelist' },
          ],
        },
      });
      const query: ArgumentMetadata = { type: 'query', metatype: CollectionBody };
      await expect(pipe.transform(Object.assign(Object.create(null), body()), query)).rejects.toMatchObject({
        response: { errors: [{ field: name, rule: 'whitelist' }] },
      });
    },
  );
});
