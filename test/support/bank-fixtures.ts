import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * For tests: the bank files written by others in ../shared/fixtures (beside the repository). When
 * that folder is absent the conformance tests cannot run; they say so on stderr, and the tests that
 * need no fixture still run.
 */
export const FIXTURES_DIR = resolve(import.meta.dirname, '../../../shared/fixtures');

export const FIXTURES_PRESENT = existsSync(resolve(FIXTURES_DIR, 'README.md'));

export function reportMissingFixtures(suite: string): void {
  if (!FIXTURES_PRESENT) {
    process.stderr.write(`${suite} NOT RUN: the shared bank-file fixtures are not in ${FIXTURES_DIR}\n`);
  }
}

export function fixtureBytes(path: string): Buffer {
  return readFileSync(resolve(FIXTURES_DIR, path));
}

export function fixtureText(path: string): string {
  return fixtureBytes(path).toString('utf8');
}
