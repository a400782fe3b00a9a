// The auto-capture entry (`sls-webtrack/auto`): nothing runs until autoCapture() is called.
export { autoCapture } from './autoCapture';
export type { AutoCaptureOptions } from './autoCapture';
