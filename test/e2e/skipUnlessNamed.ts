// A test whose promise the browser will not let it check (no back/forward cache restore, no
// prerender) skips, with the browser's reason. In CI (CI or REQUIRE_NAMED_SKIPS set, as .ci/run
// does) a skip fails instead, unless README.md ("Tests that may skip") names the case: a promise is
// never left unchecked without the README saying so.
import { readFileSync } from 'node:fs';
import { test } from '@playwright/test';

const strict = () => Boolean(process.env.CI || process.env.REQUIRE_NAMED_SKIPS);

/** Skips when `skip` holds (`caseName`, the words README.md must hold; `detail`, the browser's reason). */
export function skipUnlessNamed(skip: boolean, caseName: string, detail: string): void {
  if (!skip) return;
  if (strict() && !readFileSync(new URL('../../README.md', import.meta.url), 'utf8').includes(caseName)) {
    throw new Error(`${caseName} would be skipped (${detail}), and README.md does not name the case: in CI that fails`);
  }
  test.skip(true, `${caseName}: ${detail}`);
}
