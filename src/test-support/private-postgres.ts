/**
 * @module A PostgreSQL cluster of a test's own (initdb into a temp dir, a free port, its socket in
 * that dir), for tests that stop and start the database: the shared one on 5432 is never touched.
 * As root the cluster runs as the `postgres` user (initdb refuses root). Stop it with destroy(),
 * in a finally: it kills what is left by the postmaster's PID.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const ROOT = '/usr/lib/postgresql';

/** The newest installed server's bin directory (Debian layout), or undefined. */
export function postgresBinDir(): string | undefined {
  if (!existsSync(ROOT)) return undefined;
  const versions = readdirSync(ROOT)
    .filter((v) => existsSync(join(ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(ROOT, versions[0], 'bin');
}

export interface PrivatePostgres {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /** pg_ctl stop: `fast` ends sessions cleanly, `immediate` like a crash. */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT every process of the cluster: up, but answering nothing. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** Stops the cluster (whatever its state) and removes its directory. */
  destroy(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`no PostgreSQL server binaries under ${ROOT}`);
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'axonflow-pg-'));
  const data = join(dir, 'data');
  if (asRoot) chownSync(dir, ...postgresIds());
  const port = await freePort();
  const sh = (command: string) => (asRoot ? run('su', ['postgres', '-c', command]) : run('sh', ['-c', command]));
  const pgCtl = (args: string) => sh(`${bin}/pg_ctl -D ${data} -w -t 30 ${args}`);
  const postmasterPid = () => {
    try {
      return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return undefined;
    }
  };
  const signalAll = async (signal: 'STOP' | 'CONT') => {
    const pid = postmasterPid();
    if (!pid) throw new Error('the private PostgreSQL is not running');
    const pids = [pid, ...childrenOf(pid)];
    // The postmaster first on STOP (it would restart stopped children), last on CONT.
    for (const p of signal === 'STOP' ? pids : pids.reverse()) process.kill(p, `SIG${signal}`);
  };

  await sh(`${bin}/initdb -D ${data} -A trust -U postgres --no-sync >/dev/null`);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = () => pgCtl(`-o "${options}" -l ${join(dir, 'log')} start`).then(() => undefined);
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: (mode) => pgCtl(`-m ${mode} stop`).then(() => undefined),
    start,
    freeze: () => signalAll('STOP'),
    thaw: () => signalAll('CONT'),
    async destroy() {
      const pid = postmasterPid();
      if (pid) {
        await signalAll('CONT').catch(() => undefined);
        await pgCtl('-m immediate stop').catch(() => undefined);
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Child process ids, from /proc (no dependency on procps). */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid …; comm may hold spaces and parentheses, so parse after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) children.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return children;
}

function postgresIds(): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}
