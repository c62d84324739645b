import { plainToInstance } from 'class-transformer';
import { IsOptional, validateSync } from 'class-validator';
import {
  ExactText,
  flattenValidationErrors,
  IsInstant,
  IsIsoDate,
  IsIsoMonth,
  IsMoney,
  IsPosition,
  IsPositiveMoney,
  IsUuid,
  Nested,
  NormalizedText,
} from './validation';

class Line {
  @IsPositiveMoney()
  amount!: string;
}

class Party {
  @NormalizedText({ maxLength: 20 })
  name!: string;
}

class Form {
  @IsOptional()
  @IsMoney()
  money?: string;

  @IsOptional()
  @IsInstant()
  at?: string;

  @IsOptional()
  @IsIsoMonth()
  month?: string;

  @IsOptional()
  @IsPosition()
  position?: string;

  @IsOptional()
  @IsUuid()
  id?: string;

  @IsOptional()
  @NormalizedText({ maxLength: 50, multiline: true })
  note?: string;

  @IsOptional()
  @ExactText({ maxLength: 10 })
  actor?: string;

  @IsOptional()
  @Nested(() => Party)
  party?: Party;

  @IsOptional()
  @IsIsoDate()
  date?: string;

  @IsOptional()
  @NormalizedText({ maxLength: 5 })
  text?: string;

  @IsOptional()
  @Nested(() => Line, { each: true })
  lines?: Line[];
}

class Required {
  @Nested(() => Party)
  party!: Party;

  @Nested(() => Line, { each: true })
  lines!: Line[];
}

