import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { buildRenderer, CHART_DIR, type K8sObject, modelOf, renderChart } from './helm';

/**
 * The Helm chart, rendered without helm (Go's text/template + Sprig, as Helm does, see
 * tools/deploy/helm-render) for the default values and for production-like ones, every object
 * validated against the Kubernetes (and KEDA, Prometheus Operator) schemas, and the properties a
 * platform team relies on checked. docs/deploy.md says what this proves and what it does not.
 */
const PROD = path.join(CHART_DIR, 'ci/production-values.yaml');
const CHART_SECRET = path.join(CHART_DIR, 'ci/chart-secret-values.yaml');
const APPS = ['gateway', 'auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent'];
const CRDS = ['monitoring.coreos.com/v1', 'keda.sh/v1alpha1'];
const chartYaml = parse(readFileSync(path.join(CHART_DIR, 'Chart.yaml'), 'utf8')) as { appVersion: string };

let bin: string;
beforeAll(() => {
  bin = buildRenderer();
}, 180_000);

const of = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, suffix: string) => objects.find((o) => o.kind === kind && o.metadata.name.endsWith(`-${suffix}`));
const podSpecs = (objects: K8sObject[]) =>
  objects.flatMap((o) => (o.kind === 'Deployment' || o.kind === 'Job' ? [{ o, pod: o.spec.template.spec }] : o.kind === 'Pod' ? [{ o, pod: o.spec }] : []));
const envOf = (container: any) => Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));

function tmpValues(text: string): string {
  const f = path.join(os.tmpdir(), `mt-values-${process.pid}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(f, text);
  return f;
}

describe.each([
  ['default values', [] as string[]],
  ['production-like values', [PROD]],
  ['a chart-created secret', [CHART_SECRET]],
])('the chart with %s', (_label, files) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderChart(bin, files, { apiVersions: CRDS }).objects;
  });

  it('validates every rendered object against its Kubernetes schema', () => {
    expect(objects.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const o of objects) {
      const Model = modelOf(o);
      if (!Model) {
        problems.push(`${o.apiVersion} ${o.kind} ${o.metadata?.name}: no schema known`);
        continue;
      }
      try {
        new Model(o).validate();
      } catch (err) {
        problems.push(`${o.kind} ${o.metadata.name}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names every object uniquely and labels it as this release', () => {
    const keys = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject({ 'app.kubernetes.io/instance': 'mt', 'app.kubernetes.io/managed-by': 'Helm' });
      expect(o.metadata.name.length).toBeLessThanOrEqual(63);
    }
  });

  it('runs every container non-root, read-only, without capabilities, with requests and limits', () => {
    const pods = podSpecs(objects);
    expect(pods.length).toBeGreaterThanOrEqual(6);
    for (const { o, pod } of pods) {
      expect([o.metadata.name, pod.securityContext]).toEqual([o.metadata.name, expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } })]);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of pod.containers) {
        expect([o.metadata.name, c.securityContext]).toEqual([
          o.metadata.name,
          expect.objectContaining({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }),
        ]);
        expect([o.metadata.name, c.resources]).toEqual([
          o.metadata.name,
          { requests: expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }), limits: expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }) },
        ]);
      }
    }
  });

  it('gives every app a Deployment with probes, a writable /tmp, a preStop pause and a grace period covering the shutdown deadline', () => {
    const config = of(objects, 'ConfigMap')[0];
    const deadlineSeconds = Number(config.data?.SHUTDOWN_TIMEOUT_MS) / 1000;
    for (const app of APPS) {
      const d = named(objects, 'Deployment', app);
      expect(d).toBeDefined();
      const pod = d!.spec.template.spec;
      expect(d!.spec.selector.matchLabels).toEqual(expect.objectContaining({ 'app.kubernetes.io/component': app }));
      expect(pod.containers).toHaveLength(1);
      const c = pod.containers[0];
      expect(envOf(c).APP).toBe(app);
      expect(c.startupProbe.httpGet.path).toBe('/health/live');
      expect(c.livenessProbe.httpGet.path).toBe('/health/live');
      expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
      const tmp = pod.volumes.find((v: any) => v.name === c.volumeMounts.find((m: any) => m.mountPath === '/tmp')?.name);
      expect(tmp?.emptyDir).toBeDefined();
      const preStop = Number(c.lifecycle.preStop.exec.command[1]);
      expect(c.lifecycle.preStop.exec.command[0]).toBe('sleep');
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + deadlineSeconds);
      expect(d!.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
      // Every required secret reaches the app from the Secret, not from values.
      for (const key of ['DATABASE_URL', 'AMQP_URL', 'REDIS_URL', 'JWT_SECRET', 'CREDENTIALS_KEY']) {
        expect(envOf(c)[key]).toEqual({ secretKeyRef: { name: expect.any(String), key } });
      }
      expect(c.envFrom).toEqual([{ configMapRef: { name: config.metadata.name } }]);
    }
  });

  it('selects each app\'s pods with its Service, PodDisruptionBudget and NetworkPolicy', () => {
    for (const app of APPS) {
      const labels = named(objects, 'Deployment', app)!.spec.template.metadata.labels;
      const matches = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
      expect(matches(named(objects, 'Service', app)!.spec.selector)).toBe(true);
      expect(matches(named(objects, 'PodDisruptionBudget', app)!.spec.selector.matchLabels)).toBe(true);
      const np = named(objects, 'NetworkPolicy', app);
      if (np) {
        expect(matches(np.spec.podSelector.matchLabels)).toBe(true);
        expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
        expect(np.spec.ingress).toHaveLength(1);
        expect(np.spec.ingress[0].ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
      }
    }
  });
});

