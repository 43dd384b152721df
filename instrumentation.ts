// Validates the configuration once when the server process starts, whatever started it
// (`npm start`, `next start`, `next dev`): a bad value stops start-up with a message naming it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvOrExit } = await import("./lib/env-check");
    checkEnvOrExit();
    // With a shared budget, connect to Redis now: until the connection is ready, the limiter counts
    // in this process alone, and the first requests after a start must not spend more than their share.
    if (process.env.REDIS_URL) {
      const { getKlaviyoClient } = await import("./lib/klaviyo/door");
      getKlaviyoClient();
    }
    // The job-history store opens (and migrates) now. A store that cannot be used as it is (locked
    // by another process, corrupt, newer than this release) stops start-up with what to do; one
    // that cannot be reached yet is retried while pages serve live data.
    const { isPermanent, startStore, whenStoreOpen } = await import("./lib/store/shared");
    const { startCollector } = await import("./lib/collector/shared");
    const { registerHistoryGauges } = await import("./lib/collector/gauges");
    const { startAlertWorker, syncAlertsFileAtStart } = await import("./lib/alerts/shared.server");
    registerHistoryGauges();
    // The proxy records refused attempts through this (lib/audit/hook.ts).
    const { installAuditWriter } = await import("./lib/audit/hook");
    const { audit } = await import("./lib/audit/record.server");
    installAuditWriter((entry) => void audit(entry));
    whenStoreOpen((store) => {
      // ALERTS_FILE's rules are in the store before the collector's first pass evaluates rules.
      void syncAlertsFileAtStart(store).then(() => startCollector(store));
      // Every instance sends alerts (claiming is safe); what it sends, the collector decided.
      startAlertWorker(store);
    });
    try {
      await startStore();
    } catch (error) {
      if (isPermanent(error)) {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
      }
      console.error(`The job-history store is not available yet; retrying. ${(error as Error).message}`);
    }
  }
}
