// Secrets the simulators hand out (API keys, tokens, passwords). The seed data comes from
// a seeded generator so a failing test can be reproduced, but secrets must not: the same
// seed on every start would give every sandbox the same key, known to anyone who read the
// code. These come from the system's cryptographic generator, new on every start.
import { randomInt } from 'node:crypto';

export function randomCode(length: number, alphabet: string): string {
  let code = '';
  for (let i = 0; i < length; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}
