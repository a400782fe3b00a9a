/**
 * One accepted request, before the service adds its own fields: one topic, one source and one
 * tag set for all its logs (README, "The wire contract"). Logs and tags are key/value pairs rather than objects
 * so a key such as `__proto__` stays data and never touches a prototype.
 */
export interface LogBatch {
  topic: string | undefined;
  source: string | undefined;
  tags: Array<[string, string]>;
  logs: Array<Array<[string, string]>>;
  /**
   * Per log, the `__time__` (seconds since the epoch) the client gave, or undefined for the
   * arrival time; only the signed form may give one.
   */
  times: Array<number | undefined>;
}
