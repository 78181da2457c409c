// `npm start` and `npm run hub`: runs the builds, then the server as this process's only child, and
// stops it when this process is told to stop or loses its parent.
//
// Why a launcher instead of `a && b && node server.js` in package.json: npm runs a script under
// `sh -c`, and a SIGTERM to npm (what a process manager or `kill` sends) reaches that shell, which
// dies without passing it on; npm then exits and the server is re-parented, still holding its ports.
// Here npm's shell is the parent: when it goes, this launcher notices (its parent id changes) and
// stops the server; a signal sent to the launcher itself is passed on; the server watches its IPC
// channel, so even a launcher killed outright (SIGKILL) leaves nothing running.
//
//   node scripts/start.mjs [demo|hub]      (default demo)
//
// XIAONAO_PREBUILT=1 skips the builds (a process manager restarting a deployed build, or tests that built once).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What each target builds first (npm scripts of package.json) and which built file it runs. */
const TARGETS = {
  demo: { builds: ['build', 'build:web'], entry: 'dist/apps/sim/src/demo.js' },
  hub: { builds: ['build'], entry: 'dist/apps/hub/src/main.js' },
};

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** How often the launcher checks that whoever started it is still there. */
const PARENT_CHECK_MS = 200;

const name = process.argv[2] ?? 'demo';
const target = TARGETS[name];
if (!target) {
  console.error(`未知目标 / unknown target: ${name} (${Object.keys(TARGETS).join(', ')})`);
  process.exit(2);
}

/** The child running now (a build, then the server), whether it leads its own process group, and the signal that asked us to stop. */
let current = null;
let currentIsGroup = false;
let stopSignal = null;

function stop(signal) {
  stopSignal ??= signal;
  if (!current || current.exitCode !== null || current.signalCode !== null) return;
  if (currentIsGroup) {
    // A build runs in its own process group (npm → sh → node): end all of it, not just npm.
    try {
      process.kill(-current.pid, signal);
    } catch {
      // already gone
    }
  } else {
    current.kill(signal);
  }
}

for (const signal of FORWARDED) process.on(signal, () => stop(signal));

// npm's shell dies of the SIGTERM npm passes on; the launcher is then re-parented (its parent id changes).
const parent = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(parentWatch);
  stop('SIGTERM');
}, PARENT_CHECK_MS);
parentWatch.unref();

/** Exit code for a child that ended by `signal`, as a shell reports it (128 + number). */
const signalExitCode = (signal) => 128 + (constants.signals[signal] ?? 0);

function run(command, args, options) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, ...options });
    current = child;
    currentIsGroup = options.detached === true;
    child.once('error', (error) => {
      console.error(error);
      done(1);
    });
    child.once('exit', (code, signal) => done(code ?? signalExitCode(signal)));
  });
}

/** npm run <script>, with the npm that started us when there is one. */
function npmRun(script) {
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli, 'run', script]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', script]];
  // Its own process group (not on Windows, where that means a new console), so a stop ends the whole build.
  return run(command, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: process.platform !== 'win32', shell: process.platform === 'win32' });
}

async function main() {
  for (const script of process.env.XIAONAO_PREBUILT === '1' ? [] : target.builds) {
    if (stopSignal) return signalExitCode(stopSignal);
    const code = await npmRun(script);
    if (code !== 0) return code;
  }
  if (stopSignal) return signalExitCode(stopSignal);
  // stdio shared with this process (the server's banner and logs go to the terminal as before), plus an
  // IPC channel whose closing tells the server that the launcher is gone.
  return run(process.execPath, [target.entry], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
}

process.exitCode = await main();
clearInterval(parentWatch);
process.exit();
