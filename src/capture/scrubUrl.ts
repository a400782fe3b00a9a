/**
 * Removes what a captured URL may leak: query parameters other than `allowed`, the fragment
 * (unless `keepHash`), user:password credentials, and the payload of a `data:` URL. Works on the
 * string as given (absolute or relative), without parsing or re-encoding it.
 *
 * With `keepHash`, the fragment's path part is kept (`#/orders/42` for hash routers) and the
 * parameters after a `?` in it are filtered like the query. A fragment that is parameters itself
 * (an `=` before any `?`, as OAuth's `#access_token=…&state=…`) is filtered as parameters too.
 */
export function scrubUrl(url: string, allowed: readonly string[] = [], keepHash = false): string {
  if (/^data:/i.test(url)) return url.slice(0, url.indexOf(',') + 1) || 'data:';
  url = url.replace(/^([a-z][\w+.-]*:\/\/)[^/?#]*@/i, '$1');
  const [main = '', ...h] = url.split('#');
  const [base = '', ...q] = main.split('?');
  let out = base + params(q.join('?'), allowed);
  if (keepHash && h.length) {
    const hash = h.join('#');
    const [path = '', ...hq] = hash.split('?');
    const frag = path.includes('=') ? params(hash, allowed).slice(1) : path + params(hq.join('?'), allowed);
    if (frag) out += '#' + frag;
  }
  return out;
}

/** `?` and the `name=value` pairs of `query` whose name is allowed, as written; '' when none. */
function params(query: string, allowed: readonly string[]): string {
  const kept = query.split('&').filter((p) => {
    let name = p.split('=')[0]!.replace(/\+/g, ' ');
    try {
      name = decodeURIComponent(name);
    } catch {
      // A malformed escape: compare the name as written.
    }
    return allowed.includes(name);
  });
  return kept.length ? '?' + kept.join('&') : '';
}
