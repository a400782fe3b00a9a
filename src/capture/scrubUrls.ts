/**
 * Applies `scrub` to every absolute URL in a text such as an error message or a stack, keeping a
 * stack frame's `:line:column` after it (`https://a.example/app.js?v=secret:3:9` →
 * `https://a.example/app.js:3:9`).
 */
export function scrubUrls(text: string, scrub: (url: string) => string): string {
  return text.replace(/[a-z][\w+.-]*:\/\/[^\s()'"<>]+/gi, (m) => {
    const [, url = m, pos = ''] = /^(.*?)((?::\d+){0,2})$/s.exec(m) ?? [];
    return scrub(url) + pos;
  });
}
