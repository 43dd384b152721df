/** The shapes the alert routes answer and the /alerts page shows. Nothing secret is in them. */
import type { ChannelKind } from "./channels";
import type { RuleKind, RuleScope } from "./rules";

export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  /** what identifies it: the URL's host, the SMTP server and addresses */
  settings: Record<string, unknown>;
  /** the secret part, masked */
  secret: string;
  state: "ok" | "broken";
  brokenReason: string | null;
  updatedAt: string;
  updatedBy: string | null;
  /** channels from ALERTS_FILE are shown (and tested), not changed */
  readOnly: boolean;
}

export interface RuleView {
  id: string;
  name: string;
  kind: RuleKind;
  scope: RuleScope;
  params: Record<string, number>;
  channels: string[];
  muted: boolean;
  /** a watch from a job or run page: it ends once it has fired */
  oneOff: boolean;
  doneAt: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  /** rules from ALERTS_FILE are shown, not changed */
  readOnly: boolean;
}

export interface AlertChange {
  id: string;
  at: string;
  by: string;
  target: string;
  targetId: string;
  action: string;
  summary: string;
}
