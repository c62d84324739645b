import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import ts from 'typescript';
import { AccessErrors, AGENCY_LEVELS, agencyErrors, bailiffErrors, invalidDate, type AgencyLevel } from '@app/agencies';
import { AuditErrors } from '@app/audit';
import { CaseAccessErrors, COMMAND_ROLES, type CaseCommandType } from '@app/cases';
import { DomainError, Forbidden, NotFound, type Messages } from '@app/event-sourcing';
import { WrongExpectedVersion } from '@app/event-store';
import { PlatformMessages, renderError } from '@app/platform';
import { periodErrors, StatisticsAccessErrors } from '@app/statistics';
import { ROLE_NAMES_VI, type Role } from '@app/kernel';
import { sampleCaseErrors } from '../libs/cases/src/testing/case-error-samples';

type Samples<Catalogue> = {
  [Name in keyof Catalogue]: Catalogue[Name] extends (...args: infer Args) => unknown ? Args : never;
};

/** Every factory of a catalogue called with its samples: the type makes a new factory without one fail to compile. */
function made<Catalogue extends object>(catalogue: Catalogue, samples: Samples<Catalogue>): unknown[] {
  return Object.entries(samples).map(([name, args]) =>
    (catalogue[name as keyof Catalogue] as (...sample: unknown[]) => unknown)(...(args as unknown[])),
  );
}

const CASE_ID = '0b7a3c1e-4d2f-4a8b-9c6d-1e2f3a4b5c6d';
const ROLES = Object.keys(ROLE_NAMES_VI) as Role[];

function everyLevelPair<T>(make: (level: AgencyLevel, other: AgencyLevel) => T): T[] {
  return AGENCY_LEVELS.flatMap((level) => AGENCY_LEVELS.map((other) => make(level, other)));
}

