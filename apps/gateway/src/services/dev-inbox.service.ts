import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import PostalMime from 'postal-mime';
import { loadMailConfig, RUNTIME, type Runtime } from '@mt/runtime';
import { ProblemError } from '../http/problem';

export interface DevMail {
  id: string;
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  sentAt: string | null;
}

/** Files read per request at most: the newest ones (a dev inbox, not an archive). */
const SCAN_LIMIT = 500;

/**
 * The dev inbox (ADR 116): in the embedded default without SMTP_URL, mails are .eml files in
 * MAIL_DIR; this reads them back for the web app, showing a signed-in user only the mails
 * addressed to their own email. With SMTP_URL set, or in the distributed mode, it does not exist.
 */
@Injectable()
export class DevInboxService {
  readonly enabled: boolean;
  private readonly folder: string;

  constructor(@Inject(RUNTIME) runtime: Runtime) {
    const mail = loadMailConfig(runtime.config.settings, runtime.config.dataDir);
    this.enabled = runtime.embedded && !mail.smtpUrl;
    this.folder = mail.folder;
  }

  async mailsTo(email: string, limit: number): Promise<DevMail[]> {
    if (!this.enabled) {
      throw new ProblemError('NOT_FOUND', 'The dev inbox exists only in the embedded mode without SMTP_URL: mails go out over SMTP here.');
    }
    const me = email.trim().toLowerCase();
    let files: string[];
    try {
      files = (await readdir(this.folder)).filter((f) => f.endsWith('.eml'));
    } catch {
      return [];
    }
    // File names start with the ISO time of writing: newest first by name.
    files.sort().reverse();
    const out: DevMail[] = [];
    for (const file of files.slice(0, SCAN_LIMIT)) {
      const parsed = await PostalMime.parse(await readFile(path.join(this.folder, file)));
      const to = (parsed.to ?? []).flatMap((a) => ('address' in a && a.address ? [a.address.toLowerCase()] : []));
      if (!to.includes(me)) continue;
      out.push({
        id: file.replace(/\.eml$/, ''),
        from: parsed.from?.address ?? null,
        to,
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        sentAt: parsed.date ? new Date(parsed.date).toISOString() : null,
      });
      if (out.length >= limit) break;
    }
    return out;
  }
}
