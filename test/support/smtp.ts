import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP server in this process, on 127.0.0.1: every mail it accepts, raw. */
export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** The mails the embedded default wrote to DATA_DIR/mail, raw, with their recipients. */
export function mailFolder(dataDir: string): ReceivedMail[] {
  const folder = path.join(dataDir, 'mail');
  let files: string[] = [];
  try {
    files = readdirSync(folder).filter((f) => f.endsWith('.eml'));
  } catch {
    files = [];
  }
  return files.sort().map((f) => {
    const raw = readFileSync(path.join(folder, f), 'utf8');
    return { to: [/^To: (.+)$/m.exec(raw)?.[1]?.trim() ?? ''], raw };
  });
}

/** A mail's text with quoted-printable undone (soft line breaks, =XX escapes). */
export const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
