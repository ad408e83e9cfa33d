// Every simulator the sandbox runs, in the order the Tickets view shows them. Adding a
// vendor's simulator is one line here (plus its folder's sandbox.ts).
import { deskdirectorSandbox } from './deskdirector/sandbox';
import { deskproSandbox } from './deskpro/sandbox';
import { diamantedeskSandbox } from './diamantedesk/sandbox';
import { jitbitSandbox } from './jitbit/sandbox';
import type { SandboxEntry } from './types';

export const sandboxEntries: readonly SandboxEntry[] = [deskproSandbox, jitbitSandbox, deskdirectorSandbox, diamantedeskSandbox];
