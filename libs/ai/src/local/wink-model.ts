import { readFileSync } from 'node:fs';
import type WinkFn from 'wink-nlp';

type WinkModel = Parameters<typeof WinkFn>[0];

/**
 * wink-eng-lite-web-model's model, assembled as its `dist/model.js` assembles it, with its core
 * model read by `readWinkCoreModel` (ADR 211). The package's own core reader (`read-core-model.js`)
 * `require`s the 3 MB model JSON at load, keeps it for the life of the process (~5 MB of heap: the
 * base64 lexicon and 87,000 lexemes) and deep-copies it with `JSON.parse(JSON.stringify(…))` on
 * every call (~10 MB of garbage); requiring `model.js` loads that reader, so it is not required.
 * The other parts are the package's own modules. wink-model.spec.ts checks the result equal
 * to the package's model (wink-eng-lite-web-model 1.8.1, pinned).
 */
export function winkModel(): WinkModel {
  const part = (name: string): unknown => require(`wink-eng-lite-web-model/dist/${name}.js`) as unknown; // eslint-disable-line @typescript-eslint/no-require-imports
  const model = Object.create(null) as Record<string, unknown>;
  model.core = readWinkCoreModel;
  model.sbd = part('load-sbd-model');
  model.pos = part('load-pos-model');
  model.ner = part('load-ner-model');
  model.negation = part('load-negation-model');
  model.sa = part('load-sa-model');
  model.metaCER = part('load-cer-meta-model');
  model.featureFn = part('feature');
  const addons = Object.create(null) as Record<string, unknown>;
  addons.stem = part('porter-stemmer');
  addons.lemmatize = part('lemmatize');
  addons.readabilityStats = part('readability-stats');
  addons.wordVectors = undefined;
  model.addons = addons;
  return model as unknown as WinkModel;
}

/**
 * The core model, read as the package's `model.core()` reads it (`read-core-model.js`, then
 * `load-core-model.js`), from a fresh parse of the JSON each call, which nothing else keeps.
 */
export function readWinkCoreModel(): WinkCoreModel {
  const file = require.resolve('wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json');
  const model = JSON.parse(readFileSync(file, 'utf8')) as RawModel;
  const { packing, features, pos } = model;
  model.lexicon = new Uint32Array(bufferFromBase64(model.lexicon as string));
  model.xpansions = new Uint32Array(bufferFromBase64(model.xpansions as string));
  for (const f in packing.layout) {
    if (packing.layout[f][3] === 0) {
      features[f].hash = Object.create(null) as Record<string, number>;
      for (let k = 0; k < features[f].list.length; k += 1) features[f].hash[features[f].list[k] as string] = k;
    }
  }
  features.lexeme.hash = Object.create(null) as Record<string, number>;
  for (let k = 0; k < features.lexeme.list.length; k += 1) features.lexeme.hash[features.lexeme.list[k] as string] = k;
  const clusters = features.posClusters.list;
  for (let k = 0; k < clusters.length; k += 1) clusters[k] = new Set((clusters[k] as string).split('_').map((e) => pos.hash[e] || 0));
  // load-core-model.js
  packing.efList = [];
  for (const f in packing.layout) {
    if (packing.layout[f][3] === 0) {
      features[f].intrinsicSize = features[f].list.length;
      features[f].index = features[f].list.length;
      features[f].maxIndex = packing.layout[f][1] >>> packing.layout[f][2];
    }
    if (packing.layout[f][4] === 1) packing.efList.push(f);
  }
  features.lexeme.intrinsicSize = features.lexeme.list.length;
  features.lexeme.index = features.lexeme.list.length;
  return model;
}

/** The model as wink-nlp reads it; only the parts read above are typed. */
export type WinkCoreModel = RawModel;

interface Feature {
  list: unknown[];
  hash: Record<string, number>;
  intrinsicSize?: number;
  index?: number;
  maxIndex?: number;
}

interface RawModel {
  packing: { layout: Record<string, number[]>; efList?: string[] };
  features: Record<string, Feature> & { lexeme: Feature; posClusters: Feature };
  pos: { hash: Record<string, number> };
  lexicon: string | Uint32Array;
  xpansions: string | Uint32Array;
  [key: string]: unknown;
}

/**
 * The bytes the package's decoding (`atob`, then one byte per character) gives, decoded natively:
 * the package's loop over 1.4 MB of characters took 10–20 ms of the first plan's main thread.
 * Copied into an ArrayBuffer of its own (a decoded Buffer may sit in a shared pool).
 */
function bufferFromBase64(data: string): ArrayBuffer {
  const decoded = Buffer.from(data, 'base64');
  const bytes = new Uint8Array(decoded.length);
  bytes.set(decoded);
  return bytes.buffer;
}
