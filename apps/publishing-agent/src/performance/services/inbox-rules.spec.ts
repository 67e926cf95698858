import { bannedWordsIn } from './inbox-rules';

describe('banned words in a reply', () => {
  it('finds whole words and phrases, whatever their case', () => {
    expect(bannedWordsIn('We GUARANTEE a refund.', ['guarantee', 'free'])).toEqual(['guarantee']);
    expect(bannedWordsIn('It is risk  free!', ['risk free'])).toEqual(['risk free']);
    expect(bannedWordsIn('Café crème', ['crème'])).toEqual(['crème']);
  });

  it('ignores words inside other words and empty entries', () => {
    expect(bannedWordsIn('Freedom and carefree days', ['free', ' '])).toEqual([]);
  });
});
