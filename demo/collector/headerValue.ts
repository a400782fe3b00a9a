/**
 * A request header as one string. Node joins repeated custom headers with ", " already; the
 * array type is only for set-cookie, joined the same way here.
 */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
