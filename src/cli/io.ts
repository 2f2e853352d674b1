// The streams a CLI command writes to; tests pass their own to run commands in-process.
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin?: NodeJS.ReadableStream;
  /** Whether stdout is a terminal (progress bars, colour). */
  readonly isTTY?: boolean;
}
