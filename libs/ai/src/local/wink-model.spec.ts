import { readWinkCoreModel, winkModel } from './wink-model';

type PackagedModel = Record<string, unknown> & { core: () => unknown; addons: Record<string, unknown> };

describe('winkModel', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const packaged = require('wink-eng-lite-web-model') as PackagedModel;

  it('has the package’s parts, its own modules, and a core reader in place of the package’s', () => {
    const ours = winkModel() as unknown as PackagedModel;
    expect(Object.keys(ours).sort()).toEqual(Object.keys(packaged).sort());
    for (const key of Object.keys(packaged).filter((k) => k !== 'core' && k !== 'addons'))
      expect({ key, part: ours[key] }).toEqual({ key, part: packaged[key] });
    expect(Object.keys(ours.addons).sort()).toEqual(Object.keys(packaged.addons).sort());
    for (const key of Object.keys(packaged.addons)) expect(ours.addons[key]).toBe(packaged.addons[key]);
    expect(ours.core).toBe(readWinkCoreModel);
  });

  it('reads the core model the package itself reads, field for field', () => {
    expect(readWinkCoreModel()).toEqual(packaged.core());
  });

  it('gives a fresh core model each call, as the package does (wink-nlp adds to it)', () => {
    const first = readWinkCoreModel();
    first.features.lexeme.list.push('zzz-added');
    expect(readWinkCoreModel().features.lexeme.list).not.toContain('zzz-added');
  });
});
