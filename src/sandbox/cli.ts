// Runs the simulators from a terminal, for trying the extension or another client
// against them by hand:
//   tsx src/sandbox/cli.ts [--port 8808] [--host 127.0.0.1] [--seed N] [--only TYPE]
// Each simulator in the registry listens on the next port up from --port.
import { startAll } from './index';
import { sandboxEntries } from './registry';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function intOption(name: string): number | undefined {
  const raw = option(name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) fail(`--${name} must be a whole number (got "${raw}")`);
  return Number(raw);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const only = option('only');
  const types = sandboxEntries.map((entry) => entry.type);
  if (only !== undefined && !types.includes(only)) fail(`--only must be one of ${types.join(', ')} (got "${only}")`);
  const basePort = intOption('port') ?? 8808;
  const host = option('host') ?? '127.0.0.1';
  const seed = intOption('seed');
  const simulators = await startAll(
    sandboxEntries
      .map((entry, index) => ({ entry, port: basePort + index }))
      .filter(({ entry }) => only === undefined || entry.type === only)
      .map(({ entry, port }) => () => entry.start({ port, host, ...(seed === undefined ? {} : { seed }) })),
  );
  for (const simulator of simulators) process.stdout.write(`${simulator.describe().join('\n')}\n\n`);
  process.stdout.write('Press Ctrl+C to stop.\n');
  const stop = (signal: string): void => {
    process.stdout.write(`\n${signal}: shutting down\n`);
    Promise.all(simulators.map((simulator) => simulator.close())).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
