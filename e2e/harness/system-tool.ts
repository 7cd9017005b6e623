/**
 * Tests that need a system program: in CI (CI=true) a missing program is a failure, elsewhere the test
 * is skipped with one line saying what to install.
 */
import { accessSync, constants } from 'node:fs';
import type { TestContext } from 'node:test';

export function findExecutable(candidates: readonly string[]): string | null {
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return null;
}

/** Returns the program's path, or null after marking the test skipped (outside CI). */
export function requireTool(
  t: TestContext,
  what: string,
  candidates: readonly string[],
  install: string,
): string | null {
  const found = findExecutable(candidates);
  if (found !== null) return found;
  const reason = `${what} not found (${candidates.join(', ')}); install it with: ${install}`;
  if (process.env.CI === 'true') throw new Error(reason);
  t.skip(reason);
  return null;
}
