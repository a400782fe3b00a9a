/**
 * Replace lone surrogates with U+FFFD. JSON.stringify would escape them as `\udxxx`, which the
 * receiver decodes back into invalid text (`InvalidEncoding`); fixed text is real UTF-8.
 */
export function fixSurrogates(s: string): string {
  // Native toWellFormed (ES2024) returns at once when there is nothing to fix.
  const w = (s as { toWellFormed?: () => string }).toWellFormed;
  return w
    ? w.call(s)
    : // Pairs match first and stay; what is left is lone. No lookbehind: Safari < 16.4 lacks it.
      s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, (m) => (m[1] ? m : '\uFFFD'));
}
