import { MeshError } from '@mt/messages';
import { validateSamples } from './voice.service';

const SAMPLE = 'We roast on Tuesdays so your beans arrive fresh.';

function errorsOf(raw: unknown): { field: string; message: string }[] {
  try {
    validateSamples(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(MeshError);
    expect((err as MeshError).code).toBe('VALIDATION_FAILED');
    return ((err as MeshError).details as { errors: { field: string; message: string }[] }).errors;
  }
  throw new Error('expected VALIDATION_FAILED');
}

/** brand-agent's check of the samples it learns from: the gateway's shape (ADR 199), a sample named by its index. */
describe('validateSamples', () => {
  it('answers the samples trimmed', () => {
    expect(validateSamples([`  ${SAMPLE}\n`, SAMPLE])).toEqual([SAMPLE, SAMPLE]);
  });

  it('names the list when it is not 1 to 50 texts, and each bad sample by index', () => {
    expect(errorsOf([])).toEqual([{ field: 'samples', message: 'must be a list of 1 to 50 texts' }]);
    expect(errorsOf('one sample')).toEqual([{ field: 'samples', message: 'must be a list of 1 to 50 texts' }]);
    expect(errorsOf(Array.from({ length: 51 }, () => SAMPLE))).toEqual([{ field: 'samples', message: 'must be a list of 1 to 50 texts' }]);
    expect(errorsOf([SAMPLE, `${' '.repeat(10)}too short${' '.repeat(10)}`, 42]).map((e) => e.field)).toEqual(['samples.1', 'samples.2']);
  });
});