describe('the chart, property by property', () => {
  it('defaults the image tag to the chart appVersion and pins a digest when given', () => {
    const d = named(renderChart(bin).objects, 'Deployment', 'gateway')!;
    expect(d.spec.template.spec.containers[0].image).toBe(`marketing-team:${chartYaml.appVersion}`);
    const p = named(renderChart(bin, [PROD], { apiVersions: CRDS }).objects, 'Deployment', 'gateway')!;
    expect(p.spec.template.spec.containers[0].image).toMatch(/^registry\.example\.com\/marketing-team@sha256:[0-9a-f]{64}$/);
  });

  it('migrates in a pre-install/pre-upgrade Job and turns start-up migrations off; or migrates at start without the Job', () => {
    const { objects } = renderChart(bin);
    const job = of(objects, 'Job')[0];
    expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade' });
    expect(envOf(job.spec.template.spec.containers[0]).APP).toBe('migrate');
    expect(of(objects, 'ConfigMap')[0].data).toMatchObject({ MIGRATIONS_RUN: 'false', SHUTDOWN_TIMEOUT_MS: '10000', NODE_ENV: 'production' });
    const without = renderChart(bin, [CHART_SECRET]).objects;
    expect(of(without, 'Job')).toEqual([]);
    expect(of(without, 'ConfigMap')[0].data?.MIGRATIONS_RUN).toBe('true');
  });

  it('rolls the pods when a setting changes (checksum of the ConfigMap)', () => {
    const checksum = (objects: K8sObject[]) => named(objects, 'Deployment', 'brand-agent')!.spec.template.metadata.annotations['checksum/config'];
    const a = checksum(renderChart(bin).objects);
    const b = checksum(renderChart(bin, [tmpValues('config:\n  LOG_LEVEL: debug\n')]).objects);
    expect(a).not.toBe(b);
  });

  it('autoscales on CPU where enabled and on queue depth through KEDA (which then owns the HPA)', () => {
    const defaults = renderChart(bin).objects;
    expect(of(defaults, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(of(defaults, 'ScaledObject')).toEqual([]);
    expect(named(defaults, 'Deployment', 'gateway')!.spec.replicas).toBe(2);

    const prod = renderChart(bin, [PROD], { apiVersions: CRDS }).objects;
    const hpas = of(prod, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name);
    expect(hpas.sort()).toEqual(['mt-marketing-team-gateway', 'mt-marketing-team-publishing-agent']);
    expect(named(prod, 'Deployment', 'gateway')!.spec.replicas).toBeUndefined();
    const scaled = named(prod, 'ScaledObject', 'creation-agent')!;
    expect(scaled.spec.scaleTargetRef.name).toBe('mt-marketing-team-creation-agent');
    expect(scaled.spec.triggers[0]).toMatchObject({ type: 'rabbitmq', metadata: { queueName: 'mt.creation-agent', mode: 'QueueLength', value: '40' } });
    expect(named(prod, 'TriggerAuthentication', 'creation-agent')!.spec.secretTargetRef).toEqual([
      { parameter: 'host', name: 'marketing-team-prod', key: 'AMQP_URL' },
    ]);
    expect(named(prod, 'PodDisruptionBudget', 'gateway')!.spec).toMatchObject({ minAvailable: 2 });
  });

  it('exposes the gateway through the Ingress and believes X-Forwarded-For from it (TRUST_PROXY)', () => {
    const prod = renderChart(bin, [PROD], { apiVersions: CRDS }).objects;
    const ingress = of(prod, 'Ingress')[0];
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'mt-marketing-team-gateway', port: { name: 'http' } });
    expect(envOf(named(prod, 'Deployment', 'gateway')!.spec.template.spec.containers[0]).TRUST_PROXY).toBe('1');
    const defaults = renderChart(bin).objects;
    expect(of(defaults, 'Ingress')).toEqual([]);
    expect(envOf(named(defaults, 'Deployment', 'gateway')!.spec.template.spec.containers[0]).TRUST_PROXY).toBe('0');
  });

  it('lets agents take no ingress but metrics scrapes, from where the values say', () => {
    const prod = renderChart(bin, [PROD], { apiVersions: CRDS }).objects;
    const np = named(prod, 'NetworkPolicy', 'creation-agent')!;
    expect(np.spec.ingress).toEqual([{ ports: [{ port: 'http', protocol: 'TCP' }], from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] }]);
    const egressPorts = np.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(egressPorts).toEqual(expect.arrayContaining([53, 5432, 5672, 6379, 443]));
    const sm = of(prod, 'ServiceMonitor')[0];
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics' });
  });

  it('scrapes with a ServiceMonitor only when switched on, and configures traces through the OTEL_* values', () => {
    expect(of(renderChart(bin).objects, 'ServiceMonitor')).toEqual([]);
    const prod = renderChart(bin, [PROD], { apiVersions: CRDS }).objects;
    const sm = of(prod, 'ServiceMonitor')[0];
    expect(sm.spec.endpoints[0].authorization).toMatchObject({ type: 'Bearer', credentials: { key: 'METRICS_TOKEN' } });
    const config = of(prod, 'ConfigMap').find((c) => c.metadata.name.endsWith('-config'))!;
    expect(config.data).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4318',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod',
    });
    for (const app of APPS) {
      const env = envOf(named(prod, 'Deployment', app)!.spec.template.spec.containers[0]);
      expect(env.OTEL_SERVICE_NAME).toBe(app);
      expect(env.K8S_POD_NAME).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
      expect(env.OTEL_RESOURCE_ATTRIBUTES).toBe(
        `k8s.namespace.name=marketing,k8s.pod.name=$(K8S_POD_NAME),service.instance.id=$(K8S_POD_NAME),service.version=${chartYaml.appVersion},deployment.environment.name=prod`,
      );
    }
    // No endpoint by default: nothing is exported, and the pod's attributes stay without extras.
    const defaults = renderChart(bin).objects;
    expect(of(defaults, 'ConfigMap').find((c) => c.metadata.name.endsWith('-config'))!.data?.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(envOf(named(defaults, 'Deployment', 'gateway')!.spec.template.spec.containers[0]).OTEL_RESOURCE_ATTRIBUTES).toMatch(/service\.version=[^,]+$/);
  });

  it('creates the Secret from values only when asked, and refuses to render without a required one', () => {
    const created = renderChart(bin, [CHART_SECRET]).objects;
    const secret = of(created, 'Secret')[0];
    expect(Object.keys(secret.stringData).sort()).toEqual(['AI_API_KEY', 'AMQP_URL', 'CREDENTIALS_KEY', 'DATABASE_URL', 'JWT_SECRET', 'REDIS_URL']);
    expect(of(renderChart(bin).objects, 'Secret')).toEqual([]);
    const missing = tmpValues('secrets:\n  existingSecret: ""\n  values:\n    DATABASE_URL: postgres://db/x\n');
    expect(() => renderChart(bin, [missing])).toThrow(/secrets\.values\.AMQP_URL is required/);
  });

  it('has a helm test that calls the gateway /health/ready, and notes that say how to reach it', () => {
    const { objects, notes } = renderChart(bin);
    const test = of(objects, 'Pod')[0];
    expect(test.metadata.annotations?.['helm.sh/hook']).toBe('test');
    expect(test.spec.containers[0].command.join(' ')).toContain('http://mt-marketing-team-gateway:80/health/ready');
    expect(notes).toContain('kubectl -n marketing port-forward svc/mt-marketing-team-gateway 3000:80');
    expect(notes).toContain('helm test mt');
  });
});

