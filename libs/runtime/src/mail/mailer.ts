import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { MAIL_CONFIG, type MailConfig } from './mail.config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mail with nodemailer: over SMTP when SMTP_URL is set, else (the embedded default) each mail
 * is written as an .eml file to MAIL_DIR (DATA_DIR/mail), where a single-machine operator reads it
 * (and the web app's dev inbox shows it, ADR 116).
 */
@Injectable()
export class Mailer {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter;

  constructor(@Inject(MAIL_CONFIG) private readonly config: MailConfig) {
    this.transport = config.smtpUrl
      ? nodemailer.createTransport(config.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: Mail): Promise<void> {
    const info = await this.transport.sendMail({ from: this.config.from, ...mail });
    if (!this.config.smtpUrl) {
      mkdirSync(this.config.folder, { recursive: true });
      const file = path.join(this.config.folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(info.messageId).replace(/[^\w.-]/g, '')}.eml`);
      writeFileSync(file, (info as unknown as { message: Buffer }).message, { mode: 0o600 });
      this.logger.log(`mail to ${mail.to} written to ${file}`);
    }
  }
}
