import { createTransport } from 'nodemailer';
import { TributaryError } from '../../errors.js';
import type { EmailSpec, WebhookSpec } from './notify-config.js';
import { payloadOf, subjectOf, textOf, type SourceNotice } from './notice.js';

/** One way of telling people: a webhook or an e-mail. `send` throws when the notice was not taken. */
export interface Channel {
  readonly name: string;
  send(notice: SourceNotice): Promise<void>;
}

type Secret = (variable: string) => string | null;

function secretOrThrow(envSecret: Secret, variable: string, what: string): string {
  const value = envSecret(variable);
  if (value === null) throw new TributaryError('BAD_USER_INPUT', `${what}: the environment variable ${variable} is not set`);
  return value;
}

export function webhookChannel(spec: WebhookSpec, envSecret: Secret): Channel {
  const name = `webhook ${spec.url}`;
  return {
    name,
    async send(notice) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const [header, variable] of Object.entries(spec.headersEnv)) headers[header] = secretOrThrow(envSecret, variable, name);
      const response = await fetch(spec.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(payloadOf(notice)),
        redirect: 'manual',
        signal: AbortSignal.timeout(spec.timeoutMs),
      }).catch((error: Error) => {
        const why =
          error.name === 'TimeoutError'
            ? `no answer within ${spec.timeoutMs} ms`
            : String((error.cause as Error)?.message ?? error.message);
        throw new TributaryError('SOURCE_UNAVAILABLE', `${name}: ${why}`);
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300)
        throw new TributaryError('SOURCE_UNAVAILABLE', `${name}: HTTP ${response.status}`);
    },
  };
}

export function emailChannel(spec: EmailSpec, envSecret: Secret): Channel {
  const { smtp } = spec;
  const name = `e-mail via ${smtp.host}:${smtp.port}`;
  return {
    name,
    async send(notice) {
      const transport = createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        requireTLS: smtp.requireTLS,
        connectionTimeout: smtp.timeoutMs,
        greetingTimeout: smtp.timeoutMs,
        socketTimeout: smtp.timeoutMs,
        ...(smtp.user && smtp.passwordEnv ? { auth: { user: smtp.user, pass: secretOrThrow(envSecret, smtp.passwordEnv, name) } } : {}),
      });
      try {
        await transport.sendMail({ from: spec.from, to: spec.to, subject: subjectOf(notice), text: textOf(notice) });
      } catch (error) {
        throw new TributaryError('SOURCE_UNAVAILABLE', `${name}: ${(error as Error).message}`);
      } finally {
        transport.close();
      }
    },
  };
}
