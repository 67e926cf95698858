import { ConfigError } from '@mt/runtime';
import { loadInstanceOwnerConfig } from './instance-owner.config';

describe('INSTANCE_OWNER_EMAILS', () => {
  it('is a normalised list; unset means the first registered user', () => {
    expect(loadInstanceOwnerConfig({ INSTANCE_OWNER_EMAILS: ' Boss@Example.com , ops@example.com,' }).emails).toEqual(['boss@example.com', 'ops@example.com']);
    expect(loadInstanceOwnerConfig({}).emails).toEqual([]);
  });

  it('stops start-up on something that is not an email, naming the setting', () => {
    expect(() => loadInstanceOwnerConfig({ INSTANCE_OWNER_EMAILS: 'boss@example.com, not-an-email' })).toThrow(ConfigError);
    expect(() => loadInstanceOwnerConfig({ INSTANCE_OWNER_EMAILS: 'nope' })).toThrow(/INSTANCE_OWNER_EMAILS/);
  });
});
