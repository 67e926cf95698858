import { randomBytes } from 'node:crypto';

/** The run's RabbitMQ vhost (created in global-setup). */
export function testAmqpUrl(): string {
  const url = process.env.MT_TEST_AMQP_URL;
  if (!url) throw new Error('MT_TEST_AMQP_URL is not set: the Jest global setup did not run');
  return url;
}

/** A namespace for exchange and queue names, unique to one test, so files running in parallel never share a queue. */
export function testNamespace(label = 't'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}
