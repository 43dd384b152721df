"use client";

import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";

const NoticeContext = createContext<(text: string) => void>(() => {});

/** Tells of something that happened to a row that is no longer there (it was deleted meanwhile). */
export const useNotice = () => useContext(NoticeContext);

/**
 * A status line above the lists. It takes the focus when it speaks: the row whose form had it is
 * gone, and keyboard users should not be dropped at the top of the page.
 */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [text, setText] = useState<string | null>(null);
  const region = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (text) region.current?.focus();
  }, [text]);
  return (
    <NoticeContext value={setText}>
      <p
        ref={region}
        role="status"
        tabIndex={-1}
        className={text ? "rounded-md border border-warn bg-warn-soft px-3 py-2 text-sm" : "sr-only"}
      >
        {text}
      </p>
      {children}
    </NoticeContext>
  );
}
