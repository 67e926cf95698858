export * from './mail.config';
export * from './mailer';
