/** Names from the client, in records and messages, kept short: at most 128 characters and "…". */
export function clip(text: string): string {
  return text.length > 128 ? `${text.slice(0, 128)}…` : text;
}
