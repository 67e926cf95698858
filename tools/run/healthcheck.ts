/**
 * The image's HEALTHCHECK: exit 0 when this container's app answers /health/ready on PORT.
 * (Kubernetes ignores it and uses the chart's probes; Docker and Compose use it.)
 */
const port = process.env.PORT || '3000';
fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_500) }).then(
  (r) => process.exit(r.ok ? 0 : 1),
  () => process.exit(1),
);
