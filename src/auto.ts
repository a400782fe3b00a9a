// The auto-capture entry (`sls-webtrack/auto`): nothing runs until autoCapture() is called.
export { autoCapture } from './capture/autoCapture';
export type { AutoCaptureOptions } from './types';