const check = (plain: object) => {
  const form = plainToInstance(Form, plain);
  return { form, errors: flattenValidationErrors(validateSync(form, { whitelist: true, forbidNonWhitelisted: true })) };
};
const rulesFor = (plain: object) => check(plain).errors.map((e) => `${e.field}:${e.rule}`);
const requiredRulesFor = (plain: object) =>
  flattenValidationErrors(
    validateSync(plainToInstance(Required, plain), { whitelist: true, forbidNonWhitelisted: true }),
  ).map((e) => `${e.field}:${e.rule}`);

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

  it.each(['2024-02-29', '2000-02-29', '2025-12-31', '1945-01-01', '2099-12-31'])('IsIsoDate accepts %j', (date) => {
    expect(rulesFor({ date })).toEqual([]);
  });

  it.each(['1944-12-31', '1900-01-01', '0001-01-01', '2100-01-01', '9999-12-31'])(
    'IsIsoDate refuses %j, a real day outside the plausible range',
    (date) => {
      expect(rulesFor({ date })).toEqual(['date:dateInRange']);
    },
  );

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

  it.each([
    ['NUL', 'a\u0000b', 'noControlCharacters'],
    ['an escape', 'a\u001bb', 'noControlCharacters'],
    ['a C1 control', 'a\u0085b', 'noControlCharacters'],
    ['DEL', 'a\u007fb', 'noControlCharacters'],
    ['a line feed', 'a\nb', 'noControlCharacters'],
    ['a tab', 'a\tb', 'noControlCharacters'],
    ['a line separator', 'a\u2028b', 'noControlCharacters'],
    ['a lone high surrogate', 'a\ud800b', 'noLoneSurrogates'],
    ['a lone low surrogate', 'a\udc00', 'noLoneSurrogates'],
    ['a right-to-left override', 'a\u202eb', 'noBidiControls'],
    ['a left-to-right isolate', 'a\u2066b', 'noBidiControls'],
    ['a right-to-left mark', 'a\u200fb', 'noBidiControls'],
    ['a zero-width space', 'a\u200bb', 'noInvisibleCharacters'],
    ['a zero-width joiner', 'a\u200db', 'noInvisibleCharacters'],
    ['a word joiner', 'a\u2060b', 'noInvisibleCharacters'],
    ['a byte order mark inside', 'a\ufeffb', 'noInvisibleCharacters'],
    ['a soft hyphen', 'a\u00adb', 'noInvisibleCharacters'],
    ['a combining grapheme joiner', 'a\u034fb', 'noInvisibleCharacters'],
    ['a Hangul choseong filler', 'a\u115fb', 'noInvisibleCharacters'],
    ['a Hangul jungseong filler', 'a\u1160b', 'noInvisibleCharacters'],
    ['a Hangul filler', 'a\u3164b', 'noInvisibleCharacters'],
    ['a halfwidth Hangul filler', 'a\uffa0b', 'noInvisibleCharacters'],
    ['a Khmer inherent vowel', 'a\u17b4b', 'noInvisibleCharacters'],
    ['another Khmer inherent vowel', 'a\u17b5b', 'noInvisibleCharacters'],
    ['a Mongolian vowel separator', 'a\u180eb', 'noInvisibleCharacters'],
    ['a function application', 'a\u2061b', 'noInvisibleCharacters'],
    ['an invisible plus', 'a\u2064b', 'noInvisibleCharacters'],
    ['a deprecated format character', 'a\u206ab', 'noInvisibleCharacters'],
    ['another deprecated format character', 'a\u206fb', 'noInvisibleCharacters'],
    ['an interlinear annotation anchor', 'a\ufff9b', 'noInvisibleCharacters'],
    ['an interlinear annotation terminator', 'a\ufffbb', 'noInvisibleCharacters'],
    ['a variation selector', 'a\ufe0fb', 'noInvisibleCharacters'],
    ['the first variation selector', 'a\ufe00b', 'noInvisibleCharacters'],
    ['a supplementary variation selector', 'a\u{e0100}b', 'noInvisibleCharacters'],
    ['the last supplementary variation selector', 'a\u{e01ef}b', 'noInvisibleCharacters'],
    ['a language tag', 'a\u{e0001}b', 'noInvisibleCharacters'],
    ['a tag character', 'a\u{e0041}b', 'noInvisibleCharacters'],
    ['a cancel tag', 'a\u{e007f}b', 'noInvisibleCharacters'],
    ['a noncharacter', 'a\ufdd0b', 'noInvisibleCharacters'],
    ['the last noncharacter of its block', 'a\ufdefb', 'noInvisibleCharacters'],
    ['U+FFFE', 'a\ufffeb', 'noInvisibleCharacters'],
    ['U+FFFF', 'a\uffffb', 'noInvisibleCharacters'],
    ['a supplementary noncharacter', 'a\u{1fffe}b', 'noInvisibleCharacters'],
    ['the last code point', 'a\u{10ffff}b', 'noInvisibleCharacters'],
  ])('refuses %s in one-line text, naming the rule', (_what, text, rule) => {
    expect(rulesFor({ text: text.slice(0, 5) })).toEqual([`text:${rule}`]);
    expect(rulesFor({ actor: text })).toEqual([`actor:${rule}`]);
  });

  it('lets a multi-line field hold line feeds and tabs, and nothing else of the kind', () => {
    expect(rulesFor({ note: 'Dòng một\n\tDòng hai 😀' })).toEqual([]);
    expect(rulesFor({ note: 'a\r\nb' })).toEqual(['note:noControlCharacters']);
    expect(rulesFor({ note: 'a\u0000b' })).toEqual(['note:noControlCharacters']);
    expect(rulesFor({ note: 'a\u202eb\u200b' })).toEqual(['note:noBidiControls', 'note:noInvisibleCharacters']);
  });

  it('takes Vietnamese precomposed and decomposed, with every combining mark it uses', () => {
    const marks = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0302', '\u0306', '\u031b'];
    const decomposed = 'Nguye\u0302\u0303n Va\u0306n Tru\u031bo\u031b\u0300ng, Đa\u0323i ho\u0323c';
    for (const text of ['Nguyễn Văn Trường', decomposed]) expect(rulesFor({ note: text })).toEqual([]);
    for (const mark of marks) expect(rulesFor({ actor: `Hu${mark}ng` })).toEqual([]);
  });

  it('ExactText keeps the text as sent', () => {
    const { form, errors } = check({ actor: ' Hu\u0300ng' });
    expect(errors).toEqual([]);
    expect(form.actor).toBe(' Hu\u0300ng');
  });

  it('IsUuid reads any UUID in lower case and refuses the rest', () => {
    const upper = '9C6D7D1E-5C1B-4F0E-8A54-0D1D4A0C2F11';
    const { form, errors } = check({ id: upper });
    expect(errors).toEqual([]);
    expect(form.id).toBe(upper.toLowerCase());
    expect(rulesFor({ id: `${upper}0` })).toEqual(['id:isUuid']);
    expect(rulesFor({ id: 42 })).toEqual(['id:isUuid']);
  });

  it.each(['0', '1', '9223372036854775807'])('IsPosition accepts %j', (position) => {
    expect(rulesFor({ position })).toEqual([]);
  });

  it.each(['9223372036854775808', '18446744073709551616', '-1', '01', '1.0', ' 1', '', '1e3'])(
    'IsPosition refuses %j',
    (position) => {
      expect(rulesFor({ position })).toEqual(['position:isPosition']);
    },
  );

  it.each(['2025-04-01T09:30:00+07:00', '2025-04-01T02:30Z', '2024-02-29T23:59:59.123456789-05:00'])(
    'IsInstant accepts %j',
    (at) => {
      expect(rulesFor({ at })).toEqual([]);
    },
  );

  it.each(['2025-02-30T00:00:00Z', '2025-04-01', '2025-04-01T24:00Z', '9999-12-31T00:00Z', '2025-04-01T09:30:00'])(
    'IsInstant refuses %j',
    (at) => {
      expect(rulesFor({ at })).toEqual(['at:isInstant']);
    },
  );

  it.each([
    ['2025-13', false],
    ['1944-12', false],
    ['1945-01', true],
    ['2099-12', true],
    ['2100-01', false],
  ])('IsIsoMonth takes %j: %j', (month, valid) => {
    expect(rulesFor({ month })).toEqual(valid ? [] : ['month:isIsoMonth']);
  });

  it.each([
    ['missing', {}],
    ['null', { party: null }],
    ['an array', { party: [] }],
    ['a string', { party: 'Nguyễn Văn An' }],
    ['a number', { party: 7 }],
  ])('Nested refuses a member %s', (_what, body) => {
    expect(requiredRulesFor({ lines: [], ...body })).toEqual(expect.arrayContaining(['party:isObject']));
    expect(requiredRulesFor({ lines: [], ...body }).every((rule) => rule.startsWith('party:'))).toBe(true);
  });

  it('Nested names a missing member as undefined, not as an empty object', () => {
    expect(requiredRulesFor({ lines: [] })).toEqual(['party:isDefined', 'party:isObject']);
  });

  it.each([
    ['missing', {}],
    ['an object', { lines: { amount: '1' } }],
    ['holding an array', { lines: [[]] }],
    ['holding null', { lines: [null] }],
    ['holding a string', { lines: ['1'] }],
  ])('Nested with each refuses an array %s', (_what, body) => {
    const rules = requiredRulesFor({ party: { name: 'An' }, ...body });
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((rule) => rule.startsWith('lines'))).toBe(true);
  });

  it('Nested validates through, and lets an optional member be left out', () => {
    expect(requiredRulesFor({ party: { name: ' ' }, lines: [{ amount: '0' }] })).toEqual([
      'party.name:isNotEmpty',
      'lines.0.amount:isPositiveMoney',
    ]);
    expect(rulesFor({})).toEqual([]);
    expect(rulesFor({ party: null })).toEqual([]);
  });

  it('quotes the names of unknown members with unprintable characters escaped', () => {
    expect(check({ 'a\u0000\u202e': 1 }).errors).toEqual([
      { field: 'a\\u0000\\u202e', rule: 'whitelist', message: 'property a\\u0000\\u202e should not exist' },
    ]);
  });

  it('reports unknown fields, nested ones with their path', () => {
    expect(check({ extra: 1, lines: [{ amount: '1', memo: 'x' }] }).errors).toEqual([
      { field: 'extra', rule: 'whitelist', message: 'property extra should not exist' },
      { field: 'lines.0.memo', rule: 'whitelist', message: 'property memo should not exist' },
    ]);
  });
});
