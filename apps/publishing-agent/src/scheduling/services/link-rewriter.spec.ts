import { DEFAULT_UTM_TEMPLATE, findLinks, replaceLinks, templateProblems, utmParams, withParams } from './link-rewriter';

const values = { platform: 'webhook', campaign: 'spring', contentId: 'c1', brandId: 'b1' };
const tag = (text: string, template = DEFAULT_UTM_TEMPLATE) => {
  const params = utmParams(template, values);
  return replaceLinks(text, (url) => withParams(url, params));
};
const UTM = 'utm_source=webhook&utm_medium=social&utm_campaign=spring&utm_content=c1';

describe('link rewriting', () => {
  it.each([
    ['no link at all', 'Fresh beans today.', 'Fresh beans today.'],
    ['one link', 'See https://acme.test/beans', `See https://acme.test/beans?${UTM}`],
    ['several links', 'https://a.test and http://b.test/x', `https://a.test?${UTM} and http://b.test/x?${UTM}`],
    ['an existing query is kept', 'Go https://acme.test/shop?size=250g&roast=dark now', `Go https://acme.test/shop?size=250g&roast=dark&${UTM} now`],
    ['a fragment stays last', 'Read https://acme.test/blog#brewing', `Read https://acme.test/blog?${UTM}#brewing`],
    [
      'an existing utm_source is kept, the rest added',
      'https://acme.test/?utm_source=newsletter',
      'https://acme.test/?utm_source=newsletter&utm_medium=social&utm_campaign=spring&utm_content=c1',
    ],
    [
      'punctuation after a link stays outside',
      'Visit https://acme.test/beans, then https://acme.test/cups.',
      `Visit https://acme.test/beans?${UTM}, then https://acme.test/cups?${UTM}.`,
    ],
    ['a link in brackets', '(see https://acme.test/faq)', `(see https://acme.test/faq?${UTM})`],
    ['a bracket that is part of the URL', 'https://en.wikipedia.test/wiki/Coffee_(drink).', `https://en.wikipedia.test/wiki/Coffee_(drink)?${UTM}.`],
    ['non-http schemes are untouched', 'Mail mailto:hi@acme.test or ftp://acme.test/menu', 'Mail mailto:hi@acme.test or ftp://acme.test/menu'],
    ['a link inside a word is untouched', 'notahttps://acme.test link', 'notahttps://acme.test link'],
    ['hashtags and mentions are untouched', '#coffee @acme https://acme.test', `#coffee @acme https://acme.test?${UTM}`],
  ])('%s', (_, text, expected) => {
    expect(tag(text)).toBe(expected);
  });

  it('leaves out a parameter whose placeholder has no value (content outside a campaign)', () => {
    const params = utmParams(DEFAULT_UTM_TEMPLATE, { ...values, campaign: null });
    expect(withParams('https://acme.test/x', params)).toBe('https://acme.test/x?utm_source=webhook&utm_medium=social&utm_content=c1');
  });

  it('encodes values', () => {
    expect(withParams('https://acme.test', [['utm_campaign', 'spring sale & more']])).toBe('https://acme.test?utm_campaign=spring%20sale%20%26%20more');
  });

  it('finds the spans a replacement takes, without trailing punctuation', () => {
    expect(findLinks('Hi https://acme.test/a! Bye')).toEqual([{ start: 3, end: 22, url: 'https://acme.test/a' }]);
  });

  it.each([
    [DEFAULT_UTM_TEMPLATE, []],
    ['utm_source=x&ref={brandId}', []],
    ['', ['must not be empty']],
    ['utm_source', ['"utm_source" is not a name=value pair']],
    ['utm_source={network}', ['{network} is not a placeholder ({platform}, {campaign}, {contentId}, {brandId})']],
  ])('template %j has problems %j', (template, problems) => {
    expect(templateProblems(template)).toEqual(problems);
  });
});
