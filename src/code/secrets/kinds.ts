// The kinds of credential the scanner recognises, with the words a warning uses for each.

export type SecretKind =
  | 'private-key'
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'jwt'
  | 'bearer-token'
  | 'authorization-header'
  | 'connection-string'
  | 'password'
  | 'secret';

export const SECRET_KIND_LABELS: Readonly<Record<SecretKind, string>> = {
  'private-key': 'a private key',
  'aws-access-key-id': 'an AWS access key ID',
  'aws-secret-access-key': 'an AWS secret access key',
  'github-token': 'a GitHub token',
  'gitlab-token': 'a GitLab token',
  'slack-token': 'a Slack token',
  'slack-webhook': 'a Slack webhook URL',
  'stripe-key': 'a Stripe secret key',
  jwt: 'a JSON Web Token',
  'bearer-token': 'a bearer token',
  'authorization-header': 'an Authorization header',
  'connection-string': 'a password in a connection string',
  password: 'a password',
  secret: 'a secret, key or token',
};

/** A detector's answer, before line numbers are worked out and overlaps are settled. */
export interface RawFinding {
  readonly kind: SecretKind;
  /** Offset of the secret value in the scanned text (UTF-16 units). */
  readonly start: number;
  /** Offset just past the secret value. */
  readonly end: number;
  readonly preview: string;
  /** Specific detectors (a token's known shape) win over generic ones (a key name) on overlap. */
  readonly specific: boolean;
}
