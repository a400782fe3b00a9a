/** Which ingest endpoint a path is. */
export interface IngestRoute {
  logstore: string;
  /**
   * track: POST (batch) or GET (one log); track.gif / track_ua.gif: GET, answers a 1×1 GIF;
   * signed: `POST /logstores/{logstore}`, the same JSON body signed with an AccessKey (PostLogStoreLogs
   * as @aliyun-sls/web-sts-plugin sends it).
   */
  form: 'track' | 'track.gif' | 'track_ua.gif' | 'signed';
}

const ingestPath = /^\/logstores\/([^/]+)(?:\/(track|track\.gif|track_ua\.gif))?$/;

export function matchIngestPath(path: string): IngestRoute | undefined {
  const match = ingestPath.exec(path);
  if (!match) return undefined;
  return { logstore: match[1]!, form: (match[2] ?? 'signed') as IngestRoute['form'] };
}
