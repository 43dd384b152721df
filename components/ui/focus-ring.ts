/** The keyboard focus ring of every control, link and focusable region: one place to change it. */
export const focusRing = "focus-visible:outline-2 focus-visible:outline-accent";
