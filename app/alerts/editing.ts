/** How an edit form ends, and what a form is given to edit a row instead of making a new one. */
export type EditOutcome = "saved" | "cancelled" | "gone";

export interface Editing<T> {
  /** the row as the page shows it: the form's initial values */
  value: T;
  close(outcome: EditOutcome): void;
}
