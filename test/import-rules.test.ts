import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './support/cli';

/** Lints a real file placed in `dir` that imports `specifier`, and returns the import-rule messages. */
async function importRuleViolations(dir: string, specifier: string): Promise<string[]> {
  const file = join(repositoryRoot, dir, `lint-probe-${randomBytes(4).toString('hex')}.ts`);
  writeFileSync(file, `import * as probe from '${specifier}';\nexport const used = probe;\n`);
  try {
    const eslint = new ESLint({ cwd: repositoryRoot });
    const [result] = await eslint.lintFiles([file]);
    return (result?.messages ?? [])
      .filter((m) => m.ruleId === 'import-x/no-restricted-paths')
      .map((m) => m.message);
  } finally {
    rmSync(file, { force: true });
  }
}

describe('the import rules of DESIGN.md, enforced by lint', () => {
  it.each([
    ['src/app', '../api/db/client'],
    ['src/app', '../bff/config'],
    ['src/bff', '../api/config'],
    ['src/contract', '../api/ids'],
    ['src/banking', '../contract/ids'],
    ['src/api', '../bff/config'],
  ])('%s may not import %s', async (dir, specifier) => {
    const violations = await importRuleViolations(dir, specifier);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain('DESIGN.md import rules forbid');
  });

  it.each([
    ['src/app', '../contract/ids'],
    ['src/bff', '../contract/problem'],
    ['src/api', '../contract/ids'],
    ['src/cli', '../api/config'],
  ])('%s may import %s', async (dir, specifier) => {
    expect(await importRuleViolations(dir, specifier)).toEqual([]);
  });
});
