"use client";

import { switchTarget } from "@/lib/accounts/path";
import { Select } from "./ui/select";

/**
 * The header's choice of account, shown when several are configured. Choosing one opens the same
 * kind of page in it (./switchTarget says what carries over) as a full page load: everything on the
 * page, down to the layout, is that account's.
 */
export function AccountSwitcher({ accounts, current }: { accounts: string[]; current: string }) {
  return (
    <label className="flex items-center gap-1.5 text-sm text-ink-muted">
      Account
      <Select
        value={current}
        data-testid="account-switcher"
        onChange={(event) => {
          const { pathname, search } = window.location;
          window.location.assign(switchTarget(pathname, search, event.currentTarget.value));
        }}
      >
        {accounts.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </Select>
    </label>
  );
}
