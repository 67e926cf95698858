import fc from 'fast-check';
import { emailErrors, nameErrors, normalizeEmail, passwordErrors, registrationErrors } from './password-policy';

const messages = (errors: { message: string }[]) => errors.map((e) => e.message);

describe('password policy', () => {
  it('accepts a long password that mixes two classes and is not the email', () => {
    expect(passwordErrors('correct horse battery', 'ada@example.com')).toEqual([]);
    expect(passwordErrors('Tr0ub4dor&3x', 'ada@example.com')).toEqual([]);
  });

  it('refuses fewer than 10 characters, counting code points rather than UTF-16 units', () => {
    expect(messages(passwordErrors('Short1!'))).toContain('must be at least 10 characters');
    // 9 emoji are 18 UTF-16 units but 9 characters; with a digit, two classes.
    expect(messages(passwordErrors('😀😀😀😀😀😀😀😀1'))).toContain('must be at least 10 characters');
    expect(messages(passwordErrors('😀😀😀😀😀😀😀😀😀1'))).not.toContain('must be at least 10 characters');
  });

  it('refuses more than 128 characters', () => {
    const long = 'Quiet harbor bikes roll past 7 tangerine lanterns; '.repeat(3).slice(0, 128);
    expect(messages(passwordErrors(long))).toEqual([]);
    expect(messages(passwordErrors(`${long}b`))).toEqual(['must be at most 128 characters']);
  });

  it('refuses the email address or its local part, whatever the case', () => {
    expect(messages(passwordErrors('Ada.Lovelace@Example.com', 'ada.lovelace@example.com'))).toContain('must not be your email address');
    expect(messages(passwordErrors('ADA.LOVELACE1', 'ada.lovelace1@example.com'))).toContain('must not be your email address');
  });

  it('refuses a password of a single character class', () => {
    const rule = 'must mix at least two of: lower-case letters, upper-case letters, digits, symbols';
    for (const p of ['abcdefghijkl', 'ABCDEFGHIJKL', '123456789012', '!@#$%^&*()_+', 'ééééééééééèè']) {
      expect(messages(passwordErrors(p))).toContain(rule);
    }
  });

  it('refuses passwords that pass the length and class rules but are easy to guess: repeats, common and leaked passwords, sequences, keyboard walks', () => {
    for (const p of ['aaaaaaaaa1', 'Password123', 'iloveyou123', 'qwertyuiop1', 'abcdefgh12', '1234567890a', 'Aaaaaaaaaaaa', 'zxcvbnm,./1']) {
      expect({ p, errors: messages(passwordErrors(p, 'someone@example.com')) }).toEqual({ p, errors: [expect.stringMatching(/^is too easy to guess/)] });
    }
  });

  it("refuses a password made of the user's own email or name", () => {
    expect(messages(passwordErrors('harborbikes2026', 'harborbikes@example.com'))).toEqual([expect.stringMatching(/^is too easy to guess/)]);
    expect(messages(passwordErrors('Harborbikes2026', 'someone@example.com', 'Harbor Bikes'))).toEqual([expect.stringMatching(/^is too easy to guess/)]);
    expect(messages(passwordErrors('Harborbikes2026', 'someone@example.com', 'Ann Other'))).toEqual([]);
  });

  it('reports every broken rule at once, each naming the field', () => {
    const errors = passwordErrors('abc', 'abc@example.com');
    expect(errors.every((e) => e.field === 'password')).toBe(true);
    expect(messages(errors)).toEqual([
      'must be at least 10 characters',
      'must not be your email address',
      'must mix at least two of: lower-case letters, upper-case letters, digits, symbols',
    ]);
  });

  it('answers "is required" for a missing or non-string password', () => {
    expect(passwordErrors(undefined)).toEqual([{ field: 'password', message: 'is required' }]);
    expect(passwordErrors(12345678901)).toEqual([{ field: 'password', message: 'is required' }]);
  });

  it('accepts random passwords of 16 characters from a mixed alphabet (property)', () => {
    const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_!?';
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: alphabet.length - 1 }), { minLength: 14, maxLength: 14 }), (idx) => {
        const p = `k${idx.map((i) => alphabet[i]).join('')}7`;
        expect(passwordErrors(p, 'someone@example.com')).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('email and name rules', () => {
  it('normalises email to trimmed lower case', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });

  it('accepts ordinary addresses and refuses malformed ones', () => {
    for (const ok of ['ada@example.com', 'a.b+tag@sub.example.co.uk', 'X_Y@ex-ample.io']) expect(emailErrors(ok)).toEqual([]);
    for (const bad of ['ada', 'ada@', '@example.com', 'ada@example', 'a da@example.com', 'ada@exa_mple.com', 'ada@@example.com']) {
      expect(messages(emailErrors(bad))).toEqual(['must be a valid email address']);
    }
    expect(messages(emailErrors(`${'a'.repeat(250)}@example.com`))).toEqual(['must be at most 254 characters']);
  });

  it('wants a name of 1–100 characters after trimming', () => {
    expect(nameErrors('Ada')).toEqual([]);
    expect(messages(nameErrors('   '))).toEqual(['is required']);
    expect(messages(nameErrors('n'.repeat(101)))).toEqual(['must be at most 100 characters']);
    expect(nameErrors('n'.repeat(100))).toEqual([]);
  });

  it('lists the errors of every field of a registration in field order', () => {
    const errors = registrationErrors({ email: 'nope', password: 'short', name: '' });
    expect(errors.map((e) => e.field)).toEqual(['email', 'password', 'password', 'name']);
  });
});

describe('a registration checked with the account shape (ADR 200)', () => {
  it('takes an email and a name as typed, around their stored form', () => {
    expect(registrationErrors({ email: '  Ada@Example.COM ', password: 'correct-Horse-battery', name: ' Ada Lovelace ' })).toEqual([]);
  });

  it('reports a guessable password beside the other fields, in field order', () => {
    expect(registrationErrors({ email: 'nope', password: 'Password123', name: '' })).toEqual([
      { field: 'email', message: 'must be a valid email address' },
      { field: 'password', message: expect.stringMatching(/^is too easy to guess/) },
      { field: 'name', message: 'is required' },
    ]);
  });
});