/** Every refusal the code can make with `messages`, each wording at least once. */
function everyRefusal(): { source: string; messages: Messages }[] {
  const errors: unknown[] = [
    ...sampleCaseErrors(),
    ...made(CaseAccessErrors, {
      roleMayNotCommand: ['head', 'AcceptCase', 'bailiff'],
      adminsDoNotReadCases: [],
      bailiffSeesOwnCasesOnly: [],
      onlyHeadsAndAuditorsSupervise: [],
      bailiffMovedAway: ['hn-kv1'],
    }),
    ...(Object.keys(COMMAND_ROLES) as CaseCommandType[]).flatMap((command) =>
      ROLES.map((role) => CaseAccessErrors.roleMayNotCommand(COMMAND_ROLES[command], command, role)),
    ),
    ...made(AccessErrors, { outsideOwnAgency: ['FORBIDDEN'], bailiffsDoNotListStaff: [] }),
    AccessErrors.outsideOwnAgency('OUTSIDE_OWN_AGENCY'),
    ...made(agencyErrors, {
      notFound: ['hn-kv9'],
      invalidId: ['HN KV1'],
      nameRequired: [],
      alreadyRegistered: ['hn-kv1'],
      centralHasParent: ['hn'],
      parentRequired: ['local', 'province'],
      parentNotFound: ['hn'],
      parentLevelInvalid: ['local', 'province', 'hn', 'central'],
      parentNotOpen: ['hn', '2025-07-01'],
      alreadyClosed: ['hn-kv1', '2025-06-30'],
      closesBeforeOpening: ['hn-kv1', '2025-07-01', '2025-06-30'],
      successorNotFound: ['hn-new'],
      successorIsItself: ['hn'],
      successorNotOpen: ['hn-new', '2025-07-01'],
      successorLevelInvalid: ['province', 'hn-kv1', 'local'],
      holdsOpenCases: ['hn-kv1', 12],
    }),
    ...everyLevelPair((level, other) => agencyErrors.parentRequired(level, other)),
    ...everyLevelPair((level, other) => agencyErrors.parentLevelInvalid(level, other, 'hn', level)),
    ...made(bailiffErrors, {
      notFound: ['cv-07'],
      invalidId: ['CV 07'],
      nameRequired: [],
      alreadyAppointed: ['cv-07'],
      agencyNotFound: ['hn-kv9'],
      agencyNotOpen: ['hn-kv1', '2025-07-01'],
      alreadyInAgency: ['cv-07', 'hn-kv1'],
      moveBeforePosting: ['cv-07', '2025-07-01', '2025-06-01'],
    }),
    ...(['validFrom', 'validTo', 'appointedOn', 'movedOn'] as const).map((field) => invalidDate(field, '2025-02-30')),
    ...made(periodErrors, {
      notClosed: ['hn', '2025-03'],
      notEnded: ['2025-03'],
      alreadyClosed: ['2025-03'],
    }),
    ...made(StatisticsAccessErrors, {
      notForBailiffs: [],
      auditViewsOnly: [],
      onlyHeadClosesPeriod: [],
      onlyAboveSetsTargets: [],
    }),
    ...made(AuditErrors, {
      onlyAuditorsReadHistory: [],
      wholeLogForCentralOnly: [],
      caseStreamsOnly: [],
      notYetAt: [CASE_ID, '2025-03-03T01:02:03.000Z'],
      noRevision: [CASE_ID, 7],
    }),
    new NotFound('Case', CASE_ID),
  ];
  const refusals = errors.map((error) => {
    if (!(error instanceof DomainError || error instanceof NotFound || error instanceof Forbidden)) {
      throw new Error(`Not a refusal: ${String(error)}`);
    }
    return { source: `${error.name} ${error.message}`, messages: error.messages };
  });
  const platform = [
    ...made(PlatformMessages, {
      roleNotAllowed: [['head', 'auditor'], 'bailiff'],
      readOnly: [],
      concurrentModification: [],
      idempotencyInProgress: ['A request with this Idempotency-Key is still being processed'],
      forbidden: ['Forbidden'],
      notFound: ['Cannot GET /nowhere'],
      conflict: ['Conflict'],
    }),
    ...ROLES.map((role) => PlatformMessages.roleNotAllowed(ROLES, role)),
  ] as Messages[];
  return [...refusals, ...platform.map((messages) => ({ source: `platform: ${messages.en}`, messages }))];
}

/**
 * Common English words that are not also Vietnamese syllables written without marks (so no "an", "can",
 * "do", "in", "no", "so", "to"...), plus what a template leaves when it interpolates nothing useful.
 */
const ENGLISH = new Set(
  (
    'the of and is are was were be been being it its this that these those for with from by at not or must only ' +
    'you your yours they their them we our before after under over above below into out any all some more less ' +
    'than then yet still already cannot does has have had should would could will which who what when where why ' +
    'there here case cases step steps agency agencies bailiff bailiffs head heads auditor auditors administrator ' +
    'administrators admin needs need needed month months days verification verifications latest recorded record ' +
    'records collection complaint postponement suspension move moved moving separate ledger enforceable provides ' +
    'return returned money line lines amount date invalid error found exist exists route role roles read reads ' +
    'access forbidden denied outside inside statistics period periods target targets request requests retry later ' +
    'again same time another resource changed closed open opened list lists staff whole log stream streams central ' +
    'verify supervise asked own see sees seen set sets law decree amended as per while processed key ' +
    'undefined null nan object true false none'
  ).split(' '),
);

const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

/**
 * The English words of a Vietnamese message, once what is not prose is set aside: quoted values, paths,
 * header names (Idempotency-Key), codes and identifiers (ALL_CAPS, camelCase, snake_case, a-b-c), and a
 * one-word gloss in parentheses, as Vietnamese technical writing does ("mã truy cập (token)").
 */
