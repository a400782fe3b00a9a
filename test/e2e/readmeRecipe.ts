// The README's code blocks named with `file=<name>` in their info string, as the browser tests
// load them: the same text, with the SLS endpoint replaced by the test collector.
import { readFileSync } from 'node:fs';
import { COLLECTOR } from './collector.ts';

/** The README's ```<lang> file=<name> block, with its host pointing at the test collector. */
export function readmeRecipe(lang: string, name: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const block = [...readme.matchAll(/^```(\w+) file=(\S+)\n([\s\S]*?)^```$/gm)].find((m) => m[1] === lang && m[2] === name);
  if (!block) throw new Error(`README has no \`\`\`${lang} file=${name} block`);
  return block[3]!.replaceAll('cn-hangzhou.log.aliyuncs.com', COLLECTOR);
}
