// Runs the simulators from a terminal, for trying the extension or another client
// against them by hand:
//   tsx src/sandbox/cli.ts [--port 8808] [--jitbit-port 8809] [--host 127.0.0.1] [--seed N]
//                          [--only deskpro|jitbit] [--jitbit-base-path /helpdesk]
import { DEFAULT_SEED } from './deskpro/data';
import { startDeskproSimulator } from './deskpro/server';
import { DEFAULT_SEED as JITBIT_DEFAULT_SEED } from './jitbit/data';
import { startJitbitSimulator } from './jitbit/server';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function intOption(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) {
    process.stderr.write(`--${name} must be a whole number (got "${raw}")\n`);
    process.exit(2);
  }
  return Number(raw);
}

async function startDeskpro(): Promise<{ close(): Promise<void> }> {
  const simulator = await startDeskproSimulator({
    port: intOption('port', 8808),
    host: option('host') ?? '127.0.0.1',
    seed: intOption('seed', DEFAULT_SEED),
  });
  process.stdout.write(
    [
      `DeskPRO API v2 simulator listening on ${simulator.url}  (API: ${simulator.url}/api/v2/)`,
      `  API key:        ${simulator.apiKey}   (Authorization: key ${simulator.apiKey})`,
      `  API token:      ${simulator.apiToken}`,
      `  restricted key: ${simulator.restrictedApiKey}   (not an agent: 403 on agent routes)`,
      `  signed in as:   ${simulator.me.name} <${simulator.me.email}> (person ${simulator.me.id})`,
      `  seed data:      ${simulator.state.tickets.size} tickets, generated in ${simulator.state.generatedInMs.toFixed(0)} ms`,
      '',
    ].join('\n'),
  );
  return simulator;
}

async function startJitbit(): Promise<{ close(): Promise<void> }> {
  const simulator = await startJitbitSimulator({
    port: intOption('jitbit-port', 8809),
    host: option('host') ?? '127.0.0.1',
    seed: intOption('seed', JITBIT_DEFAULT_SEED),
    basePath: option('jitbit-base-path') ?? '/helpdesk',
  });
  process.stdout.write(
    [
      `Jitbit Helpdesk simulator listening on ${simulator.url}  (API: ${simulator.url}/api/)`,
      `  Basic auth:     ${simulator.username} / ${simulator.password}   (admin and technician)`,
      `  Bearer token:   ${simulator.token}`,
      `  AD account:     ${simulator.domainUsername} / ${simulator.domainPassword}   (technician, not admin)`,
      `  signed in as:   ${simulator.me.name} <${simulator.me.email}> (user ${simulator.me.id})`,
      `  seed data:      ${simulator.state.tickets.size} tickets, generated in ${simulator.state.generatedInMs.toFixed(0)} ms`,
      '  Three wrong logins from one IP lock it out for 5 minutes.',
      '',
    ].join('\n'),
  );
  return simulator;
}

async function main(): Promise<void> {
  const only = option('only');
  if (only !== undefined && only !== 'deskpro' && only !== 'jitbit') {
    process.stderr.write(`--only must be deskpro or jitbit (got "${only}")\n`);
    process.exit(2);
  }
  const simulators = [...(only !== 'jitbit' ? [await startDeskpro()] : []), ...(only !== 'deskpro' ? [await startJitbit()] : [])];
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
