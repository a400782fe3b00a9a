/** Which ingest endpoint a path is. */
export interface IngestRoute {
  logstore: string;
  /** track: POST (batch) or GET (one log); track.gif / track_ua.gif: GET, answers a 1×1 GIF. */
  form: 'track' | 'track.gif' | 'track_ua.gif';
}

const ingestPath = /^\/logstores\/([^/]+)\/(track|track\.gif|track_ua\.gif)$/;

export function matchIngestPath(path: string): IngestRoute | undefined {
  const match = ingestPath.exec(path);
  if (!match) return undefined;
  return { logstore: match[1]!, form: match[2] as IngestRoute['form'] };
}
