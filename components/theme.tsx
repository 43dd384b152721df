"use client";

import { useSyncExternalStore } from "react";

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
const STORAGE_KEY = "theme";

/**
 * Runs before first paint (inlined in <head>) so the page never flashes the wrong theme.
 * Kept as a string because it must not wait for React.
 */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem("${STORAGE_KEY}");var d=t==="dark"||((t===null||t==="system")&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;

const listeners = new Set<() => void>();

function readTheme(): Theme {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === "light" || stored === "dark" ? stored : "system";
}

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const media = matchMedia("(prefers-color-scheme: dark)");
  const onSystemChange = () => apply(readTheme());
  media.addEventListener("change", onSystemChange);
  return () => {
    listeners.delete(listener);
    media.removeEventListener("change", onSystemChange);
  };
}

export function setTheme(theme: Theme) {
  localStorage.setItem(STORAGE_KEY, theme);
  apply(theme);
  listeners.forEach((l) => l());
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, readTheme, () => "system");
}

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/** The chosen theme is marked by colour and a ring, not weight: bold text would widen the header once the client knows the theme. */
export function ThemeSwitcher() {
  const theme = useTheme();
  return (
    <fieldset className="flex items-center rounded-md border border-line p-0.5 text-xs">
      <legend className="sr-only">Colour theme</legend>
      {THEMES.map((t) => (
        <label
          key={t}
          className={`cursor-pointer rounded px-2 py-1 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent ${theme === t ? "bg-surface-muted text-ink ring-1 ring-line" : "text-ink-muted hover:text-ink"}`}
        >
          <input
            type="radio"
            name="theme"
            value={t}
            checked={theme === t}
            onChange={() => setTheme(t)}
            className="sr-only"
          />
          {LABELS[t]}
        </label>
      ))}
    </fieldset>
  );
}
