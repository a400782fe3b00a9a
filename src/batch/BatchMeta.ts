/** What one request shares: one topic, one source, one tag set (README, "The wire contract"). */
export interface BatchMeta {
  topic: string;
  source: string;
  tags: Record<string, string>;
}
