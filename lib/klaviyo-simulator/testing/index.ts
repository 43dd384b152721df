/** Test support (imported by *.test.ts only): a frozen simulator and a one-line way to call it. */
import { createSimulator, type Simulator, type SimulatorOptions } from "..";

/** 2026-11-28T18:00:00Z: the tests' fixed "today", inside the period docs/klaviyo.md describes. */
export const ANCHOR = Date.UTC(2026, 10, 28, 18, 0, 0);
export const TEST_KEY = "pk_test_0123456789abcdef";
export const ORIGIN = "http://simulator.test";
export const AUTH_HEADERS: Readonly<Record<string, string>> = {
  authorization: `Klaviyo-API-Key ${TEST_KEY}`,
  revision: "2026-07-15",
  accept: "application/vnd.api+json",
};

/** A simulator anchored at ANCHOR whose clock only moves when the test moves it. */
export function frozenSimulator(options: SimulatorOptions = {}): Simulator {
  return createSimulator({ now: ANCHOR, timeScale: 0, ...options });
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** parsed body, or undefined when it is not JSON */
  json: unknown;
}

export interface CallOptions {
  headers?: Record<string, string | null>;
  method?: string;
  body?: string;
  signal?: AbortSignal;
}

/** Call the simulator in-process. Header values of null remove the default header. */
export async function call(sim: Simulator, pathOrUrl: string, options: CallOptions = {}): Promise<Answer> {
  const headers = new Headers();
  for (const [name, value] of Object.entries({ ...AUTH_HEADERS, ...options.headers })) {
    if (value !== null) headers.set(name, value);
  }
  const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${ORIGIN}${pathOrUrl}`;
  const response = await sim.handle(
    new Request(url, { method: options.method ?? "GET", headers, body: options.body, signal: options.signal }),
  );
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Narrow helpers for reading JSON:API bodies in tests without `any`. */
export interface ResourceObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data: Array<{ type: string; id: string }> }>;
  links: { self: string };
}

export interface ListBody {
  data: ResourceObject[];
  links: { self: string; next: string | null; prev: string | null };
}

export interface OneBody {
  data: ResourceObject;
  included?: ResourceObject[];
  links?: { self: string };
}

export interface ErrorBody {
  errors: Array<{
    id: string;
    status: number;
    code: string;
    title: string;
    detail: string;
    source?: { pointer?: string; parameter?: string };
  }>;
}

export const asList = (answer: Answer) => answer.json as ListBody;
export const asOne = (answer: Answer) => answer.json as OneBody;
export const asErrors = (answer: Answer) => answer.json as ErrorBody;
