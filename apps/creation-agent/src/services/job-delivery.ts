/**
 * creation-agent's jobs call AI through AiService, which already retried each call: any failure
 * is reported on the job at once and the user retries it (POST /jobs/{id}/retry), rather than the
 * mesh running the whole job again. A lost database connection still goes back to the mesh while
 * deliveries are left (JobReporter.runStaged), so an outage costs a wait, not a failed job.
 */
export const REPORTED_AT_ONCE = { reportAtOnce: true } as const;
