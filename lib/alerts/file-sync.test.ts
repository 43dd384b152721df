import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { insertChannel, listChannels } from "../store/alert-channels";
import { FILE_ACTOR, syncAlertsFile } from "../store/alert-file-sync";
import { insertRule, listRules } from "../store/alert-rules";
import type { Store } from "../store/open";
import { alertChanges, alertChannels, alertRules } from "../store/schema";
import { ENGINES, storeForSuite, type TestPlace } from "../store/testing";
import { fileChannelId, fileRuleId, readAlertsFile } from "./file";

const dir = mkdtempSync(join(tmpdir(), "kbj-alerts-sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const ENV = { SLACK_WEBHOOK_URL: "https://hooks.slack.example/services/secret-part" };
function fileOf(rules: string): ReturnType<typeof readAlertsFile> {
  const path = join(dir, `alerts-${++count}.yaml`);
  writeFileSync(path, `channels:\n  - { name: ops, kind: slack, url: '\${SLACK_WEBHOOK_URL}' }\nrules:\n${rules}`);
  return readAlertsFile(path, ENV);
}
const TWO = fileOf(
  "  - { name: Finished, kind: run_finished, channels: [ops] }\n  - { name: Failing, kind: failure_rate, threshold: 5, channels: [ops] }\n",
);
const T0 = new Date(Date.UTC(2026, 11, 1, 10, 0));
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(ENGINES)("ALERTS_FILE synchronised into the store on $name", (engine) => {
  let place: TestPlace;
  let store: Store;

  storeForSuite(engine, (opened) => {
    ({ place, store } = opened);
  });
  beforeEach(async () => {
    if (!engine.available) return;
    for (const table of [alertRules, alertChannels, alertChanges]) await store.db.delete(table);
  });

  const rows = async () => ({
    rules: (await listRules(store.db, "default")).map(({ id, name, kind, params, channelIds, updatedBy }) => ({
      id,
      name,
      kind,
      params,
      channelIds,
      updatedBy,
    })),
    channels: (await listChannels(store.db, "default")).map(({ id, name, kind, settings, secret }) => ({
      id,
      name,
      kind,
      settings,
      secret,
    })),
  });

  it.skipIf(!engine.available)(
    "writes the file's rows once: a second start, even a concurrent one, changes nothing",
    async () => {
      const first = await syncAlertsFile(store.db, TWO, T0);
      expect(first.created).toEqual([fileChannelId("ops"), fileRuleId("Finished"), fileRuleId("Failing")]);
      const after = await rows();
      expect(after.channels).toEqual([
        // the secret stays in memory: the row has only the shown part
        {
          id: fileChannelId("ops"),
          name: "ops",
          kind: "slack",
          settings: { host: "hooks.slack.example" },
          secret: null,
        },
      ]);
      expect(after.rules.map((rule) => [rule.name, rule.updatedBy])).toEqual([
        ["Finished", FILE_ACTOR],
        ["Failing", FILE_ACTOR],
      ]);

      // Two instances starting together, on PostgreSQL each with its own pool.
      const other = engine.name === "postgres" ? await place.open({ poolSize: 4 }) : store;
      try {
        const again = await Promise.all([
          syncAlertsFile(store.db, TWO, later(1)),
          syncAlertsFile(other.db, TWO, later(1)),
        ]);
        expect(again.flatMap((result) => [...result.created, ...result.updated, ...result.deleted])).toEqual([]);
      } finally {
        if (other !== store) await other.close();
      }
      expect(await rows()).toEqual(after);
      expect(await store.db.select().from(alertChanges)).toHaveLength(3);
    },
  );

  it.skipIf(!engine.available)(
    "applies an edit, removes what left the file, and leaves the page's own rows alone",
    async () => {
      await syncAlertsFile(store.db, TWO, T0);
      const own = await insertChannel(store.db, {
        account: "default",
        name: "mine",
        kind: "email",
        settings: {},
        secret: null,
        by: "ann",
        at: T0,
      });
      await insertRule(store.db, {
        account: "default",
        name: "Mine",
        kind: "run_finished",
        scope: { kind: "all" },
        params: {},
        channelIds: [own.id, fileChannelId("ops")],
        muted: false,
        by: "ann",
        at: T0,
      });

      const edited = fileOf("  - { name: Failing, kind: failure_rate, threshold: 12.5, channels: [ops] }\n");
      const result = await syncAlertsFile(store.db, edited, later(5));
      expect(result).toEqual({ created: [], updated: [fileRuleId("Failing")], deleted: [fileRuleId("Finished")] });
      const after = await rows();
      expect(after.rules.map((rule) => [rule.name, rule.params])).toEqual([
        ["Mine", {}],
        ["Failing", { threshold: 12.5 }],
      ]);
      const changes = await store.db.select().from(alertChanges);
      expect(
        changes
          .filter((change) => change.at.getTime() === later(5).getTime())
          .map((c) => c.action)
          .sort(),
      ).toEqual(["deleted", "updated"]);

      // ALERTS_FILE unset: no row of a file stays behind, read-only and impossible to remove.
      expect((await syncAlertsFile(store.db, null, later(10))).deleted).toEqual([
        fileRuleId("Failing"),
        fileChannelId("ops"),
      ]);
      // The page's rule keeps its own channel, and no longer names the one that left the file.
      expect((await rows()).rules.map((rule) => [rule.name, rule.channelIds])).toEqual([["Mine", [own.id]]]);
      expect((await rows()).channels.map((channel) => channel.name)).toEqual(["mine"]);
    },
  );
});
