import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/**
 * The members of an enum come out in the order the type checker first met their literal types,
 * which an edit anywhere in the program can change: that order says nothing about the contract.
 */
const withSortedEnums = (text: string) =>
  text.replace(/enum: \[([^\]]*)\]/g, (_all, items: string) => `enum: [${items.split(', ').sort().join(', ')}]`);

describe('the OpenAPI metadata file', () => {
  it('is what the swagger plugin makes of the DTOs and controllers as they are now (else: npm run openapi:metadata)', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'openapi-metadata-'));
    try {
      // In a process of its own: the Nest CLI's dependencies are ES modules, which Jest cannot require.
      execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/openapi-metadata.ts', '--out', scratch], {
        cwd: ROOT,
        stdio: 'pipe',
        timeout: 60_000,
      });
      const fresh = readFileSync(join(scratch, 'metadata.ts'), 'utf8');
      const committed = readFileSync(join(ROOT, 'apps/api/src/metadata.ts'), 'utf8');
      expect(withSortedEnums(committed)).toBe(withSortedEnums(fresh));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
