/**
 * @module Where axonctl writes: data to stdout, messages to stderr, colour only when the stream is
 * a terminal and NO_COLOR is unset (FORCE_COLOR forces it, for pagers).
 */
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export interface Terminal {
  /** One line of data (stdout). */
  out(text: string): void;
  /** One line of messages (stderr). */
  err(text: string): void;
  /** Raw bytes or text on stdout, no newline added. */
  write(text: string): void;
  /** Colours for stdout (identity functions when colour is off). */
  readonly color: Colors;
  /** Colours for stderr. */
  readonly errColor: Colors;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
}

function colorOn(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function processTerminal(env: NodeJS.ProcessEnv = process.env): Terminal {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    write: (text) => process.stdout.write(text),
    color: pc.createColors(colorOn(process.stdout, env)),
    errColor: pc.createColors(colorOn(process.stderr, env)),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
  };
}

/** The colour of a status word: green done, red failed, yellow in progress or waiting. */
export function statusColor(color: Colors, status: string): (text: string) => string {
  if (status === 'completed' || status === 'allow' || status === 'approved') return color.green;
  if (['failed', 'aborted', 'expired', 'blocked', 'block', 'rejected'].includes(status)) return color.red;
  if (status === 'cancelled') return color.magenta;
  if (['running', 'pending', 'paused', 'approval', 'require_approval', 'retrying'].includes(status)) return color.yellow;
  return (text) => text;
}
