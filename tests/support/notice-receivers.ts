import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** Local receivers of the hub's notifications: a webhook endpoint and an SMTP server, each recording what it took. */
export interface WebhookReceiver {
  readonly url: string;
  /** JSON bodies taken (answered 2xx), with their Authorization header. */
  readonly taken: { body: Record<string, unknown>; authorization: string | undefined }[];
  /** Statuses to answer the next requests with, one each (then 204). */
  readonly answers: number[];
  /** Every request, taken or not. */
  requests: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: Omit<WebhookReceiver, 'url' | 'close'> = { taken: [], answers: [], requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      receiver.requests += 1;
      const status = receiver.answers.shift() ?? 204;
      if (status < 300)
        receiver.taken.push({
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          authorization: req.headers.authorization,
        });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/tributary`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

export interface SmtpReceiver {
  readonly port: number;
  /** Messages taken: the envelope's recipients and the raw message. */
  readonly mails: { to: string[]; raw: string }[];
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 that takes mail only from `user` signed in with `password`. */
export async function startSmtpReceiver(user: string, password: string): Promise<SmtpReceiver> {
  const mails: SmtpReceiver['mails'] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      return callback(new Error('invalid user name or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
