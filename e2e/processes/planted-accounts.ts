import { createSimulator, type Simulator } from "../../lib/klaviyo-simulator";
import { startServer } from "../../lib/klaviyo-simulator/controls/node-server";
import { type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * A dashboard of several accounts whose keys are planted, real-looking keys, behind one HTTP
 * upstream as Klaviyo is: each key reaches a simulator of its own (a request with none of them, the
 * first). A key may come out in no answer and no log line, which is what the specs look for.
 */

/** Sign-in and accounts from the caller's environment stay out of these dashboards. */
export const NO_SIGN_IN = {
  DASHBOARD_USERS: "",
  DASHBOARD_PASSWORD: "",
  KLAVIYO_API_KEY: "",
  KLAVIYO_ACCOUNTS_FILE: "",
};

export interface PlantedAccount {
  name: string;
  key: string;
  seed: number;
}

export interface PlantedDashboard {
  dashboard: Running;
  /** each account's simulator, by account name */
  simulators: Record<string, Simulator>;
  /** everything the dashboard has logged so far (stdout and stderr) */
  logs: () => string;
  stop: () => Promise<void>;
}

export async function startPlantedAccounts(
  accounts: PlantedAccount[],
  env: Record<string, string> = {},
): Promise<PlantedDashboard> {
  const simulators = Object.fromEntries(
    accounts.map((account) => [account.name, createSimulator({ seed: account.seed, apiKey: account.key })]),
  );
  const server = await startServer((request) => {
    const auth = request.headers.get("authorization") ?? "";
    const owner = accounts.find((account) => auth.includes(account.key)) ?? accounts[0]!;
    return simulators[owner.name]!.handle(request);
  });
  let logs = "";
  const dashboard = await startDashboard(
    {
      ...NO_SIGN_IN,
      KLAVIYO_ACCOUNTS: accounts.map((account) => `${account.name}:${account.key}`).join(","),
      KLAVIYO_BASE_URL: server.url,
      LOG_LEVEL: "debug",
      ...env,
    },
    { onOutput: (text) => (logs += text) },
  ).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return {
    dashboard,
    simulators,
    logs: () => logs,
    stop: async () => {
      await dashboard.stop();
      await server.close();
    },
  };
}
