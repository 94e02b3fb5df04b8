import { z } from 'zod';
import { envName, httpUrl, secretHeaders, text, whole } from '../sources/config-fields.js';

/**
 * Who is told when a source turns failing or recovers (the sources file's `notify`): a webhook
 * (a JSON POST) and/or e-mail through an SMTP server. As for sources, secrets are named by their
 * environment variable (`headersEnv`, `passwordEnv`), never written in the file.
 */
const timeoutMs = whole(100, 600_000).default(10_000);

const webhook = z.strictObject({ url: httpUrl, headersEnv: secretHeaders, timeoutMs });

const smtp = z
  .strictObject({
    host: text,
    port: whole(1, 65_535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send unless the server upgrades to TLS. */
    requireTLS: z.boolean().default(false),
    user: text.optional(),
    passwordEnv: envName.optional(),
    timeoutMs,
  })
  .refine((s) => (s.user === undefined) === (s.passwordEnv === undefined), {
    message: 'user and passwordEnv go together (or neither, for a server that takes mail without signing in)',
  });

const email = z.strictObject({
  smtp,
  from: z.email('must be an e-mail address'),
  to: z.array(z.email('must be an e-mail address')).min(1),
});

export const NotifySpec = z
  .strictObject({
    webhook: webhook.optional(),
    email: email.optional(),
    /** A notice that could not be delivered is tried again this many times in all, `delayMs` doubling between. */
    retry: z.strictObject({ attempts: whole(1, 10).default(3), delayMs: whole(0, 600_000).default(5_000) }).default({
      attempts: 3,
      delayMs: 5_000,
    }),
  })
  .refine((n) => n.webhook !== undefined || n.email !== undefined, { message: 'name a webhook, an email, or both' });
export type NotifySpec = z.infer<typeof NotifySpec>;
export type WebhookSpec = z.infer<typeof webhook>;
export type EmailSpec = z.infer<typeof email>;
