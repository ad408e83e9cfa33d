// Which corpus vectors (src/sandbox/xss-corpus.ts) a simulator's hostile data lacks, for
// the sandbox tests of every vendor: each vendor carries every vector of the formats it stores.
import { beaconUrl, XSS_CORPUS, type XssTarget } from '../../src/sandbox/xss-corpus';

export function missingVectors(origin: string, formats: readonly XssTarget[], stored: readonly string[]): string[] {
  const text = stored.join('\n');
  return XSS_CORPUS.filter((vector) => vector.where.some((format) => formats.includes(format)))
    .filter((vector) => !text.includes(vector.payload(beaconUrl(origin, vector.id))))
    .map((vector) => vector.id);
}
