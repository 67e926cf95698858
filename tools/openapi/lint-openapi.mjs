#!/usr/bin/env node
// Lints an OpenAPI document with Redocly's `recommended` rules (ADR 137). Usage:
//   node tools/openapi/lint-openapi.mjs <document.json | http(s) URL of the document>
// Prints one JSON line {errors, warnings, problems: [{severity, rule, message, location}]} and exits
// 1 when there is any error or warning. An ES module of its own: @redocly/openapi-core ships only
// as one, which Jest's CommonJS sandbox cannot load, so the test runs this script as a process.
import { readFile } from 'node:fs/promises';
import { createConfig, lintFromString } from '@redocly/openapi-core';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: lint-openapi.mjs <document.json | URL>\n');
  process.exit(2);
}
const source = /^https?:\/\//.test(target) ? await (await fetch(target)).text() : await readFile(target, 'utf8');
const config = await createConfig({ extends: ['recommended'] });
/** Findings that are the design, each with its reason; anything else fails. */
const ACCEPTED = [
  {
    rule: 'operation-2xx-response',
    location: '#/paths/~1api~1v1~1connections~1{platform}~1oauth~1callback/get/responses',
    why: 'the OAuth callback is a browser redirect: it always answers 303 to the web app',
  },
  {
    rule: 'operation-2xx-response',
    location: '#/paths/~1l~1{code}/get/responses',
    why: 'a short link is a redirect: 302 to the full URL, or a 404 problem',
  },
];
const found = await lintFromString({ source, absoluteRef: 'openapi.json', config });
const accepted = (p) => ACCEPTED.some((a) => a.rule === p.ruleId && a.location === p.location?.[0]?.pointer);
const problems = found
  .filter((p) => !accepted(p))
  .map((p) => ({
    severity: p.severity,
    rule: p.ruleId,
    message: p.message,
    location: p.location?.[0]?.pointer ?? null,
  }));
const errors = problems.filter((p) => p.severity === 'error').length;
const warnings = problems.filter((p) => p.severity === 'warn').length;
process.stdout.write(`${JSON.stringify({ errors, warnings, problems })}\n`);
process.exit(errors + warnings > 0 ? 1 : 0);
