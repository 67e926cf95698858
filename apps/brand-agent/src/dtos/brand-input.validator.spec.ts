import { canonicalTimeZone, validateBrandInput, validateRole } from './brand-input.validator';

const errorsOf = (fn: () => unknown): { field: string; message: string }[] => {
  try {
    fn();
  } catch (e) {
    return (e as { details: { errors: { field: string; message: string }[] } }).details.errors;
  }
  throw new Error('expected a validation error');
};

describe('validateBrandInput', () => {
  it('trims text, turns blank optional text into null and canonicalises the time zone', () => {
    expect(validateBrandInput({ name: ' Acme ', tone: '   ', industry: ' Tools ', values: [' bold '], timezone: 'america/new_york' }, 'create')).toEqual({
      name: 'Acme',
      tone: null,
      industry: 'Tools',
      values: ['bold'],
      timezone: 'America/New_York',
    });
  });

  it('requires a name of 1 to 120 characters on create, and only when given on update', () => {
    expect(errorsOf(() => validateBrandInput({}, 'create'))).toEqual([{ field: 'name', message: 'must be a string' }]);
    expect(errorsOf(() => validateBrandInput({ name: '   ' }, 'create'))[0]).toMatchObject({ field: 'name' });
    expect(errorsOf(() => validateBrandInput({ name: 'x'.repeat(121) }, 'create'))[0]).toMatchObject({ field: 'name' });
    expect(validateBrandInput({ name: 'x'.repeat(120) }, 'create').name).toHaveLength(120);
    expect(validateBrandInput({ tone: 'calm' }, 'update')).toEqual({ tone: 'calm' });
    expect(errorsOf(() => validateBrandInput({ name: null }, 'update'))[0]).toMatchObject({ field: 'name' });
  });

  it('rejects unknown fields, wrong types and an update that changes nothing', () => {
    expect(errorsOf(() => validateBrandInput({ name: 'A', owner: 'me' }, 'create'))).toEqual([{ field: 'owner', message: 'is not a known field' }]);
    expect(errorsOf(() => validateBrandInput({ name: 'A', tone: 5 }, 'create'))).toEqual([{ field: 'tone', message: 'must be a string or null' }]);
    expect(errorsOf(() => validateBrandInput({}, 'update'))).toEqual([{ field: 'brand', message: 'must change at least one field' }]);
    expect(errorsOf(() => validateBrandInput('A', 'create'))).toEqual([{ field: 'brand', message: 'must be an object' }]);
  });

  it('accepts only http(s) websites', () => {
    expect(validateBrandInput({ website: 'https://acme.example.com/about' }, 'update').website).toBe('https://acme.example.com/about');
    for (const bad of ['ftp://acme.example.com', 'javascript:alert(1)', 'acme', 'http://localhost']) {
      expect(errorsOf(() => validateBrandInput({ website: bad }, 'update'))).toEqual([{ field: 'website', message: 'must be an http(s) URL' }]);
    }
    expect(validateBrandInput({ website: null }, 'update')).toEqual({ website: null });
  });

  it('bounds list fields: item count, item length, blanks and duplicates, naming the bad item', () => {
    expect(errorsOf(() => validateBrandInput({ pillars: Array.from({ length: 13 }, (_, i) => `p${i}`) }, 'update'))).toEqual([
      { field: 'pillars', message: 'must have at most 12 items' },
    ]);
    expect(errorsOf(() => validateBrandInput({ values: ['ok', '', 'x'.repeat(81), 'ok', 3] }, 'update'))).toEqual([
      { field: 'values.1', message: 'must be 1 to 80 characters' },
      { field: 'values.2', message: 'must be 1 to 80 characters' },
      { field: 'values.3', message: 'is a duplicate' },
      { field: 'values.4', message: 'must be a string' },
    ]);
    expect(errorsOf(() => validateBrandInput({ competitors: 'Acme' }, 'update'))).toEqual([{ field: 'competitors', message: 'must be an array of strings' }]);
    expect(validateBrandInput({ bannedWords: [] }, 'update')).toEqual({ bannedWords: [] });
  });

  it('reports every bad field at once', () => {
    const fields = errorsOf(() => validateBrandInput({ name: '', timezone: 'Mars/Base', website: 'nope', tone: 'x'.repeat(501) }, 'create')).map(
      (e) => e.field,
    );
    expect(fields.sort()).toEqual(['name', 'timezone', 'tone', 'website']);
  });

  it('writes a refusal as the gateway writes its 400, never to be retried', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        const { code, status, retryable, message } = e as { code: string; status: number; retryable: boolean; message: string };
        return { code, status, retryable, message };
      }
      throw new Error('expected a validation error');
    };
    expect(refusal(() => validateBrandInput({ website: 'nope', values: ['ok', 'ok'] }, 'update'))).toEqual({
      code: 'VALIDATION_FAILED',
      status: 400,
      retryable: false,
      message: 'website: must be an http(s) URL; values.1: is a duplicate',
    });
  });
});

describe('canonicalTimeZone', () => {
  it('knows IANA zones and their aliases, and nothing else', () => {
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('asia/tokyo')).toBe('Asia/Tokyo');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('+02:00')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
    expect(canonicalTimeZone('Europe/Paris; DROP TABLE')).toBeNull();
  });
});

describe('validateRole', () => {
  it('accepts the three roles only', () => {
    expect(validateRole('editor')).toBe('editor');
    expect(errorsOf(() => validateRole('admin'))).toEqual([{ field: 'role', message: 'must be one of viewer, editor, owner' }]);
  });
});
