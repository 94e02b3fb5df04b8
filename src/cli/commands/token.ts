import { Command, InvalidArgumentError } from 'commander';
import { isRole, ROLES, type Role } from '../../auth/viewer.js';
import { loadConfig, type Config } from '../../config.js';

/**
 * `tributary token --role <role>…`: a signed bearer token for the graph, for development and
 * scripts. It is signed with the hub's own secret (TRIBUTARY_JWT_SECRET, or in development the
 * generated one in data/dev-jwt-secret), so the hub on the same configuration accepts it.
 * Only the token goes to stdout: `TOKEN=$(npx tributary token --role analyst)`.
 */
export interface TokenOptions {
  readonly role?: readonly Role[];
  readonly subject?: string;
  readonly expires: string;
}

function addRole(value: string, previous: readonly Role[] = []): Role[] {
  if (!isRole(value)) throw new InvalidArgumentError(`roles are ${ROLES.join(', ')}`);
  return previous.includes(value) ? [...previous] : [...previous, value];
}

export function tokenCommand(): Command {
  return new Command('token')
    .description('print a signed bearer token (JWT) for the graph, for development and scripts')
    .option('--role <role>', `a role the token grants, repeatable: ${ROLES.join(', ')}`, addRole)
    .option('--subject <name>', 'who the token names (default: TRIBUTARY_OPERATOR or the login name)')
    .option('--expires <duration>', 'how long it is valid: 90s, 15m, 8h (at most TRIBUTARY_MAX_TOKEN_LIFETIME, default 12h)', '8h')
    .action(async (options: TokenOptions) => {
      const issued = await issueToken(loadConfig(), options);
      process.stdout.write(`${issued.token}\n`);
      process.stderr.write(`a token for ${issued.subject} (${issued.roles.join(', ')}), valid until ${issued.expiresAt}\n`);
    });
}

export interface IssuedToken {
  readonly token: string;
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly expiresAt: string;
}

export async function issueToken(config: Config, options: TokenOptions): Promise<IssuedToken> {
  const { loadJwtSettings, parseDuration, signToken } = await import('../../auth/jwt.js');
  const roles = options.role ?? [];
  if (roles.length === 0) throw new Error(`give at least one --role (${ROLES.join(', ')})`);
  const subject = (options.subject ?? config.operator).trim();
  if (!subject) throw new Error('--subject is empty');
  const expiresIn = parseDuration(options.expires);
  if (expiresIn > config.auth.maxTokenLifetime) {
    throw new Error(
      `--expires ${options.expires} is longer than the hub accepts (${config.auth.maxTokenLifetime} s, TRIBUTARY_MAX_TOKEN_LIFETIME): the token would be refused`,
    );
  }
  const settings = await loadJwtSettings(config.auth);
  if (!settings) {
    throw new Error(
      `TRIBUTARY_JWT_SECRET is not set: outside development (NODE_ENV=${config.env}) the hub then accepts no bearer tokens, so there is nothing to sign with`,
    );
  }
  const issuedAt = Math.floor(Date.now() / 1000) * 1000;
  const token = await signToken(settings, { subject, roles, expiresIn }, new Date(issuedAt));
  return { token, subject, roles, expiresAt: new Date(issuedAt + expiresIn * 1000).toISOString() };
}
