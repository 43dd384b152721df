"use client";

import { createContext, type ReactNode, useContext } from "react";
import type { Role } from "@/lib/auth/access";

/*
 * The person's role in the page's account, for hiding controls they may not use. Only a courtesy:
 * the proxy refuses a viewer's changes whatever the page shows.
 */
const RoleContext = createContext<Role>("admin");

export function RoleProvider({ role, children }: { role: Role; children: ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

/** Whether the person may change things here (keep, watch, alert rules): admins only. */
export function useCanChange(): boolean {
  return useContext(RoleContext) === "admin";
}
