import { MAX_TOPIC_BYTES } from '../lib/limits';
import { utf8Length } from './utf8Length';

/** A topic or source the service takes: a string of at most 128 UTF-8 bytes. */
export const isTopicOrSource = (v: unknown): v is string => typeof v === 'string' && utf8Length(v) <= MAX_TOPIC_BYTES;
