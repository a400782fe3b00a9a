export interface RunResult {
  stdout: string;
  stderr: string;
  output: string;
  ms: number;
}
export function run(cmd: string, args: string[], options?: { cwd?: string; timeout?: number }): RunResult;
export interface PackInfo {
  filename: string;
  size: number;
  files: { path: string }[];
}
export function packTarball(root: string, dest: string): { tarball: string; info: PackInfo };
export function installTarball(tarball: string, app: string): void;
