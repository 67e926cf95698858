import { AppLogger } from '../logging/json-logger';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
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
  private readonly logger = new AppLogger('Mailer');
  private transport?: Transporter;

  constructor(@Inject(MAIL_CONFIG) private readonly config: MailConfig) {}

  /**
   * nodemailer (~90 modules) is loaded with the first mail, not by every process that imports the
   * runtime: only auth-agent sends mail, and seldom (ADR 192).
   */
  private transporter(): Transporter {
    if (!this.transport) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const nodemailer = require('nodemailer') as typeof Nodemailer;
      this.transport = this.config.smtpUrl
        ? nodemailer.createTransport(this.config.smtpUrl)
        : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
    return this.transport;
  }

  async send(mail: Mail): Promise<void> {
    const info = await this.transporter().sendMail({ from: this.config.from, ...mail });
    if (!this.config.smtpUrl) {
      mkdirSync(this.config.folder, { recursive: true });
      const file = path.join(this.config.folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(info.messageId).replace(/[^\w.-]/g, '')}.eml`);
      writeFileSync(file, (info as unknown as { message: Buffer }).message, { mode: 0o600 });
      this.logger.log(`mail to ${mail.to} written to ${file}`);
    }
  }
}
