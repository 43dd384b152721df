/**
 * The job history's figures for /api/metrics, read when Prometheus scrapes: whether the store
 * answers, how many jobs it keeps for the account, and the collector's role, lag and last pass.
 */
import { getEnv } from "../env";
import { registerGauge } from "../observability/metrics";
import { accountName } from "../store/account";
import { storedSummary } from "../store/jobs";
import { currentStore, pingStore } from "../store/shared";
import { collectorState } from "./shared";

export function registerHistoryGauges(): void {
  registerGauge({
    name: "dashboard_store_up",
    help: "1 when the job-history store is open and answers, else 0",
    async collect(gauge) {
      gauge.set((await pingStore(2000)) === "ok" ? 1 : 0);
    },
  });
  registerGauge({
    name: "dashboard_store_jobs",
    help: "Jobs kept in the job-history store for this account",
    async collect(gauge) {
      const store = currentStore();
      if (!store) return;
      const summary = await storedSummary(store.db, accountName(getEnv())).catch(() => null);
      if (summary) gauge.set(summary.jobs);
    },
  });
  registerGauge({
    name: "dashboard_collector_leader",
    help: "1 when this instance collects, 0 when it stands by or collecting is off",
    collect(gauge) {
      gauge.set(collectorState()?.role === "leader" ? 1 : 0);
    },
  });
  registerGauge({
    name: "dashboard_collector_seconds_since_pass",
    help: "Seconds since this instance's collector last finished a pass (absent before the first)",
    collect(gauge) {
      const last = collectorState()?.lastPassAt;
      if (last) gauge.set((Date.now() - Date.parse(last)) / 1000);
    },
  });
  registerGauge({
    name: "dashboard_collector_last_pass_calls",
    help: "Klaviyo calls made by the collector's last pass",
    collect(gauge) {
      const pass = collectorState()?.lastPass;
      if (pass) gauge.set(pass.calls);
    },
  });
}