describe('values.schema.json', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8')));
  const base = parse(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8')) as Record<string, any>;
  const merged = (over: string) => {
    const merge = (a: any, b: any): any =>
      b && typeof b === 'object' && !Array.isArray(b) && a && typeof a === 'object' && !Array.isArray(a)
        ? Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, k in b ? merge(a[k], b[k]) : a[k]]))
        : b;
    return merge(structuredClone(base), parse(over));
  };

  it('accepts the default and the CI values files', () => {
    for (const values of [base, merged(readFileSync(PROD, 'utf8')), merged(readFileSync(CHART_SECRET, 'utf8'))]) {
      expect([validate(values), validate.errors]).toEqual([true, null]);
    }
  });

  it.each([
    ['a replica count as text', 'apps:\n  gateway:\n    replicas: two\n'],
    ['an unknown pull policy', 'image:\n  pullPolicy: Sometimes\n'],
    ['a chart-created secret without its values', 'secrets:\n  existingSecret: ""\n'],
    ['a short JWT_SECRET', 'secrets:\n  existingSecret: ""\n  values: { DATABASE_URL: "postgres://x", AMQP_URL: "amqp://x", REDIS_URL: "redis://x", JWT_SECRET: short, CREDENTIALS_KEY: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }\n'],
    ['a secret in the ConfigMap', 'config:\n  JWT_SECRET: leaked-into-a-configmap-000000000000\n'],
    ['a root container', 'containerSecurityContext:\n  runAsNonRoot: false\n'],
    ['an unknown app', 'apps:\n  billing-agent: { enabled: true }\n'],
  ])('rejects %s', (_what, over) => {
    expect(validate(merged(over))).toBe(false);
  });
});

it('renders the same objects for the same values (no time or randomness in templates)', () => {
  const a = createHash('sha256').update(JSON.stringify(renderChart(bin, [PROD], { apiVersions: CRDS }).objects)).digest('hex');
  const b = createHash('sha256').update(JSON.stringify(renderChart(bin, [PROD], { apiVersions: CRDS }).objects)).digest('hex');
  expect(a).toBe(b);
});