function englishWordsIn(vietnamese: string): string[] {
  const prose = vietnamese
    .replace(/"[^"]*"/g, ' ')
    .replace(/(^|\s)\/\S*/g, ' ')
    .replace(/\b[A-Z][a-z]+(?:-[A-Z][a-z]+)+\b/g, ' ')
    .replace(/\(\s*[A-Za-z]+\s*\)/g, ' ');
  return prose
    .split(/[^\p{L}\p{N}_-]+/u)
    .filter((token) => token !== '' && !/^[A-Z0-9_]+$/.test(token) && !/[a-z][A-Z]|_|-/.test(token))
    .map((token) => token.toLowerCase())
    .filter((token) => ENGLISH.has(token));
}

function check(messages: Messages): string[] {
  const problems: string[] = [];
  if (!VIETNAMESE_LETTER.test(messages.vi)) problems.push('has no Vietnamese letter');
  const english = englishWordsIn(messages.vi);
  if (english.length > 0) problems.push(`has English words: ${english.join(', ')}`);
  if (messages.en.trim() === '') problems.push('has no English message');
  return problems;
}

describe('Vietnamese messages', () => {
  it('finds English in a message that mixes it in, and none in one that glosses a term', () => {
    expect(englishWordsIn('Ngày thực hiện 2025-03-19 trước 2025-03-20 (the latest step recorded).')).toEqual([
      'the',
      'latest',
      'step',
      'recorded',
    ]);
    expect(englishWordsIn('Chưa đủ điều kiện chuyển sổ theo dõi riêng: it needs 2 verifications')).toEqual([
      'it',
      'needs',
      'verifications',
    ]);
    expect(check({ vi: 'Agency hn is outside your agency', en: 'x' })).toEqual([
      'has no Vietnamese letter',
      'has English words: agency, is, outside, your, agency',
    ]);
    expect(englishWordsIn('Mã truy cập (token) ghi cơ quan "the agency"; dùng lại cùng Idempotency-Key')).toEqual([]);
  });

  it('says every refusal the code can make wholly in Vietnamese, and in English too', () => {
    const refusals = everyRefusal();
    expect(refusals.length).toBeGreaterThan(150);
    const wrong = refusals
      .map(({ source, messages }) => ({ source, vi: messages.vi, problems: check(messages) }))
      .filter((refusal) => refusal.problems.length > 0);
    expect(wrong).toEqual([]);
  });

  it('gives every 403, 404 and 409 the platform renders messages in both languages', () => {
    const rendered = [
      renderError(new NotFoundException('Cannot GET /nowhere')),
      renderError(new ForbiddenException('Forbidden')),
      renderError(new ConflictException({ code: 'IDEMPOTENCY_IN_PROGRESS', message: 'still running' })),
      renderError(new WrongExpectedVersion('case-x', 1, 2)),
      renderError(CaseAccessErrors.adminsDoNotReadCases()),
      renderError(new NotFound('Case', CASE_ID)),
    ];
    for (const { status, body } of rendered) {
      expect([403, 404, 409]).toContain(status);
      const messages = body.messages as Messages;
      expect({ code: body.code, problems: check(messages) }).toEqual({ code: body.code, problems: [] });
      expect(messages.en).toBe(body.message);
    }
  });

  it('writes no English fragment into any Vietnamese text of the source', () => {
    const root = join(__dirname, '..');
    const wrong: string[] = [];
    for (const file of sourceFiles([join(root, 'libs'), join(root, 'apps')])) {
      for (const { line, text } of vietnameseLiterals(file)) {
        const english = englishWordsIn(text);
        if (english.length > 0) wrong.push(`${relative(root, file)}:${line}: ${english.join(', ')} in "${text}"`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

function sourceFiles(directories: string[]): string[] {
  return directories.flatMap((directory) =>
    readdirSync(directory, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      .map((entry) => join(entry.parentPath, entry.name)),
  );
}

/** The text of every `vi:` member written in the source, its interpolations left out. */
function vietnameseLiterals(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'vi') {
      const text = literalText(node.initializer);
      if (text !== null) {
        found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function literalText(node: ts.Expression): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return [literalText(node.left), literalText(node.right)].filter((part) => part !== null).join('');
  }
  return null;
}
