// Runs the official client's rich-text detection (@atproto/api, an ES module Jest's CommonJS
// runtime cannot load) in a plain Node process. Input on stdin: {"texts": [...], "service"?: url}.
// Output on stdout: one facets array per text; with `service`, mentions are resolved through
// that PDS's com.atproto.identity.resolveHandle, as the Bluesky app does.
import { AtpAgent, RichText } from '@atproto/api';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { texts, service } = JSON.parse(input);
const agent = service ? new AtpAgent({ service }) : null;
const out = [];
for (const text of texts) {
  const rt = new RichText({ text });
  if (agent) await rt.detectFacets(agent);
  else rt.detectFacetsWithoutResolution();
  out.push(rt.facets ?? []);
}
process.stdout.write(JSON.stringify(out));
