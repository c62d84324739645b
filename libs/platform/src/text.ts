/**
 * Characters no field of this api has a use for, each with the rule name a refusal reports. They
 * are refused rather than stripped: a name that reads one way on screen and compares another
 * (bidi overrides, invisible characters) is a forgery aid, and PostgreSQL refuses NUL and lone
 * surrogates in text and jsonb outright.
 */
export const UNSAFE_TEXT_RULES = [
  'noControlCharacters',
  'noLoneSurrogates',
  'noBidiControls',
  'noInvisibleCharacters',
] as const;
export type UnsafeTextRule = (typeof UNSAFE_TEXT_RULES)[number];

/** C0 and C1 controls (NUL, DEL, ESC…), and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** The same, less line feed and tab: the only two a multi-line field may hold. */
const CONTROL_BUT_LINE_FEED_AND_TAB = /[^\P{Cc}\t\n]|[\u2028\u2029]/u;
/** U+200E/U+200F, the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, U+061C. */
const BIDI_CONTROL = /\p{Bidi_Control}/u;
/**
 * What shows nothing on screen yet makes two strings differ, the bidi controls aside (their own
 * rule): every format character (zero-width space and joiners, soft hyphen, word joiner, invisible
 * operators, U+FEFF, interlinear annotations, tags), the other default-ignorable ones (the Hangul
 * and Khmer fillers, the combining grapheme joiner, variation selectors) and the noncharacters.
 * Vietnamese needs none of them: its combining marks (U+0300–U+0323) are not among them.
 */
const INVISIBLE = /(?!\p{Bidi_Control})[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;

export interface TextShape {
  /** Line feeds and tabs allowed (summaries, notes, descriptions, reasons, grounds). */
  multiline?: boolean;
}

/** Whether `value` breaks `rule`; a value that is not a string breaks none (other rules say so). */
export function breaksTextRule(value: unknown, rule: UnsafeTextRule, shape: TextShape = {}): boolean {
  if (typeof value !== 'string') return false;
  switch (rule) {
    case 'noControlCharacters':
      return (shape.multiline ? CONTROL_BUT_LINE_FEED_AND_TAB : CONTROL).test(value);
    case 'noLoneSurrogates':
      return !(value as string & { isWellFormed(): boolean }).isWellFormed();
    case 'noBidiControls':
      return BIDI_CONTROL.test(value);
    case 'noInvisibleCharacters':
      return INVISIBLE.test(value);
  }
}

/** The rules `value` breaks, in the order of UNSAFE_TEXT_RULES. */
export function unsafeTextRules(value: string, shape: TextShape = {}): UnsafeTextRule[] {
  return UNSAFE_TEXT_RULES.filter((rule) => breaksTextRule(value, rule, shape));
}

export const UNSAFE_TEXT_MESSAGES: Record<UnsafeTextRule, (shape: TextShape) => string> = {
  noControlCharacters: (shape) =>
    shape.multiline
      ? 'must not contain control characters other than line feeds and tabs'
      : 'must not contain control characters, line breaks or tabs',
  noLoneSurrogates: () => 'must be well-formed Unicode (no lone surrogates)',
  noBidiControls: () => 'must not contain bidirectional control characters',
  noInvisibleCharacters: () =>
    'must not contain invisible characters (zero-width, format, filler or variation-selector characters, noncharacters)',
};

const UNPRINTABLE =
  /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}\u2028\u2029]|\p{Surrogate}/gu;

/**
 * `value` with every character the rules above refuse written as `\uXXXX` escapes (one per UTF-16
 * unit, so a tag character keeps both halves): a refused key or value can then be quoted back in an
 * error body, a log line or a stored response safely.
 */
export function printable(value: string): string {
  return value.replace(UNPRINTABLE, (char) =>
    char
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}
